/**
 * The TechData sandbox itself: deterministic, realistic data; real authentication checks (a bad
 * signature is refused); deterministic faults; mutations and the /_sandbox/ controls; the CLI ready
 * line; and serving the benchmark-sized data set fast enough.
 */
import {
  catalogSkus,
  generateTechDataDataset,
  startTechDataSandbox,
  TechDataSandboxControl,
  type TechDataSandbox,
} from '../../../../emulators/techdata';
import { collect, startEnv } from './helpers';
import { spawnW365 } from '../helpers/sandbox-cli';

async function token(sb: TechDataSandbox): Promise<string> {
  const res = await fetch(sb.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sb.clientId,
      client_secret: sb.clientSecret,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function signedGet(
  sb: TechDataSandbox,
  path: string,
  accessToken: string,
  tweak: { soin?: string; timeStamp?: number; signature?: string } = {},
) {
  const ts = tweak.timeStamp ?? Math.floor(Date.now() / 1000);
  const soin = tweak.soin ?? sb.soin;
  const signature = tweak.signature ?? Buffer.from(`${accessToken}:${soin}:${ts}`).toString('base64');
  const res = await fetch(new URL(path, sb.apiUrl), {
    headers: { Authorization: `Bearer ${accessToken}`, SOIN: soin, TimeStamp: String(ts), Signature: signature },
  });
  return {
    status: res.status,
    headers: res.headers,
    json: (await res.json()) as { Result: string; BodyText: Record<string, unknown> },
  };
}

describe('TechData sandbox data', () => {
  it('is the same for the same seed and different for another', () => {
    const a = generateTechDataDataset(7, 200, 3);
    const b = generateTechDataDataset(7, 200, 3);
    const c = generateTechDataDataset(8, 200, 3);
    expect(b).toEqual(a);
    expect(c.customers.map((x) => x.companyName)).not.toEqual(a.customers.map((x) => x.companyName));
    expect(a.subscriptions).toHaveLength(600);
  });

  it('has realistic names: legal suffixes, punctuation, accents and near-duplicates', () => {
    const { customers } = generateTechDataDataset('names', 2000, 1);
    const names = customers.map((c) => c.companyName);
    expect(names.slice(0, 5)).toEqual([
      'Contoso Ltd',
      'Contoso Limited',
      "O'Brien & Sons Ltd",
      'Müller GmbH',
      'Café Société SA',
    ]);
    for (const suffix of ['Ltd', 'Limited', 'Pty Ltd', 'Inc', 'LLC', 'Corp', 'GmbH', 'AB', 'BV', 'SA', 'Co']) {
      expect(names.some((n) => n.endsWith(` ${suffix}`))).toBe(true);
    }
    expect(names.filter((n) => /[&'-]/.test(n)).length).toBeGreaterThan(200);
    expect(names.filter((n) => /[^\u0020-\u007e]/.test(n)).length).toBeGreaterThan(50);
    // Near-duplicates: names equal once case, accents, punctuation and suffixes are ignored.
    const key = (n: string) =>
      n
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/&/g, 'and')
        .replace(/\b(ltd|limited|inc|incorporated|llc|corp|corporation|gmbh|g\.m\.b\.h\.|bv|b\.v\.)\b/g, '')
        .replace(/[^a-z0-9]/g, '');
    const groups = new Map<string, number>();
    for (const n of names) groups.set(key(n), (groups.get(key(n)) ?? 0) + 1);
    expect([...groups.values()].filter((count) => count > 1).length).toBeGreaterThan(20);
  });

  it('gives some customers tenant GUIDs and onmicrosoft.com or custom domains, and some neither', () => {
    const { customers } = generateTechDataDataset('tenants', 1000, 1);
    const withTenant = customers.filter((c) => c.microsoftTenantId);
    expect(withTenant.length).toBeGreaterThan(650);
    expect(withTenant.length).toBeLessThan(850);
    expect(
      withTenant.every((c) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(c.microsoftTenantId!),
      ),
    ).toBe(true);
    expect(new Set(withTenant.map((c) => c.microsoftTenantId)).size).toBe(withTenant.length);
    expect(customers.some((c) => c.microsoftDomain?.endsWith('.onmicrosoft.com'))).toBe(true);
    expect(customers.some((c) => c.microsoftDomain && !c.microsoftDomain.endsWith('.onmicrosoft.com'))).toBe(true);
    expect(customers.some((c) => !c.microsoftDomain && !c.microsoftTenantId)).toBe(true);
  });

  it('sells catalogue SKUs with realistic quantities, statuses and prices', () => {
    const { subscriptions } = generateTechDataDataset('subs', 300, 10);
    const skus = new Map(catalogSkus().map((s) => [s.sku, s]));
    expect(subscriptions).toHaveLength(3000);
    for (const s of subscriptions) {
      const sku = skus.get(s.sku)!;
      expect(sku).toBeDefined();
      expect(s.microsoftOfferId).toBe(sku.microsoftOfferId);
      expect(s.unitPrice).toBe(sku.unitPrice);
      expect(Number.isInteger(s.quantity) && s.quantity >= 1).toBe(true);
    }
    const active = subscriptions.filter((s) => s.lineStatus === 'active').length / subscriptions.length;
    expect(active).toBeGreaterThan(0.75);
    expect(new Set(subscriptions.map((s) => s.lineStatus))).toEqual(
      new Set(['active', 'suspended', 'cancelled', 'expired', 'pending']),
    );
    expect(subscriptions.some((s) => s.quantity > 50)).toBe(true);
  });
});

describe('TechData sandbox server', () => {
  let sb: TechDataSandbox;
  let accessToken: string;
  beforeAll(async () => {
    sb = await startTechDataSandbox({ seed: 'server', customers: 30, subscriptionsPerCustomer: 2, pageSize: 10 });
    accessToken = await token(sb);
  });
  afterEach(() => sb.setFaults({}));
  afterAll(() => sb.close());

  it('serves pages in the Result/BodyText envelope, numbered from 1', async () => {
    const page = await signedGet(sb, 'endCustomer/details/3', accessToken);
    expect(page.status).toBe(200);
    expect(page.json.Result).toBe('Success');
    expect(page.json.BodyText.totalPages).toBe(3);
    expect((page.json.BodyText.endCustomers as unknown[]).length).toBe(10);
    const zero = await signedGet(sb, 'endCustomer/details/0', accessToken);
    expect(zero.status).toBe(400);
    expect(zero.json).toEqual({
      Result: 'Failed',
      BodyText: { errorCode: 'INVALID_PAGE', errorMessage: expect.any(String) },
    });
  });

  it('refuses a bad signature, a stale TimeStamp, an unknown token and a wrong SOIN', async () => {
    expect(
      (
        await signedGet(sb, 'order/subscriptions/1', accessToken, {
          signature: Buffer.from(`${accessToken}:${sb.soin}`).toString('base64'),
        })
      ).json.BodyText.errorCode,
    ).toBe('INVALID_SIGNATURE');
    expect(
      (await signedGet(sb, 'order/subscriptions/1', accessToken, { timeStamp: Math.floor(Date.now() / 1000) - 3600 }))
        .json.BodyText.errorCode,
    ).toBe('TIMESTAMP_OUT_OF_RANGE');
    expect((await signedGet(sb, 'order/subscriptions/1', 'made-up-token')).status).toBe(401);
    const wrongSoin = await signedGet(sb, 'order/subscriptions/1', accessToken, { soin: 'f'.repeat(40) });
    expect(wrongSoin.status).toBe(403);
    expect(wrongSoin.json).toEqual({
      Result: 'Failed',
      BodyText: { errorCode: 'INVALID_SOIN', errorMessage: expect.any(String) },
    });
    expect(sb.stats().authFailures).toBe(4);
  });

  it('refuses wrong client credentials the way PingFederate does', async () => {
    const res = await fetch(sb.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${sb.clientId}&client_secret=nope`,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('throttles deterministically with Retry-After', async () => {
    sb.setFaults({ throttle: { everyNth: 3, retryAfterSeconds: 7 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await signedGet(sb, 'endCustomer/details/1', accessToken);
      statuses.push(r.status);
      if (r.status === 429) expect(r.headers.get('retry-after')).toBe('7');
    }
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
  });

  it('applies mutations, and reports them through the listing', async () => {
    const env = await startEnv({
      sandbox: { seed: 'mutations', customers: 12, subscriptionsPerCustomer: 3, pageSize: 5 },
    });
    try {
      const changes = env.sandbox.changeQuantities(0.5, 42);
      expect(changes.length).toBeGreaterThan(5);
      expect(changes.every((c) => c.after !== c.before && c.after >= 1)).toBe(true);
      const [victim] = env.sandbox.customers();
      expect(env.sandbox.removeCustomer(victim.endCustomerId)).toEqual({
        removed: true,
        removedSubscriptions: expect.any(Number),
      });
      const added = env.sandbox.addCustomer({
        companyName: 'Brand New Pty Ltd',
        microsoftTenantId: '11111111-2222-4333-8444-555555555555',
      });
      env.sandbox.setSubscription({
        ...env.sandbox.subscriptions()[0],
        subscriptionId: undefined,
        endCustomerId: added.endCustomerId,
        quantity: 17,
      });
      const customers = await collect(env.connector.listCustomers(env.config));
      expect(customers.values.map((c) => c.providerSpecificId)).not.toContain(victim.endCustomerId);
      expect(customers.values.at(-1)).toMatchObject({
        name: 'Brand New Pty Ltd',
        tenantId: '11111111-2222-4333-8444-555555555555',
      });
      const subs = await collect(env.connector.listSubscriptions(env.config));
      const byId = new Map(subs.values.map((s) => [s.providerSubscriptionId, s]));
      for (const c of changes.filter((x) => x.endCustomerId !== victim.endCustomerId))
        expect(byId.get(c.subscriptionId)?.quantity).toBe(c.after);
      expect(subs.values.filter((s) => s.customerId === added.endCustomerId).map((s) => s.quantity)).toEqual([17]);
      // Same seed, same changes: a benchmark can repeat a run exactly.
      const again = await startTechDataSandbox({ seed: 'mutations', customers: 12, subscriptionsPerCustomer: 3 });
      expect(again.changeQuantities(0.5, 42)).toEqual(changes);
      await again.close();
    } finally {
      await env.close();
    }
  });

  it('offers the same controls over HTTP under /_sandbox/', async () => {
    const control = new TechDataSandboxControl(sb.url);
    expect(await control.info()).toMatchObject({ name: 'techdata', tokenUrl: sb.tokenUrl, soin: sb.soin });
    await control.resetStats();
    await control.setFaults({ serverError: { firstN: 1 } });
    expect((await signedGet(sb, 'endCustomer/details/1', accessToken)).status).toBe(500);
    expect((await signedGet(sb, 'endCustomer/details/1', accessToken)).status).toBe(200);
    await control.clearFaults();
    await control.setLatency(0);
    expect(await control.stats()).toMatchObject({ requests: 2, serverErrors: 1, pages: { customers: 1 } });
    const changes = await control.changeQuantities(0.2, 3);
    const truth = await control.subscriptions();
    for (const c of changes) expect(truth.find((s) => s.subscriptionId === c.subscriptionId)?.quantity).toBe(c.after);
    const added = await control.addCustomer({ companyName: 'Remote Added GmbH' });
    expect((await control.customers()).at(-1)?.endCustomerId).toBe(added.endCustomerId);
    expect(await control.removeCustomer(added.endCustomerId)).toEqual({ removed: true, removedSubscriptions: 0 });
    await expect(control.setLatency(-1)).rejects.toThrow(/answered 400/);
  });
});

describe('TechData sandbox at benchmark size', () => {
  it('serves 5,000 customers and 50,000 subscriptions to the connector quickly', async () => {
    const env = await startEnv({
      sandbox: { seed: 'bench', customers: 5000, subscriptionsPerCustomer: 10, pageSize: 100 },
    });
    try {
      const started = Date.now();
      const customers = await collect(env.connector.listCustomers(env.config));
      const subscriptions = await collect(env.connector.listSubscriptions(env.config));
      const elapsedInMs = Date.now() - started;
      expect(customers.values).toHaveLength(5000);
      expect(subscriptions.values).toHaveLength(50_000);
      expect(env.sandbox.stats().pages).toEqual({ customers: 50, subscriptions: 500 });
      expect(elapsedInMs).toBeLessThan(20_000);
    } finally {
      await env.close();
    }
  });
});

describe('w365 sandbox techdata', () => {
  it('prints one JSON ready line, serves, and stops on SIGTERM', async () => {
    const { child, exited, readyLine } = spawnW365([
      'sandbox',
      'techdata',
      '--port',
      '0',
      '--customers',
      '30',
      '--seed',
      'cli',
      '--page-size',
      '10',
      '--throttle-first',
      '1',
      '--retry-after',
      '0',
    ]);
    try {
      const ready = JSON.parse(await readyLine) as Record<string, string>;
      expect(Object.keys(ready)).toEqual(
        expect.arrayContaining([
          'name',
          'url',
          'tokenUrl',
          'apiUrl',
          'clientId',
          'clientSecret',
          'soin',
          'currencyCode',
        ]),
      );
      expect(ready.name).toBe('techdata');
      expect(ready.soin).toMatch(/^[0-9a-f]{40}$/);
      const control = new TechDataSandboxControl(ready.url);
      expect((await control.stats()).requests).toBe(0);
      expect(await control.faults()).toEqual({ throttle: { retryAfterSeconds: 0, firstN: 1 } });
      const expected = generateTechDataDataset('cli', 30, 10).customers.map((c) => c.companyName);
      expect((await control.customers()).map((c) => c.companyName)).toEqual(expected);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
