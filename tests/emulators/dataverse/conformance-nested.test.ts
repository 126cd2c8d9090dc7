/**
 * Conformance, raw HTTP: requests below a record [C update-delete-entities-using-web-api.md,
 * associate-disassociate-entities-using-web-api.md]: a single property (GET, GET /$value, PUT
 * {"value"}, DELETE), navigation properties (GET related, POST a related record into a collection),
 * and `$ref` on a single-valued navigation property. Also the service document, and "remove link" on
 * delete [I].
 */
import { Tables } from '../../../solution/schema';
import { startApi, type Api } from './helpers';

const A = Tables.account;
let api: Api;
let parent: string;

beforeAll(async () => {
  api = await startApi();
  parent = await api.create(A.entitySetName, { [A.col.name]: 'Parent', [A.col.accountNumber]: 'P-1' });
});
afterAll(() => api.close());

const parentLookup = A.columns.find((c) => c.logicalName === A.col.parentAccount)!;
const childrenNav = parentLookup.type === 'lookup' ? parentLookup.targets[0].relationshipName : '';

test('single property: GET answers {"value"}, /$value answers plain text, PUT sets it, DELETE clears it', async () => {
  const id = await api.create(A.entitySetName, { [A.col.name]: 'Props', [A.col.websiteUrl]: 'https://props.example' });
  const get = await api.get(`${A.entitySetName}(${id})/${A.col.websiteUrl}`);
  expect(get.status).toBe(200);
  expect(get.json).toEqual({
    '@odata.context': `${api.emu.webApiUrl}/$metadata#accounts(${id})/${A.col.websiteUrl}`,
    value: 'https://props.example',
  });
  const raw = await api.get(`${A.entitySetName}(${id})/${A.col.websiteUrl}/$value`);
  expect(raw.headers['content-type']).toMatch(/^text\/plain/);
  expect(raw.text).toBe('https://props.example');
  expect(
    (await api.request('PUT', `${A.entitySetName}(${id})/${A.col.name}`, { body: { value: 'Renamed' } })).status,
  ).toBe(204);
  expect((await api.del(`${A.entitySetName}(${id})/${A.col.websiteUrl}`)).status).toBe(204);
  const row = (await api.get(`${A.entitySetName}(${id})`)).json;
  expect(row[A.col.name]).toBe('Renamed');
  expect(row[A.col.websiteUrl]).toBeNull();
  // the length rule applies to a property PUT as well
  expect(
    (await api.request('PUT', `${A.entitySetName}(${id})/${A.col.name}`, { body: { value: 'x'.repeat(161) } })).status,
  ).toBe(400);
});

test('POST into a collection navigation property creates a related record bound to the parent', async () => {
  const r = await api.post(`${A.entitySetName}(${parent})/${childrenNav}`, { [A.col.name]: 'Child via nav' });
  expect(r.status).toBe(204);
  const childId = /\(([0-9a-f-]{36})\)/.exec(r.headers['odata-entityid'])![1];
  expect((await api.get(`${A.entitySetName}(${childId})`)).json[A.val.parentAccount]).toBe(parent);
  const related = await api.get(`${A.entitySetName}(${parent})/${childrenNav}?$select=${A.col.name}`);
  expect(related.status).toBe(200);
  expect(related.json.value.map((v: Record<string, unknown>) => v[A.col.name])).toEqual(['Child via nav']);
});

test('GET a single-valued navigation property answers the related record (204 when empty)', async () => {
  const child = await api.create(A.entitySetName, {
    [A.col.name]: 'Has parent',
    [`${A.nav.parentAccount}@odata.bind`]: `/${A.entitySetName}(${parent})`,
  });
  const r = await api.get(`${A.entitySetName}(${child})/${A.nav.parentAccount}?$select=${A.col.accountNumber}`);
  expect(r.status).toBe(200);
  expect(r.json[A.col.accountNumber]).toBe('P-1');
  expect((await api.get(`${A.entitySetName}(${parent})/${A.nav.parentAccount}`)).status).toBe(204);
});

test('$ref: PUT {"@odata.id"} associates, DELETE disassociates', async () => {
  const child = await api.create(A.entitySetName, { [A.col.name]: 'Ref child' });
  const put = await api.request('PUT', `${A.entitySetName}(${child})/${A.nav.parentAccount}/$ref`, {
    body: { '@odata.id': `${api.emu.webApiUrl}/${A.entitySetName}(${parent})` },
  });
  expect(put.status).toBe(204);
  expect((await api.get(`${A.entitySetName}(${child})`)).json[A.val.parentAccount]).toBe(parent);
  expect((await api.del(`${A.entitySetName}(${child})/${A.nav.parentAccount}/$ref`)).status).toBe(204);
  expect((await api.get(`${A.entitySetName}(${child})`)).json[A.val.parentAccount]).toBeNull();
});

test('deleting a referenced row clears the lookups that pointed at it ("Remove Link") [I]', async () => {
  const p = await api.create(A.entitySetName, { [A.col.name]: 'Short-lived parent' });
  const c = await api.create(A.entitySetName, {
    [A.col.name]: 'Orphan',
    [`${A.nav.parentAccount}@odata.bind`]: `/${A.entitySetName}(${p})`,
  });
  const before = (await api.get(`${A.entitySetName}(${c})`)).json['@odata.etag'];
  expect((await api.del(`${A.entitySetName}(${p})`)).status).toBe(204);
  const after = (await api.get(`${A.entitySetName}(${c})`)).json;
  expect(after[A.val.parentAccount]).toBeNull();
  expect(after['@odata.etag']).not.toBe(before);
});

test('the service document lists the entity sets of the schema', async () => {
  const r = await api.get('');
  expect(r.status).toBe(200);
  const sets = r.json.value.map((v: { name: string }) => v.name);
  for (const t of Object.values(Tables)) expect(sets).toContain(t.entitySetName);
});
