/**
 * Conformance, raw HTTP: dataverse.md §7 item 8 ($batch: multipart parse and write, change sets,
 * Content-ID references, no GET in change sets, the 1000-operation cap, stop-on-error versus
 * odata.continue-on-error) and the "nothing partly written" rule for bad batches.
 */
import { Tables } from '../../../solution/schema';
import { startApi, type Api } from './helpers';

const A = Tables.account;
const P = Tables.provider;
const PA = Tables.providerAccount;

let api: Api;
let providerId: string;

beforeAll(async () => {
  api = await startApi();
  providerId = await api.create(P.entitySetName, { [P.col.name]: 'TechData', [P.col.internalName]: 'td' });
});
afterAll(() => api.close());

interface Op {
  method: string;
  url: string;
  body?: unknown;
  contentId?: string;
  headers?: Record<string, string>;
}

function httpPart(op: Op, base: string): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (op.contentId) lines.push(`Content-ID: ${op.contentId}`);
  lines.push('', `${op.method} ${op.url.startsWith('$') ? op.url : `${base}/${op.url}`} HTTP/1.1`);
  if (op.body !== undefined) lines.push('Content-Type: application/json; type=entry');
  for (const [k, v] of Object.entries(op.headers ?? {})) lines.push(`${k}: ${v}`);
  lines.push('', op.body === undefined ? '' : JSON.stringify(op.body));
  return lines.join('\r\n');
}

/** A batch body as the Dataverse docs show it; `(Op | Op[])[]`: an array is a change set. */
function batch(items: (Op | Op[])[], base = '/api/data/v9.2'): { body: string; contentType: string } {
  const b = 'batch_test';
  let out = '';
  items.forEach((item, i) => {
    out += `--${b}\r\n`;
    if (Array.isArray(item)) {
      const cs = `changeset_${i}`;
      out += `Content-Type: multipart/mixed; boundary=${cs}\r\n\r\n`;
      for (const op of item) out += `--${cs}\r\n${httpPart(op, base)}\r\n`;
      out += `--${cs}--\r\n`;
    } else {
      out += `${httpPart(item, base)}\r\n`;
    }
  });
  out += `--${b}--\r\n`;
  return { body: out, contentType: `multipart/mixed; boundary="${b}"` };
}

async function send(items: (Op | Op[])[], headers: Record<string, string> = {}) {
  const { body, contentType } = batch(items);
  return api.request('POST', '$batch', { body, raw: true, headers: { 'Content-Type': contentType, ...headers } });
}

/** The inner HTTP responses of a batch response, in order, flattening change sets. */
function innerResponses(
  text: string,
): { status: number; contentId?: string; headers: Record<string, string>; json: unknown }[] {
  const out: { status: number; contentId?: string; headers: Record<string, string>; json: unknown }[] = [];
  const re = /(?:Content-ID: (\S+)\r\n)?\r\nHTTP\/1\.1 (\d{3})[^\r\n]*\r\n((?:[^\r\n]+\r\n)*)\r\n([^\r\n]*)/g;
  for (const m of text.matchAll(re)) {
    const headers: Record<string, string> = {};
    for (const line of m[3].split('\r\n').filter(Boolean))
      headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
    let json: unknown;
    try {
      json = m[4] ? JSON.parse(m[4]) : undefined;
    } catch {
      json = undefined;
    }
    out.push({ status: Number(m[2]), contentId: m[1], headers, json });
  }
  return out;
}

const count = async (set: string, filter?: string) =>
  Number((await api.get(`${set}/$count${filter ? `?$filter=${encodeURIComponent(filter)}` : ''}`)).text);

test('a batch of independent requests: 200, multipart/mixed batchresponse, one inner response per request', async () => {
  const r = await send([
    { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'Batch One' } },
    {
      method: 'GET',
      url: `${A.entitySetName}?$select=${A.col.name}&$filter=${encodeURIComponent(`${A.col.name} eq 'Batch One'`)}`,
    },
  ]);
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toMatch(/^multipart\/mixed; boundary=batchresponse_[0-9a-f-]{36}$/);
  const parts = innerResponses(r.text);
  expect(parts.map((p) => p.status)).toEqual([204, 200]);
  expect(parts[0].headers['odata-entityid']).toMatch(new RegExp(`/api/data/v9\\.2/accounts\\([0-9a-f-]{36}\\)$`));
  expect((parts[1].json as { value: unknown[] }).value).toHaveLength(1);
});

