/**
 * Conformance, raw HTTP: dataverse.md §7 items 1 (CRUD, status codes, headers, ETags), 2 (key forms),
 * 3 (upsert and conditional headers) and 4 (key violations and not-found errors).
 */
import { Choices, Tables } from '../../../solution/schema';
import { GUID_RE, startApi, type Api } from './helpers';

const A = Tables.account;
const P = Tables.provider;
const PA = Tables.providerAccount;
const LCL = Tables.licenseChangeLog;

let api: Api;
let providerId: string;

beforeAll(async () => {
  api = await startApi();
  providerId = await api.create(P.entitySetName, {
    [P.col.name]: 'TechData',
    [P.col.internalName]: 'Providers.TechDataCspProvider',
  });
});
afterAll(() => api.close());

const etagNumber = (etag: string) => Number(/^W\/"(\d+)"$/.exec(etag)![1]);

describe('§7.1 create, read, update, delete', () => {
  test('POST answers 204 with OData-EntityId and no body', async () => {
    const r = await api.post(A.entitySetName, { [A.col.name]: 'Contoso' });
    expect(r.status).toBe(204);
    expect(r.headers['odata-version']).toBe('4.0');
    expect(r.headers['odata-entityid']).toMatch(
      new RegExp(`^${api.emu.webApiUrl.replace(/[.]/g, '\\.')}/accounts\\(${GUID_RE.source}\\)$`),
    );
    expect(r.text).toBe('');
  });

  test('POST with return=representation answers 201 with the record, ETag and Preference-Applied, and no OData-EntityId', async () => {
    const r = await api.post(
      `${A.entitySetName}?$select=${A.col.name}`,
      { [A.col.name]: 'Fabrikam', [A.col.accountNumber]: 'F-1' },
      { Prefer: 'return=representation' },
    );
    expect(r.status).toBe(201);
    expect(r.headers['preference-applied']).toBe('return=representation');
    expect(r.headers['odata-entityid']).toBeUndefined();
    expect(r.headers.etag).toMatch(/^W\/"\d+"$/);
    expect(r.json['@odata.context']).toBe(`${api.emu.webApiUrl}/$metadata#accounts(name)/$entity`);
    expect(r.json['@odata.etag']).toBe(r.headers.etag);
    // $select honoured; the primary key always comes back.
    expect(Object.keys(r.json).sort()).toEqual(['@odata.context', '@odata.etag', A.col.id, A.col.name].sort());
    expect(r.json[A.col.name]).toBe('Fabrikam');
  });

  test('GET by id returns every readable column (nulls included), lookups as _x_value, and the etag', async () => {
    const id = await api.create(A.entitySetName, {
      [A.col.name]: 'Northwind',
      [A.col.emailAddress1]: 'info@northwind.example',
    });
    const r = await api.get(`${A.entitySetName}(${id})`);
    expect(r.status).toBe(200);
    expect(r.json[A.col.id]).toBe(id);
    expect(r.json[A.col.name]).toBe('Northwind');
    expect(r.json[A.col.websiteUrl]).toBeNull();
    expect(r.json[A.val.parentAccount]).toBeNull();
    expect(r.json).not.toHaveProperty(A.col.parentAccount);
    expect(r.json[A.col.stateCode]).toBe(0);
    expect(r.json[A.col.statusCode]).toBe(1);
    expect(r.json.createdon).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(r.json['@odata.etag']).toBe(`W/"${r.json.versionnumber}"`);
    expect(r.headers.etag).toBe(r.json['@odata.etag']);
  });

  test('versionnumber is global and grows with every write; the etag follows it', async () => {
    const a = await api.create(A.entitySetName, { [A.col.name]: 'A' });
    const b = await api.create(A.entitySetName, { [A.col.name]: 'B' });
    const va = etagNumber((await api.get(`${A.entitySetName}(${a})`)).json['@odata.etag']);
    const vb = etagNumber((await api.get(`${A.entitySetName}(${b})`)).json['@odata.etag']);
    expect(vb).toBeGreaterThan(va);
    await api.patch(`${A.entitySetName}(${a})`, { [A.col.name]: 'A2' });
    const va2 = etagNumber((await api.get(`${A.entitySetName}(${a})`)).json['@odata.etag']);
    expect(va2).toBeGreaterThan(vb);
  });

  test('PATCH answers 204 with OData-EntityId, or 200 with the record when asked', async () => {
    const id = await api.create(A.entitySetName, { [A.col.name]: 'Old' });
    const plain = await api.patch(`${A.entitySetName}(${id})`, { [A.col.name]: 'New' });
    expect(plain.status).toBe(204);
    expect(plain.headers['odata-entityid']).toBe(`${api.emu.webApiUrl}/accounts(${id})`);
    const rep = await api.patch(
      `${A.entitySetName}(${id})?$select=${A.col.name}`,
      { [A.col.name]: 'Newer' },
      { Prefer: 'return=representation' },
    );
    expect(rep.status).toBe(200);
    expect(rep.json[A.col.name]).toBe('Newer');
    expect(rep.headers.etag).toBe(rep.json['@odata.etag']);
  });

  test("DELETE answers 204; the row is gone (404 with 0x80040217 and Dataverse's text); deleting again is 404", async () => {
    const id = await api.create(A.entitySetName, { [A.col.name]: 'Doomed' });
    expect((await api.del(`${A.entitySetName}(${id})`)).status).toBe(204);
    const r = await api.get(`${A.entitySetName}(${id})`);
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: { code: '0x80040217', message: `account With Id = ${id} Does Not Exist` } });
    expect((await api.del(`${A.entitySetName}(${id})`)).status).toBe(404);
  });

  test('a client-supplied primary key on create is used', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const r = await api.post(A.entitySetName, { [A.col.id]: id, [A.col.name]: 'Chosen id' });
    expect(r.status).toBe(204);
    expect(r.headers['odata-entityid']).toContain(`(${id})`);
    const again = await api.post(A.entitySetName, { [A.col.id]: id, [A.col.name]: 'Same id' });
    expect(again.status).toBe(412);
  });

  test('system columns are maintained by the platform and cannot be written [I: Dataverse may ignore them instead]', async () => {
    const id = await api.create(A.entitySetName, { [A.col.name]: 'Sys' });
    const r = await api.patch(`${A.entitySetName}(${id})`, { createdon: '2020-01-01T00:00:00Z' });
    expect(r.status).toBe(400);
    expect((await api.get(`${A.entitySetName}(${id})`)).json.createdon).not.toBe('2020-01-01T00:00:00Z');
  });
});

