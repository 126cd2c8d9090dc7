/**
 * The emulator driven exactly as an integrator drives Dataverse: dynamics-web-api v2 with a token from
 * @azure/msal-node's client-credentials flow. Nothing here knows it talks to an emulator except the
 * URL and the authority; what these calls send is what real code sends.
 *
 * dynamics-web-api uses Node's https module with its own agent and no CA option, so the process must
 * trust the emulator's CA through NODE_EXTRA_CA_CERTS, which Node reads only at start-up: `npm test`
 * (scripts/run-tests.js) sets it before jest starts. Run alone with
 *   NODE_EXTRA_CA_CERTS=~/.w365/emulator/ca.pem npx jest tests/emulators/dataverse/dynamics-web-api.test.ts
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { DynamicsWebApi } from 'dynamics-web-api';
import { startDataverseEmulator, type DataverseEmulator } from '../../../emulators/dataverse';
import { Tables } from '../../../solution/schema';
import { shippedSolutionZip } from '../../helpers/solution-zip';
import { requireTrustedEmulatorCa } from './helpers';

const A = Tables.account;
const P = Tables.provider;
const PA = Tables.providerAccount;

let emu: DataverseEmulator;
let api: DynamicsWebApi;
let providerId: string;

beforeAll(async () => {
  requireTrustedEmulatorCa();
  emu = await startDataverseEmulator({ solutions: [await shippedSolutionZip()] });
  // msal-node as an integrator configures it: the emulator's authority, known so that msal does not
  // run instance discovery against login.microsoftonline.com; the CA comes from NODE_EXTRA_CA_CERTS.
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: 'w365-sync-service',
      clientSecret: 'emulator-secret-change-me',
      authority: emu.authority,
      knownAuthorities: [new URL(emu.url).host],
    },
  });
  api = new DynamicsWebApi({
    serverUrl: emu.url,
    onTokenRefresh: async () => {
      const r = await msal.acquireTokenByClientCredential({ scopes: [`${emu.url}/.default`] });
      return r?.accessToken ?? null;
    },
  });
  providerId = (await api.create({
    collection: P.entitySetName,
    data: { [P.col.name]: 'TechData', [P.col.internalName]: 'td' },
  })) as string;
});
afterAll(() => emu?.close());

test('create returns the new id; retrieve with select', async () => {
  const id = (await api.create({
    collection: A.entitySetName,
    data: { [A.col.name]: 'Contoso', [A.col.accountNumber]: 'C-1' },
  })) as string;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const row = await api.retrieve<Record<string, unknown>>({
    collection: A.entitySetName,
    key: id,
    select: [A.col.name, A.col.accountNumber],
  });
  expect(row).toMatchObject({ [A.col.id]: id, [A.col.name]: 'Contoso', [A.col.accountNumber]: 'C-1' });
  expect(row['@odata.etag']).toMatch(/^W\/"\d+"$/);
});

test('create with returnRepresentation, lookups bound by navigation property, annotations parsed by the client', async () => {
  const created = await api.create<Record<string, unknown>>({
    collection: PA.entitySetName,
    data: {
      [PA.col.name]: 'Customer 1',
      [PA.col.providerSpecificId]: 'C-1',
      [`${PA.nav.provider}@odata.bind`]: `${P.entitySetName}(${providerId})`,
    },
    returnRepresentation: true,
    select: [PA.col.name, PA.val.provider],
  });
  expect(created).toMatchObject({ [PA.col.name]: 'Customer 1', [PA.val.provider]: providerId });
  const withNames = await api.retrieve<Record<string, unknown>>({
    collection: PA.entitySetName,
    key: `${PA.val.provider}=${providerId},${PA.col.providerSpecificId}='C-1'`,
    select: [PA.col.name, PA.val.provider],
    includeAnnotations: 'OData.Community.Display.V1.FormattedValue',
  });
  // dynamics-web-api maps the FormattedValue annotation to <prop>_Formatted
  expect(withNames[`${PA.val.provider}_Formatted`]).toBe('TechData');
});

test('retrieveMultiple pages with maxPageSize and the nextLink; retrieveAll follows every page', async () => {
  for (let i = 0; i < 23; i += 1) {
    await api.create({ collection: A.entitySetName, data: { [A.col.name]: `Paged ${String(i).padStart(2, '0')}` } });
  }
  const request = {
    collection: A.entitySetName,
    select: [A.col.name],
    filter: `startswith(${A.col.name},'Paged ')`,
    orderBy: [A.col.name],
    maxPageSize: 10,
  };
  const page1 = await api.retrieveMultiple<Record<string, unknown>>(request);
  expect(page1.value).toHaveLength(10);
  expect(page1.oDataNextLink).toContain('$skiptoken=');
  const page2 = await api.retrieveMultiple<Record<string, unknown>>(request, page1.oDataNextLink);
  expect(page2.value[0][A.col.name]).toBe('Paged 10');
  const all = await api.retrieveAll<Record<string, unknown>>(request);
  expect(all.value.map((v) => v[A.col.name])).toEqual(
    Array.from({ length: 23 }, (_, i) => `Paged ${String(i).padStart(2, '0')}`),
  );
  const count = await api.count({ collection: A.entitySetName, filter: `startswith(${A.col.name},'Paged ')` });
  expect(count).toBe(23);
});

test('update (If-Match: * by default) and its answer for a missing row', async () => {
  const id = (await api.create({ collection: A.entitySetName, data: { [A.col.name]: 'Before' } })) as string;
  await api.update({ collection: A.entitySetName, key: id, data: { [A.col.name]: 'After' } });
  expect(
    (await api.retrieve<Record<string, unknown>>({ collection: A.entitySetName, key: id, select: [A.col.name] }))[
      A.col.name
    ],
  ).toBe('After');
  await expect(
    api.update({
      collection: A.entitySetName,
      key: '99999999-9999-4999-8999-999999999999',
      data: { [A.col.name]: 'x' },
    }),
  ).rejects.toMatchObject({
    status: 404,
    code: '0x80040217',
  });
});

test('upsert by alternate key; ifnonematch "*" creates only, ifmatch "*" updates only (the client answers null when refused)', async () => {
  const key = `${PA.val.provider}=${providerId},${PA.col.providerSpecificId}='UP-1'`;
  const created = await api.upsert({
    collection: PA.entitySetName,
    key,
    data: { [PA.col.name]: 'Upserted' },
    ifnonematch: '*',
  });
  expect(created).toMatch(/^[0-9a-f-]{36}$/);
  const again = await api.upsert({
    collection: PA.entitySetName,
    key,
    data: { [PA.col.name]: 'Twice' },
    ifnonematch: '*',
  });
  expect(again).toBeNull(); // 412: it exists
  await api.upsert({ collection: PA.entitySetName, key, data: { [PA.col.name]: 'Updated' }, ifmatch: '*' });
  expect(
    (await api.retrieve<Record<string, unknown>>({ collection: PA.entitySetName, key, select: [PA.col.name] }))[
      PA.col.name
    ],
  ).toBe('Updated');
  const missing = await api.upsert({
    collection: PA.entitySetName,
    key: `${PA.val.provider}=${providerId},${PA.col.providerSpecificId}='NONE'`,
    data: { [PA.col.name]: 'x' },
    ifmatch: '*',
  });
  expect(missing).toBeNull(); // 404: nothing to update
  const plain = await api.upsert({
    collection: PA.entitySetName,
    key: `${PA.val.provider}=${providerId},${PA.col.providerSpecificId}='UP-2'`,
    data: { [PA.col.name]: 'No condition' },
  });
  expect(plain).toMatch(/^[0-9a-f-]{36}$/);
});

test("a duplicate alternate key surfaces as the client's error with Dataverse's code", async () => {
  const data = {
    [PA.col.name]: 'Dup',
    [PA.col.providerSpecificId]: 'DUP',
    [`${PA.nav.provider}@odata.bind`]: `${P.entitySetName}(${providerId})`,
  };
  await api.create({ collection: PA.entitySetName, data });
  await expect(api.create({ collection: PA.entitySetName, data })).rejects.toMatchObject({
    status: 412,
    code: '0x80060892',
  });
});

test('deleteRecord', async () => {
  const id = (await api.create({ collection: A.entitySetName, data: { [A.col.name]: 'Delete me' } })) as string;
  expect(await api.deleteRecord({ collection: A.entitySetName, key: id })).toBe(true);
  await expect(api.retrieve({ collection: A.entitySetName, key: id })).rejects.toMatchObject({ status: 404 });
});

test('a batch with a change set: Content-ID reference between creates, then a GET outside the change set', async () => {
  api.startBatch();
  void api.create({ collection: A.entitySetName, data: { [A.col.name]: 'Batch parent' }, contentId: '1' });
  void api.create({
    collection: A.entitySetName,
    data: { [A.col.name]: 'Batch child', [`${A.nav.parentAccount}@odata.bind`]: '$1' },
  });
  void api.retrieveMultiple({
    collection: A.entitySetName,
    select: [A.col.name],
    filter: `startswith(${A.col.name},'Batch ')`,
  });
  const results = await api.executeBatch();
  expect(results).toHaveLength(3);
  const [parentId, childId, list] = results as [string, string, { value: Record<string, unknown>[] }];
  expect(parentId).toMatch(/^[0-9a-f-]{36}$/);
  expect(list.value).toHaveLength(2);
  const child = await api.retrieve<Record<string, unknown>>({
    collection: A.entitySetName,
    key: childId,
    select: [A.val.parentAccount],
  });
  expect(child[A.val.parentAccount]).toBe(parentId);
});

test('a failing change set rolls back and the client reports the error', async () => {
  const before = await api.count({ collection: A.entitySetName });
  api.startBatch();
  void api.create({ collection: A.entitySetName, data: { [A.col.name]: 'Never 1' } });
  void api.create({ collection: A.entitySetName, data: { [A.col.name]: 'x'.repeat(500) } });
  await expect(api.executeBatch()).rejects.toBeDefined();
  expect(await api.count({ collection: A.entitySetName })).toBe(before);
});

test('state change the way clients write it (statecode + statuscode) and WhoAmI through callFunction', async () => {
  const id = (await api.create({ collection: A.entitySetName, data: { [A.col.name]: 'To deactivate' } })) as string;
  await api.update({ collection: A.entitySetName, key: id, data: { [A.col.stateCode]: 1, [A.col.statusCode]: 2 } });
  const row = await api.retrieve<Record<string, unknown>>({
    collection: A.entitySetName,
    key: id,
    select: [A.col.stateCode, A.col.statusCode],
  });
  expect([row[A.col.stateCode], row[A.col.statusCode]]).toEqual([1, 2]);
  const who = await api.callFunction<{ UserId: string }>({ name: 'WhoAmI' });
  expect(who.UserId).toMatch(/^[0-9a-f-]{36}$/);
});