test('a change set: Content-ID references in URLs ($1) and in @odata.bind, responses echo the Content-ID', async () => {
  const r = await send([
    [
      { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'CS Account' }, contentId: '1' },
      {
        method: 'POST',
        url: PA.entitySetName,
        contentId: '2',
        body: {
          [PA.col.name]: 'CS PA',
          [PA.col.providerSpecificId]: 'CS-1',
          [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
          [`${PA.nav.account}@odata.bind`]: '$1',
        },
      },
      { method: 'PATCH', url: '$1', body: { [A.col.accountNumber]: 'CS-NUM' }, contentId: '3' },
    ],
  ]);
  expect(r.status).toBe(200);
  expect(r.text).toMatch(/Content-Type: multipart\/mixed; boundary=changesetresponse_/);
  const parts = innerResponses(r.text);
  expect(parts.map((p) => [p.contentId, p.status])).toEqual([
    ['1', 204],
    ['2', 204],
    ['3', 204],
  ]);
  const accountId = /\(([0-9a-f-]{36})\)/.exec(parts[0].headers['odata-entityid'])![1];
  const pa = (
    await api.get(`${PA.entitySetName}(${PA.val.provider}=${providerId},${PA.col.providerSpecificId}='CS-1')`)
  ).json;
  expect(pa[PA.val.account]).toBe(accountId);
  expect((await api.get(`${A.entitySetName}(${accountId})`)).json[A.col.accountNumber]).toBe('CS-NUM');
});

test('a change set is atomic: one failure leaves nothing of it written; the failure alone answers for it (outer 400)', async () => {
  const before = await count(A.entitySetName);
  const dupBody = {
    [PA.col.name]: 'dup',
    [PA.col.providerSpecificId]: 'ATOMIC',
    [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
  };
  const r = await send([
    [
      { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'Atomic 1' }, contentId: '1' },
      { method: 'POST', url: PA.entitySetName, body: dupBody, contentId: '2' },
      { method: 'POST', url: PA.entitySetName, body: dupBody, contentId: '3' },
    ],
  ]);
  expect(r.status).toBe(400);
  const parts = innerResponses(r.text);
  expect(parts).toHaveLength(1);
  expect(parts[0]).toMatchObject({ status: 412, contentId: '3' });
  expect((parts[0].json as { error: { code: string } }).error.code).toBe('0x80060892');
  expect(await count(A.entitySetName)).toBe(before);
  expect(await count(PA.entitySetName, `${PA.col.providerSpecificId} eq 'ATOMIC'`)).toBe(0);
});

test('without continue-on-error processing stops at the first failure (outer 400); later requests never run', async () => {
  const r = await send([
    { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'Stop 1' } },
    { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'Stop 2', nosuchcolumn: 1 } },
    { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'Stop 3' } },
  ]);
  expect(r.status).toBe(400);
  expect(innerResponses(r.text).map((p) => p.status)).toEqual([204, 400]);
  expect(await count(A.entitySetName, `startswith(${A.col.name},'Stop ')`)).toBe(1);
});

test('with Prefer: odata.continue-on-error every request runs and the batch answers 200 with errors inline', async () => {
  const r = await send(
    [
      { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'Go 1' } },
      { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'Go 2', nosuchcolumn: 1 } },
      { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'Go 3' } },
    ],
    { Prefer: 'odata.continue-on-error' },
  );
  expect(r.status).toBe(200);
  expect(r.headers['preference-applied']).toBe('odata.continue-on-error');
  const parts = innerResponses(r.text);
  expect(parts.map((p) => p.status)).toEqual([204, 400, 204]);
  expect((parts[1].json as { error: { message: string } }).error.message).toBe(
    "Invalid property 'nosuchcolumn' was found in entity 'Microsoft.Dynamics.CRM.account'.",
  );
  expect(await count(A.entitySetName, `startswith(${A.col.name},'Go ')`)).toBe(2);
});