describe('§7.2 key forms', () => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await api.create(A.entitySetName, { [A.col.name]: 'Keyed' });
    await api.post(PA.entitySetName, {
      [PA.col.name]: 'Customer C-1',
      [PA.col.providerSpecificId]: 'C-1',
      [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
    });
  });

  test('(guid) and (pk=guid) address the same row', async () => {
    const a = await api.get(`${A.entitySetName}(${accountId})`);
    const b = await api.get(`${A.entitySetName}(${A.col.id}=${accountId})`);
    expect(a.status).toBe(200);
    expect(b.json[A.col.name]).toBe('Keyed');
  });

  test('a two-part alternate key with a lookup (_x_value=guid) addresses the row', async () => {
    const r = await api.get(`${PA.entitySetName}(${PA.val.provider}=${providerId},${PA.col.providerSpecificId}='C-1')`);
    expect(r.status).toBe(200);
    expect(r.json[PA.col.name]).toBe('Customer C-1');
    expect(r.json[PA.val.provider]).toBe(providerId);
    // key parts in any order
    const swapped = await api.get(
      `${PA.entitySetName}(${PA.col.providerSpecificId}='C-1',${PA.val.provider}=${providerId})`,
    );
    expect(swapped.status).toBe(200);
  });

  test('columns that are not a declared key get Dataverse\'s "key in the request URI is not valid" (400)', async () => {
    const r = await api.get(`${A.entitySetName}(${A.col.name}='Keyed')`);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe(
      "The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.account'. Ensure that the names and number of key properties match the declared or alternate key properties for the resource 'Microsoft.Dynamics.CRM.account'.",
    );
    // half a key is not a key either
    expect((await api.get(`${PA.entitySetName}(${PA.col.providerSpecificId}='C-1')`)).status).toBe(400);
    // a lookup in a key is named _x_value, not by its logical name
    expect(
      (await api.get(`${PA.entitySetName}(${PA.col.provider}=${providerId},${PA.col.providerSpecificId}='C-1')`))
        .status,
    ).toBe(400);
  });

  test('doubled quotes in a key value', async () => {
    await api.post(LCL.entitySetName, {
      [LCL.col.name]: 'log',
      [LCL.col.changeKey]: "O'Bryan",
      [LCL.col.changeType]: Choices.changeType.Create,
      [LCL.col.provisioningStatus]: Choices.provisioningStatus.Provisioned,
      [LCL.col.source]: Choices.changeSource.Manual,
    });
    const r = await api.get(`${LCL.entitySetName}(${LCL.col.changeKey}='O''Bryan')`);
    expect(r.status).toBe(200);
    expect(r.json[LCL.col.changeKey]).toBe("O'Bryan");
  });
});

