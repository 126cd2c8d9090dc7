/**
 * The Ion sandbox cannot drift from the real API: every kind of answer it gives (customer pages, one
 * customer, cloud profiles, subscription pages, tokens, token errors, Google-RPC errors) is validated
 * against TD SYNNEX's published OpenAPI document with ajv, in strict mode (no field the document does
 * not know). The two ways real Ion answers differ from the document are patched in, and each patch is
 * proven necessary and sufficient with the real anonymised response beside the document. Finally the
 * sandbox's subscription lines are compared field by field with that real response.
 */
import fs from 'node:fs';
import { startIonSandbox, TOKEN_ERROR, type IonSandbox } from '../../../../emulators/ion';
import {
  buildSchemaSet,
  describeErrors,
  loadOpenApi,
  REAL_SUBSCRIPTIONS_FILE,
  type SchemaSet,
} from './openapi-schemas';

const CUSTOMERS = '/api/v3/accounts/{accountId}/customers';
const CUSTOMER = '/api/v3/accounts/{accountId}/customers/{customerId}';
const PROFILES = '/api/v3/accounts/{accountId}/customers/{customerId}/cloudProfiles';
const SUBSCRIPTIONS = '/api/v3/accounts/{accountId}/subscriptions';

type Body = Record<string, unknown>;

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: Body }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Body };
}

function form(values: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  };
}

function expectValid(validate: ReturnType<SchemaSet['component']>, body: unknown, what: string): void {
  const ok = validate(body);
  if (!ok) throw new Error(`${what} does not match the OpenAPI document:\n  ${describeErrors(validate).join('\n  ')}`);
}