test('return=representation inside a batch part answers 201 with the record', async () => {
  const r = await send([
    {
      method: 'POST',
      url: `${A.entitySetName}?$select=${A.col.name}`,
      body: { [A.col.name]: 'Rep' },
      headers: { Prefer: 'return=representation' },
    },
  ]);
  const [part] = innerResponses(r.text);
  expect(part.status).toBe(201);
  expect(part.json).toMatchObject({ [A.col.name]: 'Rep' });
  expect(r.text).not.toContain('x-emulator');
});

test('GET inside a change set is refused and nothing is written', async () => {
  const before = await count(A.entitySetName);
  const r = await send([
    [
      { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'With GET' }, contentId: '1' },
      { method: 'GET', url: A.entitySetName, contentId: '2' },
    ],
  ]);
  expect(r.status).toBe(400);
  expect(r.json.error.message).toMatch(/GET request is not allowed inside a change set/);
  expect(await count(A.entitySetName)).toBe(before);
});

test("an undeclared Content-ID reference is a 400 with Dataverse's text, and the change set is rolled back", async () => {
  const before = await count(A.entitySetName);
  const r = await send([
    [
      { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'Ref 1' }, contentId: '1' },
      { method: 'PATCH', url: '$9', body: { [A.col.name]: 'x' }, contentId: '2' },
    ],
  ]);
  const [part] = innerResponses(r.text);
  expect(part.status).toBe(400);
  expect((part.json as { error: { message: string } }).error.message).toBe(
    "Content-ID Reference: '$9' does not exist in the batch context.",
  );
  expect(await count(A.entitySetName)).toBe(before);
});

test('more than 1000 operations is refused before anything runs', async () => {
  const before = await count(A.entitySetName);
  const ops: Op[] = Array.from({ length: 1001 }, (_, i) => ({
    method: 'POST',
    url: A.entitySetName,
    body: { [A.col.name]: `Big ${i}` },
  }));
  const r = await send(ops);
  expect(r.status).toBe(400);
  expect(r.json.error.message).toMatch(/maximum number of requests in a batch is 1000/);
  expect(await count(A.entitySetName)).toBe(before);
  // exactly 1000 is fine
  const ok = await send(ops.slice(0, 1000));
  expect(ok.status).toBe(200);
  expect(await count(A.entitySetName)).toBe(before + 1000);
});

test('bad batch bodies: no boundary, a boundary that is not in the body, a broken request line; nothing written', async () => {
  const before = await count(A.entitySetName);
  const noBoundary = await api.request('POST', '$batch', {
    body: 'hello',
    raw: true,
    headers: { 'Content-Type': 'multipart/mixed' },
  });
  expect(noBoundary.status).toBe(400);
  expect(noBoundary.json.error).toHaveProperty('code');
  const wrong = await api.request('POST', '$batch', {
    body: '--other\r\n\r\n--other--',
    raw: true,
    headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
  });
  expect(wrong.status).toBe(400);
  const broken = `--b\r\nContent-Type: application/http\r\n\r\nPOST\r\n\r\n{}\r\n--b\r\nContent-Type: application/http\r\n\r\nPOST ${A.entitySetName} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"name":"never"}\r\n--b--\r\n`;
  const r = await api.request('POST', '$batch', {
    body: broken,
    raw: true,
    headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
  });
  expect(r.status).toBe(400);
  expect(r.json.error.message).toMatch(/request line/);
  expect(await count(A.entitySetName)).toBe(before);
});

test('relative URLs in parts and bare-LF line endings are accepted', async () => {
  const body = `--b\nContent-Type: application/http\nContent-Transfer-Encoding: binary\n\nPOST ${A.entitySetName} HTTP/1.1\nContent-Type: application/json\n\n{"${A.col.name}":"LF"}\n--b--\n`;
  const r = await api.request('POST', '$batch', {
    body,
    raw: true,
    headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
  });
  expect(r.status).toBe(200);
  expect(await count(A.entitySetName, `${A.col.name} eq 'LF'`)).toBe(1);
});

test('a $batch counts as one request; its operations are counted apart', async () => {
  api.emu.resetStats();
  await send([
    { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'S1' } },
    [
      { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'S2' }, contentId: '1' },
      { method: 'POST', url: A.entitySetName, body: { [A.col.name]: 'S3' }, contentId: '2' },
    ],
  ]);
  expect(api.emu.stats()).toMatchObject({
    requests: 1,
    batchRequests: 1,
    batchOperations: 3,
    writes: 3,
    byMethod: { POST: 1 },
  });
});