describe('§7.3 upsert and conditional requests', () => {
  test('PATCH to a missing id creates it: 204 + OData-EntityId; 201 with return=representation; 200 when it then updates', async () => {
    const id = '22222222-3333-4444-8555-666666666666';
    const created = await api.patch(`${A.entitySetName}(${id})`, { [A.col.name]: 'Upserted' });
    expect(created.status).toBe(204);
    expect(created.headers['odata-entityid']).toBe(`${api.emu.webApiUrl}/accounts(${id})`);
    const id2 = '33333333-3333-4444-8555-666666666666';
    const rep = await api.patch(
      `${A.entitySetName}(${id2})`,
      { [A.col.name]: 'Upserted 2' },
      { Prefer: 'return=representation' },
    );
    expect(rep.status).toBe(201);
    const upd = await api.patch(
      `${A.entitySetName}(${id2})`,
      { [A.col.name]: 'Upserted 3' },
      { Prefer: 'return=representation' },
    );
    expect(upd.status).toBe(200);
    expect(upd.json[A.col.name]).toBe('Upserted 3');
  });

  test('upsert by alternate key: creates with the URL key values; an update cannot change the key', async () => {
    const url = `${PA.entitySetName}(${PA.val.provider}=${providerId},${PA.col.providerSpecificId}='C-77')`;
    const created = await api.patch(url, { [PA.col.name]: 'Seventy-seven' });
    expect(created.status).toBe(204);
    const id = GUID_RE.exec(created.headers['odata-entityid'])![0];
    const row = (await api.get(`${PA.entitySetName}(${id})`)).json;
    expect(row[PA.col.providerSpecificId]).toBe('C-77');
    expect(row[PA.val.provider]).toBe(providerId);
    // [C] on update, key values in the body are ignored
    const upd = await api.patch(url, { [PA.col.name]: 'Renamed', [PA.col.providerSpecificId]: 'C-78' });
    expect(upd.status).toBe(204);
    const after = (await api.get(`${PA.entitySetName}(${id})`)).json;
    expect(after[PA.col.name]).toBe('Renamed');
    expect(after[PA.col.providerSpecificId]).toBe('C-77');
  });

  test('upsert by a key whose lookup points at no row is 404, nothing is created', async () => {
    const missing = '88888888-8888-4888-8888-888888888888';
    const r = await api.patch(
      `${PA.entitySetName}(${PA.val.provider}=${missing},${PA.col.providerSpecificId}='ORPHAN')`,
      { [PA.col.name]: 'x' },
    );
    expect(r.status).toBe(404);
    expect(r.json.error).toEqual({ code: '0x80040217', message: `w365_provider With Id = ${missing} Does Not Exist` });
  });

  test('If-Match: * updates only: a missing row is 404, nothing is created', async () => {
    const id = '44444444-3333-4444-8555-666666666666';
    const r = await api.patch(`${A.entitySetName}(${id})`, { [A.col.name]: 'Never' }, { 'If-Match': '*' });
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('0x80040217');
    expect((await api.get(`${A.entitySetName}(${id})`)).status).toBe(404);
    const byKey = await api.patch(
      `${PA.entitySetName}(${PA.val.provider}=${providerId},${PA.col.providerSpecificId}='NOPE')`,
      { [PA.col.name]: 'x' },
      { 'If-Match': '*' },
    );
    expect(byKey.status).toBe(404);
    expect(byKey.json.error).toEqual({
      code: '0x80060891',
      message: 'A record with the specified key values does not exist in w365_provideraccount entity',
    });
  });

  test("If-None-Match: * creates only: an existing row is 412 with Dataverse's text", async () => {
    const id = await api.create(A.entitySetName, { [A.col.name]: 'Exists' });
    const r = await api.patch(`${A.entitySetName}(${id})`, { [A.col.name]: 'Changed' }, { 'If-None-Match': '*' });
    expect(r.status).toBe(412);
    expect(r.json.error.message).toBe('A record with matching key values already exists.');
    expect((await api.get(`${A.entitySetName}(${id})`)).json[A.col.name]).toBe('Exists');
  });

  test('If-Match with a stale etag is 412 ConcurrencyVersionMismatch; with the current one it updates', async () => {
    const id = await api.create(A.entitySetName, { [A.col.name]: 'V1' });
    const etag = (await api.get(`${A.entitySetName}(${id})`)).json['@odata.etag'];
    await api.patch(`${A.entitySetName}(${id})`, { [A.col.name]: 'V2' });
    const stale = await api.patch(`${A.entitySetName}(${id})`, { [A.col.name]: 'V3' }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect(stale.json.error).toEqual({
      code: '0x80060882',
      message: "The version of the existing record doesn't match the RowVersion property provided.",
    });
    const current = (await api.get(`${A.entitySetName}(${id})`)).json['@odata.etag'];
    expect((await api.patch(`${A.entitySetName}(${id})`, { [A.col.name]: 'V3' }, { 'If-Match': current })).status).toBe(
      204,
    );
    expect((await api.del(`${A.entitySetName}(${id})`, { 'If-Match': current })).status).toBe(412);
  });

  test('conditional GET: 304 when unchanged, 200 after a change, never 304 with $expand or annotations', async () => {
    const id = await api.create(A.entitySetName, { [A.col.name]: 'Cached' });
    const etag = (await api.get(`${A.entitySetName}(${id})`)).json['@odata.etag'];
    const r304 = await api.get(`${A.entitySetName}(${id})`, { 'If-None-Match': etag });
    expect(r304.status).toBe(304);
    expect(r304.text).toBe('');
    expect(
      (await api.get(`${A.entitySetName}(${id})?$expand=${A.nav.parentAccount}`, { 'If-None-Match': etag })).status,
    ).toBe(200);
    expect(
      (await api.get(`${A.entitySetName}(${id})`, { 'If-None-Match': etag, Prefer: 'odata.include-annotations="*"' }))
        .status,
    ).toBe(200);
    // the recommended "If-None-Match: null" header means "no condition"
    expect((await api.get(`${A.entitySetName}(${id})`, { 'If-None-Match': 'null' })).status).toBe(200);
    await api.patch(`${A.entitySetName}(${id})`, { [A.col.name]: 'Changed' });
    expect((await api.get(`${A.entitySetName}(${id})`, { 'If-None-Match': etag })).status).toBe(200);
  });

  test('conditional GET on a table without optimistic concurrency always answers 200', async () => {
    const se = Tables.serviceEndpoint;
    const id = await api.create(se.entitySetName, {
      [se.col.name]: 'hook',
      [se.col.contract]: Choices.serviceEndpointContract.Webhook,
      [se.col.url]: 'http://localhost:1/',
    });
    const etag = (await api.get(`${se.entitySetName}(${id})`)).json['@odata.etag'];
    expect((await api.get(`${se.entitySetName}(${id})`, { 'If-None-Match': etag })).status).toBe(200);
  });
});

describe('§7.4 key violations and not-found', () => {
  test("a duplicate alternate key on create is 412 0x80060892 with Dataverse's text [I: status 412]", async () => {
    const body = {
      [PA.col.name]: 'Dup',
      [PA.col.providerSpecificId]: 'DUP-1',
      [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
    };
    expect((await api.post(PA.entitySetName, body)).status).toBe(204);
    const r = await api.post(PA.entitySetName, body);
    expect(r.status).toBe(412);
    expect(r.json.error.code).toBe('0x80060892');
    expect(r.json.error.message).toBe(
      'Entity Key Provider and Provider Specific Id violated. A record with the same value for Provider, Provider Specific Id already exists. A duplicate record cannot be created. Select one or more unique values and try again.',
    );
  });

  test('a duplicate alternate key on update is 412 0x80060892 and the row keeps its value', async () => {
    const mk = (sid: string) =>
      api.create(PA.entitySetName, {
        [PA.col.name]: sid,
        [PA.col.providerSpecificId]: sid,
        [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
      });
    await mk('U-1');
    const id2 = await mk('U-2');
    const r = await api.patch(`${PA.entitySetName}(${id2})`, { [PA.col.providerSpecificId]: 'U-1' });
    expect(r.status).toBe(412);
    expect(r.json.error.code).toBe('0x80060892');
    expect((await api.get(`${PA.entitySetName}(${id2})`)).json[PA.col.providerSpecificId]).toBe('U-2');
  });

  test("alternate-key uniqueness is case-insensitive, like Dataverse's collation [I]", async () => {
    const mk = (sid: string) =>
      api.post(PA.entitySetName, {
        [PA.col.name]: sid,
        [PA.col.providerSpecificId]: sid,
        [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
      });
    expect((await mk('case-x')).status).toBe(204);
    expect((await mk('CASE-X')).status).toBe(412);
  });

  test('a key whose columns are partly null does not collide: two unmapped provider accounts coexist', async () => {
    // Key (provider, account): both rows have a provider and no account.
    const mk = (sid: string) =>
      api.post(PA.entitySetName, {
        [PA.col.name]: sid,
        [PA.col.providerSpecificId]: sid,
        [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
      });
    expect((await mk('UNMAPPED-1')).status).toBe(204);
    expect((await mk('UNMAPPED-2')).status).toBe(204);
    // ...but two rows mapped to the same account within a provider do collide.
    const acc = await api.create(A.entitySetName, { [A.col.name]: 'Mapped' });
    const map = (sid: string) =>
      api.post(PA.entitySetName, {
        [PA.col.name]: sid,
        [PA.col.providerSpecificId]: sid,
        [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
        [`${PA.nav.account}@odata.bind`]: `/${A.entitySetName}(${acc})`,
      });
    expect((await map('MAPPED-1')).status).toBe(204);
    const dup = await map('MAPPED-2');
    expect(dup.status).toBe(412);
    expect(dup.json.error.message).toContain('Entity Key Provider and CRM Account violated');
  });

  test('a bind to a missing row fails: 404 0x80040217 by id, 0x80060891 by alternate key; nothing is created', async () => {
    const before = (await api.get(`${PA.entitySetName}/$count`)).text;
    const missing = '99999999-9999-4999-8999-999999999999';
    const byId = await api.post(PA.entitySetName, {
      [PA.col.name]: 'x',
      [PA.col.providerSpecificId]: 'B-1',
      [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${missing})`,
    });
    expect(byId.status).toBe(404);
    expect(byId.json.error).toEqual({
      code: '0x80040217',
      message: `w365_provider With Id = ${missing} Does Not Exist`,
    });
    const S = Tables.subscription;
    const byKey = await api.post(S.entitySetName, {
      [S.col.name]: 'x',
      [`${S.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
      [`${S.nav.providerAccount}@odata.bind`]: `/${PA.entitySetName}(${PA.val.provider}=${providerId},${PA.col.providerSpecificId}='NO-SUCH')`,
    });
    expect(byKey.status).toBe(404);
    expect(byKey.json.error.code).toBe('0x80060891');
    expect((await api.get(`${PA.entitySetName}/$count`)).text).toBe(before);
  });

  test('binds accept absolute URLs, no leading slash, and alternate keys', async () => {
    const S = Tables.subscription;
    const r = await api.post(
      `${S.entitySetName}?$select=${S.col.name}`,
      {
        [S.col.name]: 'bound',
        [`${S.nav.provider}@odata.bind`]: `${api.emu.webApiUrl}/${P.entitySetName}(${providerId})`,
        [`${S.nav.providerAccount}@odata.bind`]: `${PA.entitySetName}(${PA.val.provider}=${providerId},${PA.col.providerSpecificId}='C-1')`,
      },
      { Prefer: 'return=representation' },
    );
    expect(r.status).toBe(201);
    const row = (await api.get(`${S.entitySetName}(${r.json[S.col.id]})`)).json;
    expect(row[S.val.provider]).toBe(providerId);
    expect(row[S.val.providerAccount]).toMatch(GUID_RE);
  });

  test('navigation property names are case-sensitive: a wrong case is OData\'s "undeclared property" error', async () => {
    const r = await api.post(PA.entitySetName, {
      [PA.col.name]: 'x',
      [PA.col.providerSpecificId]: 'CASE-1',
      [`${PA.col.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
    });
    expect(PA.col.provider).not.toBe(PA.nav.provider);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(
      /^An undeclared property 'w365_providerid' which only has property annotations in the payload/,
    );
  });
});
