/**
 * The Dicker Data connector against the sandbox over real HTTP: the access-key handshake (reused until
 * it expires, renewed when refused), the feed paged a few pages at once but in order, customers as the
 * feed's tenants, malformed lines, throttling and server errors, its declaration and registry.
 */
import { defaultConnectorRegistry } from '../../../../plugins/providers';
import { DICKER_INTERNAL_NAME, DickerConnector } from '../../../../plugins/providers/dicker';
import { W365Error } from '../../../../common/errors';
import { silentLogger } from '../../../../plugins/shared/logger';
import { Redactor } from '../../../../plugins/shared/redact';
import { caught, collect, makeConnector, startEnv, type TestEnv } from './helpers';

describe('Dicker Data connector', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv({ connector: { pageSize: 7, pageConcurrency: 3 } });
  });
  afterEach(() => env.sandbox.setFaults({}));
  afterAll(() => env.close());

  it('asks for an access key with TransactionID, AccessToken and AccountCode, and reuses it across listings', async () => {
    env.sandbox.resetStats();
    await collect(env.connector.listSubscriptions(env.config));
    await collect(env.connector.listCustomers(env.config));
    expect(env.sandbox.stats().accessKeysIssued).toBe(1);
    const handshake = env.http.requests.find((r) => r.url === env.sandbox.accessKeyUrl);
    expect(handshake?.method).toBe('POST');
    expect(handshake?.body).toEqual({
      TransactionID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      AccessToken: env.sandbox.accessToken,
      AccountCode: env.sandbox.accountCode,
    });
    const key = /"AccessKey":"([^"]+)"/.exec(
      env.http.responses.find((r) => r.text.includes('AccessKey'))?.text ?? '',
    )?.[1];
    const feedCalls = env.http.requests.filter((r) => r.url === env.sandbox.feedUrl);
    expect(feedCalls.length).toBeGreaterThan(4);
    // Every page sends the key in the body's RequestHeader, with a fresh TransactionID.
    const headers = feedCalls.map((r) => (r.body as { RequestHeader: Record<string, string> }).RequestHeader);
    expect(headers.every((h) => h.AccessKey === key && h.Token === env.sandbox.accessToken)).toBe(true);
    expect(new Set(headers.map((h) => h.TransactionID)).size).toBe(headers.length);
  });

  it('lists every feed line in order, a few pages at once, mapped to subscriptions', async () => {
    const made = makeConnector({ connector: { pageSize: 5, pageConcurrency: 3 } });
    env.sandbox.setLatency(20);
    try {
      const { values, problems } = await collect(made.connector.listSubscriptions(env.config));
      expect(problems).toEqual([]);
      const truth = env.sandbox.lines();
      expect(values.map((v) => v.providerSubscriptionId)).toEqual(truth.map((l) => l.subscriptionId));
      expect(made.http.maxInFlight).toBe(3);
      for (const [i, v] of values.entries()) {
        const l = truth[i];
        expect(v).toMatchObject({
          customerId: l.tenantId,
          sku: l.stockCode,
          microsoftOfferId: l.microsoftOfferId,
          quantity: l.qty,
          status: l.status.toLowerCase(),
          unitCost: l.unitPrice,
          unitPrice: l.unitRrp,
          startDate: l.termStart,
          endDate: l.termEnd,
          currencyCode: 'AUD',
        });
      }
      expect(values.some((v) => v.sku === 'DZH318Z0BPS6:0001' && v.term === undefined)).toBe(true);
      expect(values.some((v) => v.sku.endsWith(':Y:') && v.billingCycle === 'annual')).toBe(true);
    } finally {
      env.sandbox.setLatency(0);
    }
  });

  it("lists one tenant's lines when asked for one customer", async () => {
    const tenant = env.sandbox.tenants()[2];
    const { values } = await collect(env.connector.listSubscriptions(env.config, { customerId: tenant.tenantId }));
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v.customerId === tenant.tenantId)).toBe(true);
    expect(values).toHaveLength(env.sandbox.lines().filter((l) => l.tenantId === tenant.tenantId).length);
  });

  it("gives the feed's tenants as customers, once each, tenant id as the provider-specific id", async () => {
    const { values, problems } = await collect(env.connector.listCustomers(env.config));
    expect(problems).toEqual([]);
    expect(values).toEqual(
      env.sandbox.tenants().map((t) => ({ providerSpecificId: t.tenantId, name: t.tenantName, tenantId: t.tenantId })),
    );
  });

  it('renews a refused or expired access key once and carries on', async () => {
    env.sandbox.resetStats();
    env.sandbox.revokeAccessKeys();
    const { values } = await collect(env.connector.listSubscriptions(env.config));
    expect(values).toHaveLength(env.sandbox.lines().length);
    expect(env.sandbox.stats().accessKeysIssued).toBe(1);
    // Several pages refused at once (a key revoked mid-listing) still share one new key.
    await collect(env.connector.listSubscriptions(env.config, { customerId: env.sandbox.tenants()[0].tenantId }));
    env.sandbox.resetStats();
    const wide = makeConnector({ connector: { pageSize: 5, pageConcurrency: 4 } });
    await collect(wide.connector.listCustomers(env.config));
    env.sandbox.revokeAccessKeys();
    env.sandbox.setLatency(10);
    let revokedOnce = false;
    const listing = wide.connector.listSubscriptions(env.config);
    const seen: string[] = [];
    for await (const item of listing) {
      if (item.ok) seen.push(item.value.providerSubscriptionId);
      if (!revokedOnce && seen.length === 1) {
        revokedOnce = true;
        env.sandbox.revokeAccessKeys();
      }
    }
    env.sandbox.setLatency(0);
    expect(seen).toHaveLength(env.sandbox.lines().length);
    expect(env.sandbox.stats().accessKeysIssued).toBe(3);
    // A key is renewed before its ExpireDateTime (here a 2 s key, renewed after half its life), never used after it.
    const { startDickerSandbox } = await import('../../../../emulators/dicker');
    const shortKeys = await startDickerSandbox({ seed: 'tests', tenants: 3, accessKeyTtlInSeconds: 2 });
    try {
      const made = makeConnector();
      await collect(made.connector.listCustomers(shortKeys.providerConfig()));
      await collect(made.connector.listCustomers(shortKeys.providerConfig()));
      expect(shortKeys.stats().accessKeysIssued).toBe(1);
      await new Promise((r) => setTimeout(r, 1_100));
      await collect(made.connector.listCustomers(shortKeys.providerConfig()));
      expect(shortKeys.stats()).toMatchObject({ accessKeysIssued: 2, authFailures: 0 });
    } finally {
      await shortKeys.close();
    }
  });

  it('reports malformed lines by name and skips them; the rest still arrive', async () => {
    env.sandbox.setFaults({ malformedLines: 7 });
    const { values, problems } = await collect(env.connector.listSubscriptions(env.config));
    expect(values).toHaveLength(env.sandbox.lines().length - 7);
    expect(problems.map((p) => p.message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID').replace(/\d+/g, 'N'))).toEqual([
      'feed line #N on page N has tenant id "TENANT-N", which is not a Microsoft tenant id (GUID)',
      'feed line #N on page N has no subscription id',
      expect.stringMatching(/^subscription ID has stock code ".*:Q:", which has billing code Q/),
      expect.stringMatching(/^subscription ID has stock code ".*", which is/),
      'subscription ID has quantity "ten", which is not a whole number of licences of N or more',
      'subscription ID has status "Frozen", which is not a status Work N knows (Active, Suspended, Cancelled, Expired, Pending)',
      'subscription ID has TermEnd "N-Feb-N", which is not a date such as N-Jan-N',
    ]);
    // Customers: the line with a broken tenant id is reported; every tenant still arrives (it has other lines).
    const customers = await collect(env.connector.listCustomers(env.config));
    expect(customers.values).toHaveLength(env.sandbox.tenants().length);
    expect(customers.problems).toHaveLength(1);
  });

  it('waits as Retry-After asks, and stops with a clear, retryable error when a page keeps failing', async () => {
    env.sandbox.setFaults({ throttle: { kind: 'feed', firstN: 2, retryAfterSeconds: 2 } });
    const made = makeConnector({ connector: { pageSize: 100 } });
    await collect(made.connector.listSubscriptions(env.config));
    expect(made.sleeps).toEqual([2000, 2000]);
    env.sandbox.setFaults({ serverError: { kind: 'feed', always: true, status: 502 } });
    const err = await caught(
      collect(
        makeConnector({
          connector: { pageRetry: { maxTries: 2, sleep: async () => undefined } },
        }).connector.listSubscriptions(env.config),
      ),
    );
    expect(err).toBeInstanceOf(W365Error);
    expect(err).toMatchObject({
      code: 'PROVIDER_DISTRIBUTOR_ERROR',
      retryable: true,
      details: expect.objectContaining({ listingIncomplete: true }),
    });
    expect(err.message).toMatch(
      /HTTP 502: Error: An unexpected error occurred\)\..*nothing should be treated as removed/,
    );
  });

  it('declares its properties for the Provider form and is registered by its internal name', async () => {
    const registry = defaultConnectorRegistry();
    const connector = registry.create(DICKER_INTERNAL_NAME, {
      http: env.http,
      logger: silentLogger(),
      redactor: new Redactor(),
    });
    expect(connector).toBeInstanceOf(DickerConnector);
    expect(connector.internalName).toBe('Providers.DickerDataCspProvider');
    expect(connector.canCreateCustomers).toBe(false);
    expect(connector.properties.map((p) => [p.label, p.source, p.required, p.secret])).toEqual([
      ['Account Code', 'userName', true, false],
      ['Access Token', 'password', true, true],
      ['End Point URL', 'endpointUrl', true, false],
      ['Currency Code', 'property', true, false],
    ]);
    const problems = connector.validateConfig({
      ...env.config,
      userName: 'acct 1',
      password: 'short',
      endpointUrl: 'https://b2b-api.dickerdata.com.au/api',
      properties: {},
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['Account Code', 'PROVIDER_PROPERTY_INVALID'],
      ['Access Token', 'PROVIDER_PROPERTY_INVALID'],
      ['End Point URL', 'PROVIDER_PROPERTY_INVALID'],
      ['Currency Code', 'PROVIDER_PROPERTY_MISSING'],
    ]);
    expect(problems[3].message).toBe('Currency Code is missing: enter it on the provider under Additional Properties.');
    expect(connector.validateConfig(env.config)).toEqual([]);
    expect(await caught(connector.createCustomer(env.config, { name: 'New Co' }))).toMatchObject({
      code: 'PROVIDER_OPERATION_NOT_SUPPORTED',
    });
  });

  it('never logs the access token or an access key', async () => {
    const keys = env.http.responses
      .map((r) => /"AccessKey":"([^"]+)"/.exec(r.text)?.[1])
      .filter((k): k is string => Boolean(k));
    expect(keys.length).toBeGreaterThan(0);
    const log = env.logLines.join('\n');
    for (const secret of [env.sandbox.accessToken, ...keys]) expect(log).not.toContain(secret);
  });
});
