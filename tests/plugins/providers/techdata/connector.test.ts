/**
 * The TechData connector against the sandbox over real HTTP: token exchange and caching, the signed
 * headers, paging (order and bounded concurrency), malformed records, throttling and server errors.
 */
import { isW365Error, type W365Error } from '../../../../common/errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../../plugins/shared/http';
import { Redactor } from '../../../../plugins/shared/redact';
import { silentLogger } from '../../../../plugins/shared/logger';
import {
  createTechDataConnector,
  TECHDATA_INTERNAL_NAME,
  TechDataConnector,
} from '../../../../plugins/providers/techdata';
import { ConnectorRegistry } from '../../../../plugins/providers/registry';
import { collect, startEnv, withProperty, type TestEnv } from './helpers';

async function caught(promise: Promise<unknown>): Promise<W365Error> {
  try {
    await promise;
  } catch (err) {
    if (isW365Error(err)) return err;
    throw err;
  }
  throw new Error('expected a W365Error');
}

describe('TechData connector: token and headers', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(() => env.close());

  it('exchanges the client id and secret for a token once, and reuses it across listings', async () => {
    env.sandbox.resetStats();
    const first = await collect(env.connector.listCustomers(env.config));
    const second = await collect(env.connector.listSubscriptions(env.config));
    expect(first.values).toHaveLength(25);
    expect(second.values).toHaveLength(100);
    expect(env.sandbox.stats().tokensIssued).toBe(1);
    const tokenRequest = env.http.requests.find((r) => r.url === env.sandbox.tokenUrl);
    expect(tokenRequest?.method).toBe('POST');
    const form = tokenRequest?.body as URLSearchParams;
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(env.sandbox.clientId);
    expect(form.get('client_secret')).toBe(env.sandbox.clientSecret);
  });

  it('signs every API call with Bearer, SOIN, TimeStamp and Signature = base64(token:SOIN:TimeStamp)', async () => {
    const [token] = env.http.issuedTokens();
    const apiCalls = env.http.requests.filter((r) => r.url.startsWith(env.sandbox.apiUrl) && r.method === 'GET');
    expect(apiCalls.length).toBeGreaterThan(5);
    const nowInSeconds = Date.now() / 1000;
    for (const call of apiCalls) {
      const h = call.headers ?? {};
      expect(h.Authorization).toBe(`Bearer ${token}`);
      expect(h.SOIN).toBe(env.sandbox.soin);
      expect(Math.abs(Number(h.TimeStamp) - nowInSeconds)).toBeLessThan(60);
      expect(Buffer.from(h.Signature, 'base64').toString()).toBe(`${token}:${env.sandbox.soin}:${h.TimeStamp}`);
    }
  });

  it('gets a new token when the cached one is close to expiry', async () => {
    const shortLived = await startEnv({ sandbox: { tokenTtlInSeconds: 2 } });
    try {
      await collect(shortLived.connector.listCustomers(shortLived.config));
      await collect(shortLived.connector.listCustomers(shortLived.config));
      expect(shortLived.sandbox.stats().tokensIssued).toBe(1);
      // A 2 s token is replaced after half its life, before the sandbox would refuse it.
      await new Promise((r) => setTimeout(r, 1100));
      const again = await collect(shortLived.connector.listCustomers(shortLived.config));
      expect(again.values).toHaveLength(25);
      expect(shortLived.sandbox.stats().tokensIssued).toBe(2);
      expect(shortLived.sandbox.stats().authFailures).toBe(0);
    } finally {
      await shortLived.close();
    }
  });

  it('is registered under its internal name and declares its properties', () => {
    const registry = new ConnectorRegistry().register(TECHDATA_INTERNAL_NAME, createTechDataConnector);
    const connector = registry.create(TECHDATA_INTERNAL_NAME, {
      http: env.http,
      logger: silentLogger(),
      redactor: env.redactor,
    });
    expect(connector.internalName).toBe('Providers.TechDataCspProvider');
    expect(connector.canCreateCustomers).toBe(false);
    expect(connector.properties.map((p) => `${p.label}:${p.source}:${p.required}:${p.secret}`)).toEqual([
      'Client ID:userName:true:false',
      'Client Secret:password:true:true',
      'End Point URL:endpointUrl:true:false',
      'TechData SOIN:property:true:false',
      'Currency Code:property:true:false',
      'API End Point URL:property:true:false',
      'TechData Reseller Relationship URL:property:false:false',
    ]);
  });

  it('refuses to create a customer, saying customers can only be synced in', async () => {
    const err = await caught(env.connector.createCustomer(env.config, { name: 'New Co Ltd' }));
    expect(err.code).toBe('PROVIDER_OPERATION_NOT_SUPPORTED');
    expect(err.message).toMatch(/cannot be created through the TechData integration/);
    expect(err.message).toMatch(/Sync Provider Accounts/);
  });

  it('will not list with a missing property, and names it', async () => {
    const err = await caught(
      collect(env.connector.listCustomers(withProperty(env.config, 'TechData SOIN', undefined))),
    );
    expect(err.code).toBe('PROVIDER_PROPERTY_MISSING');
    expect(err.message).toMatch(/TechData SOIN is missing/);
  });
});