describe('Ion sandbox answers validate against the OpenAPI document', () => {
  let sandbox: IonSandbox;
  let strict: SchemaSet;
  let bearer: RequestInit;
  let firstToken: Body;
  const real = JSON.parse(fs.readFileSync(REAL_SUBSCRIPTIONS_FILE, 'utf8')) as { items: Body[] };

  beforeAll(async () => {
    sandbox = await startIonSandbox({ seed: 'openapi', customers: 40, subscriptionsPerCustomer: 4 });
    strict = buildSchemaSet({
      strict: true,
      deviations: ['lowercaseSubscriptionStatus', 'undocumentedSubscriptionFields'],
    });
    const token = await call(
      sandbox.tokenUrl,
      form({ grant_type: 'refresh_token', refresh_token: sandbox.refreshToken }),
    );
    expect(token.status).toBe(200);
    firstToken = token.body;
    bearer = { headers: { Authorization: `Bearer ${String(token.body.access_token)}` } };
  });
  afterAll(() => sandbox.close());

  it('reads the document the connector is built on', () => {
    const paths = loadOpenApi().paths as Record<string, unknown>;
    for (const p of ['/oauth/token', '/oauth/validateAccess', CUSTOMERS, CUSTOMER, PROFILES, SUBSCRIPTIONS])
      expect(paths[p]).toBeDefined();
  });

  it('needs exactly the two known deviations for the real anonymised response (and they are enough)', () => {
    const plain = buildSchemaSet({ strict: true, deviations: [] }).component('ListSubscriptions');
    expect(plain(real)).toBe(false);
    const complaints = new Set(describeErrors(plain).map((line) => line.replace(/^\/items\/\d+/, '/items/*')));
    expect([...complaints].sort()).toEqual([
      '/items/* must NOT have additional properties (mfgPartNumber)',
      '/items/* must NOT have additional properties (total)',
      '/items/*/subscriptionStatus must be equal to one of the allowed values',
    ]);
    expectValid(strict.component('ListSubscriptions'), real, 'the real response');
  });

  it('the strict validator catches drift: an unknown field, a number quantity, a null', async () => {
    const page = (await call(`${sandbox.apiUrl}subscriptions?pagination.limit=2`, bearer)).body as { items: Body[] };
    const validate = strict.response(SUBSCRIPTIONS, 'get', '200');
    expect(validate(page)).toBe(true);
    for (const mutate of [
      (l: Body) => (l.quantity = 3),
      (l: Body) => (l.subscriptionTotalLicenses = 3),
      (l: Body) => (l.resellerPO = null),
      (l: Body) => (l.subscriptionStatus = 'frozen'),
    ]) {
      const copy = structuredClone(page);
      mutate(copy.items[0]);
      expect(validate(copy)).toBe(false);
    }
  });

  it('customer pages (cursor paging to the end) match ListCustomers', async () => {
    const validate = strict.response(CUSTOMERS, 'get', '200');
    let token: string | undefined;
    let pages = 0;
    let customers = 0;
    do {
      const q = new URLSearchParams({ pageSize: '7', ...(token ? { pageToken: token } : {}) });
      const { status, body } = await call(`${sandbox.apiUrl}customers?${q}`, bearer);
      expect(status).toBe(200);
      expectValid(validate, body, `customers page ${pages + 1}`);
      customers += (body.customers as unknown[]).length;
      token = body.nextPageToken as string | undefined;
      pages++;
    } while (token);
    expect(pages).toBe(6);
    expect(customers).toBe(40);
  });

  it('one customer matches GetCustomerResponse, and cloud profiles of every customer match CustomerCloudProfiles', async () => {
    const one = sandbox.customers()[0];
    const customer = await call(`${sandbox.apiUrl}customers/${one.customerId}`, bearer);
    expectValid(strict.response(CUSTOMER, 'get', '200'), customer.body, 'a customer');
    const validate = strict.response(PROFILES, 'get', '200');
    const kinds = new Set<string>();
    for (const c of sandbox.customers()) {
      const { status, body } = await call(
        `${sandbox.apiUrl}customers/${c.customerId}/cloudProfiles?providerId=30`,
        bearer,
      );
      expect(status).toBe(200);
      expectValid(validate, body, `cloud profiles of ${c.customerId}`);
      kinds.add(!c.microsoft ? 'none' : c.microsoft.tenantId ? 'tenant' : 'no tenant');
    }
    // Every variant the sandbox has was validated.
    expect([...kinds].sort()).toEqual(['no tenant', 'none', 'tenant']);
  });

  it('subscription pages match ListSubscriptions: whole account, per customer, per provider and status', async () => {
    const validate = strict.response(SUBSCRIPTIONS, 'get', '200');
    const all = sandbox.subscriptions();
    const lines: Body[] = [];
    for (let offset = 0; offset < all.length; offset += 50) {
      const { body } = await call(
        `${sandbox.apiUrl}subscriptions?pagination.limit=50&pagination.offset=${offset}`,
        bearer,
      );
      expectValid(validate, body, `subscriptions at offset ${offset}`);
      expect((body.paginationResponse as Body).totalSize).toBe(all.length);
      lines.push(...(body.items as Body[]));
    }
    expect(lines).toHaveLength(all.length);
    // Licence lines, Azure plan lines and another provider's lines are all among them.
    expect(lines.some((l) => l.mfgPartNumber)).toBe(true);
    expect(lines.some((l) => l.subscriptionProductId === 'DZH318Z0BPS6')).toBe(true);
    expect(lines.some((l) => l.cloudProviderId !== '30')).toBe(true);
    const customerId = all[0].customerId;
    for (const q of [`customerId=${customerId}`, 'providerId=30', 'subscriptionStatus=ACTIVE']) {
      const { body } = await call(`${sandbox.apiUrl}subscriptions?${q}`, bearer);
      expectValid(validate, body, `subscriptions?${q}`);
      expect((body.items as Body[]).length).toBeGreaterThan(0);
    }
  });

  it('token answers match the document: a renewal, a refused (reused) token, validateAccess', async () => {
    expectValid(strict.response('/oauth/token', 'post', '200'), firstToken, 'the token answer');
    const reused = await call(
      sandbox.tokenUrl,
      form({ grant_type: 'refresh_token', refresh_token: sandbox.refreshToken }),
    );
    expect(reused.status).toBe(400);
    expectValid(strict.response('/oauth/token', 'post', '400'), reused.body, 'the refused token answer');
    expect(reused.body).toEqual({ error: TOKEN_ERROR });
    expect(strict.example('/oauth/token', 'post', '400')).toEqual({ error: TOKEN_ERROR });
    const fresh = sandbox.newCredentials();
    const renewed = await call(sandbox.tokenUrl, form({ grant_type: 'refresh_token', refresh_token: fresh }));
    const valid = await call(
      sandbox.url + '/oauth/validateAccess',
      form({ access_token: String(renewed.body.access_token) }),
    );
    expectValid(strict.response('/oauth/validateAccess', 'post', '200'), valid.body, 'validateAccess');
    const invalid = await call(sandbox.url + '/oauth/validateAccess', form({ access_token: 'NOT-A-TOKEN' }));
    expect(invalid.status).toBe(400);
    expectValid(strict.response('/oauth/validateAccess', 'post', '400'), invalid.body, 'validateAccess refused');
    bearer = { headers: { Authorization: `Bearer ${String(renewed.body.access_token)}` } };
  });

  it('errors are the Google-RPC bodies the document shows, with the same codes (and messages where fixed)', async () => {
    const noPageSize = await call(`${sandbox.apiUrl}customers`, bearer);
    expect(noPageSize.status).toBe(400);
    expectValid(strict.response(CUSTOMERS, 'get', '400'), noPageSize.body, 'the 400');
    const example400 = strict.example(CUSTOMERS, 'get', '400') as Body;
    expect([noPageSize.body.error, noPageSize.body.message, noPageSize.body.code]).toEqual([
      example400.error,
      example400.message,
      example400.code,
    ]);

    const otherAccount = await call(
      sandbox.apiUrl.replace(`/accounts/${sandbox.accountId}/`, '/accounts/10001/') + 'customers?pageSize=5',
      bearer,
    );
    expect(otherAccount.status).toBe(403);
    expectValid(strict.response(CUSTOMERS, 'get', '403', 'PermissionDeniedError'), otherAccount.body, 'the 403');
    expect(otherAccount.body.message).toBe(
      (strict.example(CUSTOMERS, 'get', '403', 'PermissionDeniedError') as Body).message,
    );

    const missing = await call(`${sandbox.apiUrl}customers/99999999`, bearer);
    expect(missing.status).toBe(404);
    expectValid(strict.response(CUSTOMER, 'get', '404'), missing.body, 'the 404');
    expect(missing.body.message).toBe(`resource 'accounts/${sandbox.accountId}/customers/99999999' not found`);

    sandbox.setFaults({ serverError: { kind: 'subscriptions', firstN: 1 } });
    try {
      const failed = await call(`${sandbox.apiUrl}subscriptions`, bearer);
      expect(failed.status).toBe(500);
      expectValid(strict.response(SUBSCRIPTIONS, 'get', '500'), failed.body, 'the 500');
      expect(failed.body.error).toBe('INTERNAL_ERROR');
    } finally {
      sandbox.setFaults({});
    }
  });

  it("subscription lines have the real response's fields, types and value formats", async () => {
    const { body } = await call(`${sandbox.apiUrl}subscriptions?providerId=30&pagination.limit=200`, bearer);
    const ours = body.items as Body[];
    const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
    const always = (items: Body[]) => Object.keys(items[0]).filter((k) => items.every((i) => k in i));
    // Every field real answers always carry, ours carry too, with the same JSON type.
    for (const key of always(real.items)) {
      for (const line of ours) expect([key, typeOf(line[key])]).toEqual([key, typeOf(real.items[0][key])]);
    }
    // Fields real answers carry only sometimes (POs; the part number, absent on Azure plan lines) occur in ours the same way.
    const licence = ours.filter((l) => l.mfgPartNumber);
    const azure = ours.filter((l) => l.subscriptionProductId === 'DZH318Z0BPS6');
    expect(licence.length).toBeGreaterThan(10);
    expect(azure.length).toBeGreaterThan(0);
    expect(azure.every((l) => l.mfgPartNumber === undefined)).toBe(true);
    expect(
      real.items.filter((l) => l.subscriptionProductId === 'DZH318Z0BPS6').every((l) => l.mfgPartNumber === undefined),
    ).toBe(true);
    // Value formats, as in the real response.
    const formats: Array<[string, RegExp]> = [
      ['id', /^\d+$/],
      ['customerId', /^\d+$/],
      ['subscriptionTotalLicenses', /^\d+$/],
      ['subscriptionStatus', /^[a-z_]+$/],
      ['subscriptionStartDate', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/],
      ['subscriptionBillingTerm', /^P\d+[MY]$/],
      ['subscriptionOfferId', /^([A-Z0-9]{12}:[A-Z0-9]{4}:[A-Z0-9]{12}|[A-Z]{2},[A-Z0-9]{12},[A-Z0-9]{4})$/],
    ];
    for (const [key, pattern] of formats) {
      for (const item of [...real.items, ...ours])
        expect([key, String(item[key])]).toEqual([key, expect.stringMatching(pattern)]);
    }
    for (const item of [...real.items.filter((l) => l.mfgPartNumber), ...licence])
      expect(String(item.mfgPartNumber)).toMatch(/^[A-Z0-9]{12}:[A-Z0-9]{4}:P\d+[MY]:[A-Z]$/);
    // total = price x quantity, as in the real response.
    for (const item of [...real.items, ...ours])
      expect(Number(item.total)).toBeCloseTo(Number(item.price) * Number(item.subscriptionTotalLicenses), 2);
  });
});
