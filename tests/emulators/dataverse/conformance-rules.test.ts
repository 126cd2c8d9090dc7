/**
 * Conformance, raw HTTP: dataverse.md §7 items 10 (error shape), 11 (statecode/statuscode rules),
 * WhoAmI, field security and write-only columns, and the bad-input cases of the issue (each one
 * answered with Dataverse's error shape and leaving nothing partly written).
 */
import { Choices, Tables } from '../../../solution/schema';
import { startApi, type Api } from './helpers';

const A = Tables.account;
const P = Tables.provider;
const J = Tables.syncJob;
const S = Tables.subscription;
const LCL = Tables.licenseChangeLog;
const SE = Tables.serviceEndpoint;

let api: Api;
let appShellToken: string;

beforeAll(async () => {
  api = await startApi();
  appShellToken = api.emu.getToken('w365-app-shell');
});
afterAll(() => api.close());

const count = async (set: string) => Number((await api.get(`${set}/$count`)).text);
const expectErrorShape = (json: unknown) => {
  expect(json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
};

describe('bad input: Dataverse error shape, nothing partly written', () => {
  test('malformed JSON on create and on update', async () => {
    const before = await count(A.entitySetName);
    const r = await api.request('POST', A.entitySetName, { body: `{"${A.col.name}": "x",`, raw: true });
    expect(r.status).toBe(400);
    expectErrorShape(r.json);
    expect(r.json.error.message).toMatch(/^Invalid JSON\./);
    expect(await count(A.entitySetName)).toBe(before);
    const id = await api.create(A.entitySetName, { [A.col.name]: 'Stable' });
    const u = await api.request('PATCH', `${A.entitySetName}(${id})`, { body: '[1,2]', raw: true });
    expect(u.status).toBe(400);
    expect((await api.get(`${A.entitySetName}(${id})`)).json[A.col.name]).toBe('Stable');
  });

  test('an unknown column, even after valid ones, writes nothing', async () => {
    const before = await count(A.entitySetName);
    const r = await api.post(A.entitySetName, { [A.col.name]: 'Valid', [A.col.accountNumber]: 'OK', revenue: 5 });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe(
      "Invalid property 'revenue' was found in entity 'Microsoft.Dynamics.CRM.account'.",
    );
    expect(await count(A.entitySetName)).toBe(before);
  });

  test('a wrong JSON type for a column', async () => {
    const r = await api.post(A.entitySetName, { [A.col.name]: 5 });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe("Cannot convert the literal '5' to the expected type 'Edm.String'.");
    const q = await api.post(S.entitySetName, { [S.col.name]: 'x', [S.col.quantity]: 'ten' });
    expect(q.status).toBe(400);
    expect(q.json.error.message).toBe("Cannot convert the literal 'ten' to the expected type 'Edm.Int32'.");
    const d = await api.post(S.entitySetName, { [S.col.name]: 'x', [S.col.startDate]: '31/12/2024' });
    expect(d.status).toBe(400);
    expect(await count(S.entitySetName)).toBe(0);
  });

  test('a string over its maximum length is the validation error of the batch doc [C]', async () => {
    const before = await count(A.entitySetName);
    const r = await api.post(A.entitySetName, { [A.col.name]: 'x'.repeat(161) });
    expect(r.status).toBe(400);
    expect(r.json.error).toEqual({
      code: '0x80044331',
      message:
        "A validation error occurred. The length of the 'name' attribute of the 'account' entity exceeded the maximum allowed length of '160'.",
    });
    expect(await count(A.entitySetName)).toBe(before);
    expect((await api.post(A.entitySetName, { [A.col.name]: 'x'.repeat(160) })).status).toBe(204);
  });

  test('numbers out of range and unknown choice values', async () => {
    const base = {
      [J.col.name]: 'job',
      [J.col.operation]: Choices.syncOperation.SyncSubscriptions,
      [J.col.jobStatus]: Choices.syncJobStatus.Queued,
    };
    const r = await api.post(J.entitySetName, { ...base, [J.col.progress]: 101 });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('0x80044331');
    const c = await api.post(J.entitySetName, { ...base, [J.col.jobStatus]: 12345 });
    expect(c.status).toBe(400);
    expect(c.json.error.message).toContain(`'${J.col.jobStatus}'`);
    expect(await count(J.entitySetName)).toBe(0);
  });

  test('an unknown entity set is 404 "Resource not found for the segment"', async () => {
    const r = await api.get('nosuchthings');
    expect(r.status).toBe(404);
    expect(r.json.error.message).toBe("Resource not found for the segment 'nosuchthings'.");
    expect((await api.post('nosuchthings', { a: 1 })).status).toBe(404);
  });

  test('a bind value that is not a URL string', async () => {
    const r = await api.post(S.entitySetName, { [S.col.name]: 'x', [`${S.nav.provider}@odata.bind`]: 42 });
    expect(r.status).toBe(400);
    expectErrorShape(r.json);
  });

  test('PATCH on a collection is 405; deep insert is refused honestly (501) rather than half-done', async () => {
    expect((await api.patch(A.entitySetName, { [A.col.name]: 'x' })).status).toBe(405);
    const before = await count(A.entitySetName);
    const deep = await api.post(A.entitySetName, {
      [A.col.name]: 'Parent',
      [A.nav.parentAccount]: { [A.col.name]: 'Child' },
    });
    expect(deep.status).toBe(501);
    expect(await count(A.entitySetName)).toBe(before);
  });

  test('SystemRequired columns must be present on create [I: message]', async () => {
    const r = await api.post(SE.entitySetName, { [SE.col.name]: 'no contract' });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain(SE.col.contract);
  });
});

describe('§7.11 statecode / statuscode', () => {
  test('create always starts in the first state; a status of another state is refused with 0x80048408 [C]', async () => {
    const r = await api.post(A.entitySetName, {
      [A.col.name]: 'Inactive at birth',
      [A.col.stateCode]: 1,
      [A.col.statusCode]: 2,
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('0x80048408');
    expect(r.json.error.message).toMatch(
      /^2 is not a valid status code for state code AccountState\.Active on account with Id [0-9a-f-]{36}\.$/,
    );
  });

  test("statecode alone takes the state's default status; a matching pair is accepted; a mismatched pair is refused", async () => {
    const id = await api.create(A.entitySetName, { [A.col.name]: 'Stateful' });
    expect((await api.patch(`${A.entitySetName}(${id})`, { [A.col.stateCode]: 1 })).status).toBe(204);
    let row = (await api.get(`${A.entitySetName}(${id})`)).json;
    expect([row[A.col.stateCode], row[A.col.statusCode]]).toEqual([1, 2]);
    expect((await api.patch(`${A.entitySetName}(${id})`, { [A.col.stateCode]: 0, [A.col.statusCode]: 1 })).status).toBe(
      204,
    );
    const bad = await api.patch(`${A.entitySetName}(${id})`, { [A.col.stateCode]: 0, [A.col.statusCode]: 2 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe(
      `2 is not a valid status code for state code AccountState.Active on account with Id ${id}.`,
    );
    row = (await api.get(`${A.entitySetName}(${id})`)).json;
    expect([row[A.col.stateCode], row[A.col.statusCode]]).toEqual([0, 1]);
  });

  test('statuscode alone moves the row to the state it belongs to [I]', async () => {
    const id = await api.create(A.entitySetName, { [A.col.name]: 'By status' });
    await api.patch(`${A.entitySetName}(${id})`, { [A.col.statusCode]: 2 });
    const row = (await api.get(`${A.entitySetName}(${id})`)).json;
    expect([row[A.col.stateCode], row[A.col.statusCode]]).toEqual([1, 2]);
  });

  test("a table's own status reasons come from the schema (License Change Log: Archived is an Active status)", async () => {
    const id = await api.create(LCL.entitySetName, {
      [LCL.col.name]: 'log',
      [LCL.col.changeType]: Choices.changeType.Increase,
      [LCL.col.provisioningStatus]: Choices.provisioningStatus.Provisioned,
      [LCL.col.source]: Choices.changeSource.ProviderSync,
    });
    const archived = LCL.states[0].statuses[1].value;
    expect((await api.patch(`${LCL.entitySetName}(${id})`, { [LCL.col.statusCode]: archived })).status).toBe(204);
    expect((await api.get(`${LCL.entitySetName}(${id})`)).json[LCL.col.stateCode]).toBe(0);
    expect((await api.patch(`${LCL.entitySetName}(${id})`, { [LCL.col.stateCode]: 7 })).status).toBe(400);
  });
});

describe('WhoAmI, application users and field security', () => {
  test("WhoAmI answers the calling application user's systemuserid", async () => {
    const service = await api.get('WhoAmI');
    expect(service.status).toBe(200);
    expect(service.json['@odata.context']).toBe(`${api.emu.webApiUrl}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`);
    const user = (await api.get(`${Tables.systemUser.entitySetName}(${service.json.UserId})`)).json;
    expect(user[Tables.systemUser.col.domainName]).toBe('w365-sync-service@emulator.local');
    const shell = await api.request('GET', 'WhoAmI', { token: appShellToken });
    expect(shell.json.UserId).not.toBe(service.json.UserId);
    expect(shell.json.OrganizationId).toBe(service.json.OrganizationId);
  });

  test('a secured column: the sync service (in the profile) reads it; the app shell (no profile) gets null everywhere', async () => {
    const id = await api.create(P.entitySetName, {
      [P.col.name]: 'Secret holder',
      [P.col.internalName]: 'td',
      [P.col.password]: 's3cr3t',
    });
    expect((await api.get(`${P.entitySetName}(${id})`)).json[P.col.password]).toBe('s3cr3t');
    const asShell = (path: string) => api.request('GET', path, { token: appShellToken });
    expect((await asShell(`${P.entitySetName}(${id})`)).json[P.col.password]).toBeNull();
    expect((await asShell(`${P.entitySetName}?$select=${P.col.password}`)).json.value[0][P.col.password]).toBeNull();
    expect((await asShell(`${P.entitySetName}(${id})/${P.col.password}`)).json.value).toBeNull();
    expect((await asShell(`${P.entitySetName}(${id})`)).json[P.col.name]).toBe('Secret holder');
  });

  test('a client without create/update permission on a secured column cannot write it (403) and nothing is written [I]', async () => {
    const before = await count(P.entitySetName);
    const r = await api.request('POST', P.entitySetName, {
      token: appShellToken,
      body: { [P.col.name]: 'x', [P.col.internalName]: 'td', [P.col.password]: 'nope' },
    });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('0x80040220');
    expect(await count(P.entitySetName)).toBe(before);
  });

  test('a write-only column is accepted but never returned', async () => {
    const id = await api.create(SE.entitySetName, {
      [SE.col.name]: 'hook',
      [SE.col.contract]: Choices.serviceEndpointContract.Webhook,
      [SE.col.url]: 'https://example.invalid/hook',
      [SE.col.authType]: Choices.serviceEndpointAuthType.WebhookKey,
      [SE.col.authValue]: 'key-123',
    });
    const row = await api.get(`${SE.entitySetName}(${id})`);
    expect(row.json).not.toHaveProperty(SE.col.authValue);
    expect(row.text).not.toContain('key-123');
    expect((await api.get(`${SE.entitySetName}?$select=${SE.col.authValue}`)).status).toBe(400);
    expect((await api.get(`${SE.entitySetName}`)).text).not.toContain('key-123');
  });
});