describe('TechData connector: paging', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv({ sandbox: { customers: 95, subscriptionsPerCustomer: 3, pageSize: 10, latencyInMs: 30 } });
  });
  afterAll(() => env.close());

  it('reads every page, page numbers in the path from 1, records in the distributor order', async () => {
    const { values, problems } = await collect(env.connector.listCustomers(env.config));
    expect(problems).toEqual([]);
    const truth = env.sandbox.customers();
    expect(values.map((c) => c.providerSpecificId)).toEqual(truth.map((c) => c.endCustomerId));
    const paths = env.http.requests
      .filter((r) => r.url.includes('endCustomer/details/'))
      .map((r) => new URL(r.url).pathname);
    expect(paths.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `/endCustomer/details/${i + 1}`).sort());
  });

  it('fetches later pages several at a time, but never more than 4', async () => {
    env.http.maxInFlight = 0;
    const { values } = await collect(env.connector.listSubscriptions(env.config));
    expect(values).toHaveLength(285);
    // With 30 ms per page the pages overlap; the window is 4 (page 1 is read alone first).
    expect(env.http.maxInFlight).toBe(4);
  });

  it('maps customers with tenant id and domain where TechData knows them', async () => {
    const { values } = await collect(env.connector.listCustomers(env.config));
    const truth = new Map(env.sandbox.customers().map((c) => [c.endCustomerId, c]));
    const contoso = values.find((c) => c.name === 'Contoso Ltd');
    expect(contoso).toMatchObject({ providerSpecificId: expect.any(String), email: expect.stringContaining('@') });
    for (const c of values) {
      const t = truth.get(c.providerSpecificId)!;
      expect(c.name).toBe(t.companyName);
      expect(c.tenantId).toBe(t.microsoftTenantId);
      expect(c.primaryDomain).toBe(t.microsoftDomain);
    }
    expect(values.some((c) => c.tenantId === undefined)).toBe(true);
    expect(values.some((c) => c.tenantId !== undefined)).toBe(true);
  });

  it('maps subscriptions: TechData SKU, Microsoft offer, numeric quantity, lowercase status, price and currency', async () => {
    const { values } = await collect(env.connector.listSubscriptions(env.config));
    const truth = new Map(env.sandbox.subscriptions().map((s) => [s.subscriptionId, s]));
    for (const s of values) {
      const t = truth.get(s.providerSubscriptionId)!;
      expect(s).toMatchObject({
        customerId: t.endCustomerId,
        sku: t.sku,
        microsoftOfferId: t.microsoftOfferId,
        microsoftSubscriptionId: t.microsoftSubscriptionId,
        description: t.name,
        quantity: t.quantity,
        status: t.lineStatus,
        unitPrice: t.unitPrice,
        currencyCode: 'USD',
        term: t.termDuration,
        startDate: t.startDate,
        endDate: t.endDate,
      });
    }
  });

  it('lists one customer through the per-customer endpoint', async () => {
    const customer = env.sandbox.customers()[3];
    env.http.requests.length = 0;
    const { values } = await collect(
      env.connector.listSubscriptions(env.config, { customerId: customer.endCustomerId }),
    );
    const expected = env.sandbox.subscriptions().filter((s) => s.endCustomerId === customer.endCustomerId);
    expect(values.map((s) => s.providerSubscriptionId)).toEqual(expected.map((s) => s.subscriptionId));
    const apiPaths = env.http.requests.filter((r) => r.method === 'GET').map((r) => new URL(r.url).pathname);
    expect(apiPaths).toEqual([`/order/subscriptions/endCustomerIds/${customer.endCustomerId}/1`]);
  });

  it('stops fetching when the caller stops reading', async () => {
    env.sandbox.resetStats();
    for await (const item of env.connector.listSubscriptions(env.config)) {
      expect(item.ok).toBe(true);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
    // Page 1 plus at most the 4 pages already in flight.
    expect(env.sandbox.stats().pages.subscriptions).toBeLessThanOrEqual(5);
  });
});

