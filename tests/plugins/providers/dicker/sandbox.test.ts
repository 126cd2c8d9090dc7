/**
 * The Dicker Data sandbox itself: deterministic data, the handshake's checks, the feed's checks of the
 * RequestHeader, paging and the tenant filter, the /_sandbox/ controls, and `w365 sandbox dicker` (one
 * JSON ready line, clean stop on SIGTERM).
 */
import { randomUUID } from 'node:crypto';
import {
  exportDate,
  generateDickerDataset,
  startDickerSandbox,
  type DickerSandbox,
} from '../../../../emulators/dicker';
import { spawnW365 } from '../helpers/sandbox-cli';

async function postJson(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Dicker Data sandbox', () => {
  let sandbox: DickerSandbox;
  let key: string;
  const header = () => ({ TransactionID: randomUUID(), Token: sandbox.accessToken, AccessKey: key });
  beforeAll(async () => {
    sandbox = await startDickerSandbox({ seed: 'sandbox', tenants: 6, linesPerTenant: 3 });
    key = String(
      (
        await postJson(sandbox.accessKeyUrl, {
          TransactionID: randomUUID(),
          AccessToken: sandbox.accessToken,
          AccountCode: sandbox.accountCode,
        })
      ).body.AccessKey,
    );
  });
  afterAll(() => sandbox.close());

  it("generates the same data for the same seed; stock codes in Dicker's formats; anchors first", () => {
    const a = generateDickerDataset('x', { tenants: 8 });
    expect(generateDickerDataset('x', { tenants: 8 })).toEqual(a);
    for (const l of a.lines) expect(l.stockCode).toMatch(/^(P1[MY]:[A-Z0-9]{12}:[A-Z0-9]{4}:[1Y]:|DZH318Z0BPS6:0001)$/);
    expect(
      generateDickerDataset('x', { tenants: 2, anchors: [{ name: 'Contoso Pty Ltd' }] }).tenants[0].tenantName,
    ).toBe('Contoso Pty Ltd');
    expect(exportDate('2025-01-09')).toBe('09-Jan-2025');
  });

  it('issues access keys only for the right account code and access token, with a GUID transaction id', async () => {
    const ok = await postJson(sandbox.accessKeyUrl, {
      TransactionID: randomUUID(),
      AccessToken: sandbox.accessToken,
      AccountCode: sandbox.accountCode,
    });
    expect(ok).toMatchObject({
      status: 200,
      body: {
        AccessKey: expect.stringMatching(/^[0-9A-F]{32}$/),
        ExpireDateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
        Status: 'Success',
      },
    });
    const wrong = await postJson(sandbox.accessKeyUrl, {
      TransactionID: randomUUID(),
      AccessToken: 'nope',
      AccountCode: sandbox.accountCode,
    });
    expect(wrong).toEqual({
      status: 200,
      body: { Status: 'Failed', Message: 'Invalid Account Code or Access Token.' },
    });
    expect(
      (
        await postJson(sandbox.accessKeyUrl, {
          TransactionID: '42',
          AccessToken: sandbox.accessToken,
          AccountCode: sandbox.accountCode,
        })
      ).status,
    ).toBe(400);
  });

  it("serves the feed only with a live key and the account's token; pages and filters by tenant", async () => {
    expect(
      (
        await postJson(sandbox.feedUrl, {
          RequestHeader: { ...header(), AccessKey: 'FORGED' },
          PageNumber: 1,
          PageSize: 5,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await postJson(sandbox.feedUrl, {
          RequestHeader: { ...header(), Token: 'someone-else' },
          PageNumber: 1,
          PageSize: 5,
        })
      ).status,
    ).toBe(401);
    expect((await postJson(sandbox.feedUrl, { RequestHeader: header(), PageNumber: 0, PageSize: 5 })).status).toBe(400);
    const page2 = await postJson(sandbox.feedUrl, { RequestHeader: header(), PageNumber: 2, PageSize: 5 });
    expect(page2.body).toMatchObject({
      Status: 'Success',
      TotalRecords: sandbox.lines().length,
      PageNumber: 2,
      PageSize: 5,
    });
    expect((page2.body.Subscriptions as Array<{ SubscriptionId: string }>).map((s) => s.SubscriptionId)).toEqual(
      sandbox
        .lines()
        .slice(5, 10)
        .map((l) => l.subscriptionId),
    );
    const tenant = sandbox.tenants()[1].tenantId;
    const one = await postJson(sandbox.feedUrl, {
      RequestHeader: header(),
      PageNumber: 1,
      PageSize: 100,
      TenantId: tenant.toUpperCase(),
    });
    expect((one.body.Subscriptions as Array<{ TenantId: string }>).every((s) => s.TenantId === tenant)).toBe(true);
    sandbox.revokeAccessKeys();
    expect((await postJson(sandbox.feedUrl, { RequestHeader: header(), PageNumber: 1, PageSize: 5 })).status).toBe(401);
  });

  it('exposes its controls over HTTP', async () => {
    expect((await (await fetch(`${sandbox.url}/_sandbox/info`)).json()) as unknown).toMatchObject({
      name: 'dicker',
      accountCode: sandbox.accountCode,
    });
    await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ malformedLines: 2 }),
    });
    expect(Object.keys((await (await fetch(`${sandbox.url}/_sandbox/malformed`)).json()) as object)).toHaveLength(2);
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    const removed = (await (
      await fetch(`${sandbox.url}/_sandbox/remove-tenant`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenantId: sandbox.tenants()[0].tenantId }),
      })
    ).json()) as { removed: boolean };
    expect(removed.removed).toBe(true);
  });
});

describe('w365 sandbox dicker', () => {
  it('prints one JSON ready line, serves, and stops on SIGTERM', async () => {
    const { child, exited, readyLine } = spawnW365([
      'sandbox',
      'dicker',
      '--port',
      '0',
      '--tenants',
      '5',
      '--seed',
      'cli',
      '--currency',
      'nzd',
    ]);
    try {
      const ready = JSON.parse(await readyLine) as Record<string, string>;
      expect(Object.keys(ready).sort()).toEqual([
        'accessKeyUrl',
        'accessToken',
        'accountCode',
        'currencyCode',
        'feedUrl',
        'invoiceUrl',
        'name',
        'url',
      ]);
      expect(ready).toMatchObject({ name: 'dicker', currencyCode: 'NZD' });
      const key = await postJson(ready.accessKeyUrl, {
        TransactionID: randomUUID(),
        AccessToken: ready.accessToken,
        AccountCode: ready.accountCode,
      });
      expect(key.body.AccessKey).toEqual(expect.any(String));
      const tenants = (await (await fetch(`${ready.url}/_sandbox/tenants`)).json()) as Array<{ tenantName: string }>;
      expect(tenants.map((t) => t.tenantName)).toEqual(
        generateDickerDataset('cli', { tenants: 5 }).tenants.map((t) => t.tenantName),
      );
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
