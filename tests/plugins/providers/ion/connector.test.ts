/**
 * The Ion connector against the sandbox over real HTTP (and the Dataverse token store): cursor paging
 * of customers with their cloud profiles, offset paging of subscriptions (bounded concurrency, in order,
 * Microsoft lines only), malformed records, throttling and server errors, its declaration and registry.
 */
import { W365Error } from '../../../../common/errors';
import { silentLogger } from '../../../../plugins/shared/logger';
import { Redactor } from '../../../../plugins/shared/redact';
import { defaultConnectorRegistry } from '../../../../plugins/providers';
import { createIonConnector, ION_INTERNAL_NAME, IonConnector } from '../../../../plugins/providers/ion';
import { caught, collect, createProvider, makeWorker, startEnv, type Env } from './helpers';
import type { ProviderConfig } from '../../../../plugins/providers/types';

describe('Ion connector', () => {
  let env: Env;
  let config: ProviderConfig;
  beforeAll(async () => {
    env = await startEnv({ customers: 23, subscriptionsPerCustomer: 4 });
    config = await createProvider(env, env.sandbox.newCredentials());
  });
  afterAll(() => env.close());
  afterEach(() => env.sandbox.setFaults({}));

  const worker = (name: string, options: Parameters<typeof makeWorker>[1]['connector'] = {}) =>
    makeWorker(env, { name, journalDir: `${env.dir}/${name}`, connector: options });

  it('pages through customers with pageSize/pageToken and adds tenant id and domain from each cloud profile', async () => {
    const w = worker('customers', { customerPageSize: 5, profileConcurrency: 3 });
    env.sandbox.resetStats();
    const { values, problems } = await collect(w.connector.listCustomers(config));
    expect(problems).toEqual([]);
    const truth = env.sandbox.customers();
    expect(values.map((c) => c.providerSpecificId)).toEqual(truth.map((c) => c.customerId));
    for (const [i, c] of values.entries()) {
      const ms = truth[i].microsoft;
      expect(c).toMatchObject({ name: truth[i].organization, email: truth[i].email, status: truth[i].status });
      expect(c.tenantId).toBe(ms?.tenantId);
      expect(c.primaryDomain).toBe(ms?.domain);
    }
    expect(values.some((c) => !c.tenantId)).toBe(true);
    const pages = w.http.requests.filter((r) => /\/customers\?/.test(r.url)).map((r) => new URL(r.url).searchParams);
    expect(pages).toHaveLength(5);
    expect(pages[0].get('pageSize')).toBe('5');
    expect(pages[0].get('pageToken')).toBeNull();
    expect(pages.slice(1).every((q) => q.get('pageToken'))).toBe(true);
    const profiles = w.http.requests.filter((r) => r.url.includes('/cloudProfiles'));
    expect(profiles).toHaveLength(23);
    expect(profiles.every((r) => new URL(r.url).searchParams.get('providerId') === '30')).toBe(true);
    expect(w.http.maxInFlight).toBeLessThanOrEqual(3);
    expect(env.sandbox.stats()).toMatchObject({ pages: { customers: 5 }, profileReads: 23 });
  });

  it('pages through subscriptions by offset, a few pages at once but in order, Microsoft lines only', async () => {
    const w = worker('subscriptions', { subscriptionPageSize: 10, pageConcurrency: 3 });
    env.sandbox.setLatency(20);
    try {
      const { values, problems } = await collect(w.connector.listSubscriptions(config));
      expect(problems).toEqual([]);
      const microsoft = env.sandbox.subscriptions().filter((s) => s.cloudProviderId === '30');
      expect(values.map((s) => s.providerSubscriptionId)).toEqual(microsoft.map((s) => s.id));
      const offsets = w.http.requests
        .filter((r) => r.url.includes('/subscriptions?'))
        .map((r) => Number(new URL(r.url).searchParams.get('pagination.offset')));
      expect(offsets).toEqual(Array.from({ length: Math.ceil(microsoft.length / 10) }, (_, i) => i * 10));
      expect(
        w.http.requests.every(
          (r) => !r.url.includes('/subscriptions?') || new URL(r.url).searchParams.get('providerId') === '30',
        ),
      ).toBe(true);
      expect(w.http.maxInFlight).toBe(3);
    } finally {
      env.sandbox.setLatency(0);
    }
  });

  it('maps a licence line, an Azure plan line, and filters by customer', async () => {
    const w = worker('mapping');
    const truth = env.sandbox.subscriptions().filter((s) => s.cloudProviderId === '30');
    const licence = truth.find((s) => s.mfgPartNumber && s.status === 'active') ?? truth[0];
    const { values } = await collect(w.connector.listSubscriptions(config, { customerId: licence.customerId }));
    expect(values.every((v) => v.customerId === licence.customerId)).toBe(true);
    expect(values.find((v) => v.providerSubscriptionId === licence.id)).toEqual(
      expect.objectContaining({
        sku: licence.mfgPartNumber,
        microsoftOfferId: licence.microsoftOfferId,
        quantity: licence.quantity,
        status: 'active',
        term: licence.billingTerm,
        billingCycle: licence.billingCycle,
        unitPrice: licence.price,
        unitCost: licence.cost,
        currencyCode: 'USD',
        microsoftSubscriptionId: licence.subscriptionId,
        startDate: licence.startDate.slice(0, 10),
      }),
    );
    const azure = truth.find((s) => s.subscriptionProductId === 'DZH318Z0BPS6');
    expect(azure).toBeDefined();
    const all = await collect(w.connector.listSubscriptions(config, { customerId: azure!.customerId }));
    expect(all.values.find((v) => v.providerSubscriptionId === azure!.id)).toMatchObject({
      sku: 'MSAZURE/Azure-Plan/Monthly',
      microsoftOfferId: 'DZH318Z0BPS6:0001',
      quantity: 1,
    });
  });

  it('reports malformed customers and lines by name and skips them; the rest still arrive', async () => {
    env.sandbox.setFaults({ malformedCustomers: 3, malformedSubscriptions: 6 });
    const w = worker('malformed');
    const customers = await collect(w.connector.listCustomers(config));
    expect(customers.values).toHaveLength(20);
    expect(customers.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^customer #\d+ on page 1 has name null/),
      expect.stringMatching(/^customer #\d+ on page 1 has name "customers\/\d+", which is not accounts/),
      expect.stringMatching(/^customer \d+ has no customerOrganization/),
    ]);
    const subs = await collect(w.connector.listSubscriptions(config));
    expect(subs.problems).toHaveLength(6);
    expect(subs.problems.map((p) => p.message.replace(/\d+/g, 'N'))).toEqual([
      'subscription #N has no id (the Ion line id)',
      'subscription N has subscriptionTotalLicenses "ten", which is not a whole number of licences of N or more',
      'subscription N has subscriptionTotalLicenses "-N", which is not a whole number of licences of N or more',
      'subscription N has subscriptionStatus "frozen", which is not a status Work N knows',
      'subscription N has no customerId, so it cannot be linked to a customer',
      'subscription N has neither mfgPartNumber nor ccpProductId/ccpSkuId/ccpPlanId, so it has no part number to map to a product',
    ]);
  });

  it('waits as Retry-After asks on 429 and finishes the listing', async () => {
    env.sandbox.setFaults({ throttle: { kind: 'subscriptions', firstN: 2, retryAfterSeconds: 3 } });
    const sleeps: number[] = [];
    const w = makeWorker(env, {
      name: 'throttled',
      journalDir: `${env.dir}/throttled`,
      connector: { pageRetry: { sleep: async (ms) => void sleeps.push(ms), maxTries: 5 } },
    });
    const { values } = await collect(w.connector.listSubscriptions(config));
    expect(values.length).toBeGreaterThan(50);
    expect(sleeps).toEqual([3000, 3000]);
  });

  it('stops with a clear, retryable error (listing incomplete) when a page keeps failing', async () => {
    env.sandbox.setFaults({ serverError: { kind: 'subscriptions', always: true, status: 503 } });
    const w = worker('failing', { pageRetry: { maxTries: 2, sleep: async () => undefined } });
    const err = await caught(collect(w.connector.listSubscriptions(config)));
    expect(err).toBeInstanceOf(W365Error);
    expect(err).toMatchObject({
      code: 'PROVIDER_DISTRIBUTOR_ERROR',
      retryable: true,
      details: expect.objectContaining({ listingIncomplete: true, status: 503 }),
    });
    expect(err.message).toMatch(
      /HTTP 503: INTERNAL_ERROR: Internal Server Error.*nothing should be treated as removed/,
    );
  });

  it('refuses a listing whose total moves between pages (a line could have been skipped)', async () => {
    const w = makeWorker(env, {
      name: 'moving',
      journalDir: `${env.dir}/moving`,
      connector: { subscriptionPageSize: 10, pageConcurrency: 1 },
    });
    let pages = 0;
    w.http.after = (req) => {
      if (req.url.includes('/subscriptions?') && ++pages === 1) {
        const victim = env.sandbox.customers().at(-1)!;
        env.sandbox.removeCustomer(victim.customerId);
      }
    };
    const err = await caught(collect(w.connector.listSubscriptions(config)));
    expect(err.message).toMatch(/the total moved from \d+ to \d+ while paging/);
  });

  it('declares its properties for the Provider form and is registered by its internal name', () => {
    const registry = defaultConnectorRegistry();
    expect(registry.has(ION_INTERNAL_NAME)).toBe(true);
    const connector = registry.create(ION_INTERNAL_NAME, {
      http: makeWorker(env, { name: 'x', journalDir: env.dir }).http,
      logger: silentLogger(),
      redactor: new Redactor(),
    });
    expect(connector).toBeInstanceOf(IonConnector);
    expect(connector.internalName).toBe('Providers.TDSynnexStreamOneIon');
    expect(connector.properties.map((p) => [p.label, p.source, p.required, p.secret])).toEqual([
      ['Account ID', 'userName', true, false],
      ['Refresh Token', 'password', true, true],
      ['End Point URL', 'endpointUrl', true, false],
      ['Currency Code', 'property', false, false],
      ['Ion Microsoft Provider ID', 'property', false, false],
    ]);
    for (const p of connector.properties) expect(p.description.length).toBeGreaterThan(40);
    const problems = connector.validateConfig({
      ...config,
      userName: 'reseller-17017',
      endpointUrl: 'https://ion.tdsynnex.com/api/v3',
      password: 'short',
      properties: { 'Currency Code': 'EUD' },
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['Account ID', 'PROVIDER_PROPERTY_INVALID'],
      ['Refresh Token', 'PROVIDER_PROPERTY_INVALID'],
      ['End Point URL', 'PROVIDER_PROPERTY_INVALID'],
      ['Currency Code', 'PROVIDER_PROPERTY_INVALID'],
    ]);
    expect(problems[2].message).toMatch(/without a path \(it has '\/api\/v3'\)/);
    expect(connector.validateConfig({ ...config, password: undefined }).map((p) => p.message)).toEqual([
      'Refresh Token is missing: enter it on the provider.',
    ]);
    expect(connector.validateConfig(config)).toEqual([]);
  });

  it('cannot create customers, and says so; cannot run without a token store, and says so', async () => {
    const bare = createIonConnector({
      http: makeWorker(env, { name: 'y', journalDir: env.dir }).http,
      logger: silentLogger(),
      redactor: new Redactor(),
    });
    expect(await caught(bare.createCustomer(config, { name: 'New Co' }))).toMatchObject({
      code: 'PROVIDER_OPERATION_NOT_SUPPORTED',
    });
    const err = await caught(collect(bare.listCustomers(config)));
    expect(err).toMatchObject({ code: 'ION_TOKEN_STORE_MISSING' });
    expect(err.message).toMatch(/single-use/);
    await expect(bare.verifyConnectivity(config)).rejects.toMatchObject({ code: 'ION_TOKEN_STORE_MISSING' });
  });
});