/** Answers from a script: for the wire answers the sandbox never gives. */
class ScriptedHttp implements HttpClient {
  readonly urls: string[] = [];
  constructor(private readonly answer: (request: HttpRequest) => { status: number; body: unknown }) {}
  async send(request: HttpRequest): Promise<HttpResponse> {
    this.urls.push(request.url);
    const { status, body } = this.answer(request);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return { status, headers: {}, text, json: <T>() => JSON.parse(text) as T };
  }
}

describe('TechData connector: answers the sandbox never gives', () => {
  const config = {
    providerId: 'p',
    name: 'TechData',
    internalName: 'Providers.TechDataCspProvider',
    userName: 'id',
    password: 'secret-123456',
    endpointUrl: 'https://sso.example.test/as/token.oauth2',
    properties: {
      'TechData SOIN': 'a'.repeat(40),
      'Currency Code': 'USD',
      'API End Point URL': 'https://papi.example.test/base',
    },
  };
  const tokenAnswer = { status: 200, body: { access_token: 'tok-abcdef', expires_in: 7199 } };

  it('refuses an implausible totalPages instead of requesting millions of pages', async () => {
    const http = new ScriptedHttp((r) =>
      r.method === 'POST'
        ? tokenAnswer
        : { status: 200, body: { Result: 'Success', BodyText: { totalPages: 1e9, endCustomers: [] } } },
    );
    const connector = new TechDataConnector({ http, logger: silentLogger(), redactor: new Redactor() });
    const err = await caught(collect(connector.listCustomers(config)));
    expect(err.code).toBe('PROVIDER_DISTRIBUTOR_ERROR');
    expect(err.message).toMatch(/totalPages 1000000000 is implausible/);
    // The API base path is kept: pages resolve beneath it.
    expect(http.urls).toEqual([
      'https://sso.example.test/as/token.oauth2',
      'https://papi.example.test/base/endCustomer/details/1',
    ]);
  });

  it('reports a Failed envelope that comes with HTTP 200, and an HTML page, as distributor errors', async () => {
    const failed = new ScriptedHttp((r) =>
      r.method === 'POST' ? tokenAnswer : { status: 200, body: { Result: 'Failed', BodyText: 'Service unavailable.' } },
    );
    const a = await caught(
      collect(
        new TechDataConnector({ http: failed, logger: silentLogger(), redactor: new Redactor() }).listSubscriptions(
          config,
        ),
      ),
    );
    expect(a.code).toBe('PROVIDER_DISTRIBUTOR_ERROR');
    expect(a.message).toMatch(/answered 'Failed' for subscriptions page 1: Service unavailable/);
    const html = new ScriptedHttp((r) =>
      r.method === 'POST' ? tokenAnswer : { status: 200, body: '<html>Maintenance</html>' },
    );
    const b = await caught(
      collect(
        new TechDataConnector({ http: html, logger: silentLogger(), redactor: new Redactor() }).listSubscriptions(
          config,
        ),
      ),
    );
    expect(b.message).toMatch(/could not be read \(not a Result\/BodyText envelope\)/);
  });
});

describe('TechData connector: bad records and a distributor in trouble', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv({ sandbox: { customers: 40, subscriptionsPerCustomer: 5, pageSize: 10 } });
  });
  afterEach(() => env.sandbox.setFaults({}));
  afterAll(() => env.close());

  it('reports malformed customers by name and goes on with the rest', async () => {
    env.sandbox.setFaults({ malformedCustomers: 6 });
    const { values, problems } = await collect(env.connector.listCustomers(env.config));
    expect(values).toHaveLength(34);
    expect(problems).toHaveLength(6);
    expect(problems.every((p) => p.code === 'RECORD_MALFORMED')).toBe(true);
    const bad = env.sandbox.malformed().customers;
    for (const [id, how] of bad) {
      if (how === 'missingId') continue;
      expect(problems.some((p) => p.record === `customer ${id}` && /has no company name/.test(p.message))).toBe(true);
    }
    expect(
      problems.filter((p) => /^customer #\d+ on page \d+$/.test(p.record) && /has no endCustomerId/.test(p.message)),
    ).toHaveLength(2);
  });

  it('reports each kind of malformed subscription and keeps the good ones', async () => {
    env.sandbox.setFaults({ malformedSubscriptions: 5 });
    const { values, problems } = await collect(env.connector.listSubscriptions(env.config));
    expect(values).toHaveLength(195);
    const messages = problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/has no sku/),
        expect.stringMatching(/has quantity -3, which is not a whole number/),
        expect.stringMatching(/has quantity "ten"/),
        expect.stringMatching(/has lineStatus "frozen", which is not a known status/),
        expect.stringMatching(/has no endCustomerId/),
      ]),
    );
    for (const id of env.sandbox.malformed().subscriptions.keys())
      expect(problems.some((p) => p.record === `subscription ${id}`)).toBe(true);
  });

  it('waits as long as Retry-After says on 429, then carries on', async () => {
    env.sleeps.length = 0;
    env.sandbox.setFaults({ throttle: { firstN: 2, retryAfterSeconds: 3, kind: 'customers' } });
    const { values } = await collect(env.connector.listCustomers(env.config));
    expect(values).toHaveLength(40);
    expect(env.sleeps).toEqual([3000, 3000]);
    expect(env.sandbox.stats().throttled).toBeGreaterThanOrEqual(2);
  });

  it('retries server errors and completes', async () => {
    env.sandbox.resetStats();
    env.sandbox.setFaults({ serverError: { everyNth: 3, kind: 'subscriptions' } });
    const { values, problems } = await collect(env.connector.listSubscriptions(env.config));
    expect(values).toHaveLength(200);
    expect(problems).toEqual([]);
    expect(env.sandbox.stats().serverErrors).toBeGreaterThan(0);
  });

  it('throws when a page keeps failing, after yielding what came before it', async () => {
    env.sandbox.setFaults({ serverError: { pages: [3], always: true, kind: 'customers' } });
    const seen: string[] = [];
    const err = await caught(
      (async () => {
        for await (const item of env.connector.listCustomers(env.config))
          if (item.ok) seen.push(item.value.providerSpecificId);
      })(),
    );
    expect(err.code).toBe('PROVIDER_DISTRIBUTOR_ERROR');
    expect(err.message).toMatch(/customers page 3/);
    expect(err.message).toMatch(/nothing should be treated as removed/);
    expect(err.details).toMatchObject({ kind: 'customers', page: 3, listingIncomplete: true });
    expect(seen).toEqual(
      env.sandbox
        .customers()
        .slice(0, 20)
        .map((c) => c.endCustomerId),
    );
  });

  it('throws when throttling never ends', async () => {
    env.sandbox.setFaults({ throttle: { always: true, retryAfterSeconds: 1, kind: 'subscriptions' } });
    const err = await caught(collect(env.connector.listSubscriptions(env.config)));
    expect(err.code).toBe('PROVIDER_DISTRIBUTOR_ERROR');
    expect(err.message).toMatch(/429 Too Many Requests/);
    expect(err.retryable).toBe(true);
  });

  it('throws PROVIDER_ACCOUNT_REJECTED when the SOIN is refused mid-sync', async () => {
    env.sandbox.setFaults({ rejectSoin: true });
    const err = await caught(collect(env.connector.listCustomers(env.config)));
    expect(err.code).toBe('PROVIDER_ACCOUNT_REJECTED');
  });
});
