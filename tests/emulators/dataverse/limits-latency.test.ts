/**
 * dataverse.md §7 item 9 (service protection: 429, Retry-After, the real codes and texts, a $batch
 * counts as one request), latency injection, and the /_emulator/ admin surface.
 */
import * as https from 'node:https';
import { Tables } from '../../../solution/schema';
import { startApi, type Api } from './helpers';

const A = Tables.account;
let api: Api;

beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());
afterEach(() => {
  api.emu.setLimits(undefined);
  api.emu.setLatency(undefined);
  api.emu.setWriteTime(undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function batchOf(n: number): string {
  let body = '';
  for (let i = 0; i < n; i += 1) {
    body += `--b\r\nContent-Type: application/http\r\n\r\nPOST ${A.entitySetName} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"${A.col.name}":"batch ${i}"}\r\n`;
  }
  return `${body}--b--\r\n`;
}

test('limits are off by default', async () => {
  const results = await Promise.all(Array.from({ length: 60 }, () => api.get(`${A.entitySetName}?$top=1`)));
  expect(results.every((r) => r.status === 200)).toBe(true);
});

test('requests per window: 429 with Retry-After and 0x80072322 "Number of requests exceeded the limit ..."; it passes again after Retry-After', async () => {
  api.emu.setLimits({ requestsPerWindow: 3, windowInMs: 1000 });
  api.emu.resetStats();
  for (let i = 0; i < 3; i += 1) expect((await api.get(`${A.entitySetName}?$top=1`)).status).toBe(200);
  const r = await api.get(`${A.entitySetName}?$top=1`);
  expect(r.status).toBe(429);
  expect(r.headers['retry-after']).toBe('1');
  expect(r.json.error).toEqual({
    code: '0x80072322',
    message: 'Number of requests exceeded the limit of 3 over time window of 1 seconds.',
  });
  expect(api.emu.stats().throttled).toBe(1);
  await sleep(Number(r.headers['retry-after']) * 1000 + 50);
  expect((await api.get(`${A.entitySetName}?$top=1`)).status).toBe(200);
});

test("Dataverse's own numbers give its exact text", async () => {
  api.emu.setLimits({ requestsPerWindow: 1, windowInMs: 300_000 });
  await api.get(`${A.entitySetName}?$top=1`);
  const r = await api.get(`${A.entitySetName}?$top=1`);
  expect(r.json.error.message).toBe('Number of requests exceeded the limit of 1 over time window of 300 seconds.');
  expect(Number(r.headers['retry-after'])).toBeGreaterThan(290);
});

test('a $batch counts as one request however many operations it holds', async () => {
  api.emu.setLimits({ requestsPerWindow: 2, windowInMs: 60_000 });
  const b = await api.request('POST', '$batch', {
    body: batchOf(20),
    raw: true,
    headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
  });
  expect(b.status).toBe(200);
  expect((await api.get(`${A.entitySetName}?$top=1`)).status).toBe(200);
  // The third request is throttled as a whole: one outer 429, not a multipart answer [I].
  const third = await api.request('POST', '$batch', {
    body: batchOf(2),
    raw: true,
    headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
  });
  expect(third.status).toBe(429);
  expect(third.json.error.code).toBe('0x80072322');
});

test('concurrent requests: 0x80072326 "Number of concurrent requests exceeded the limit of N."', async () => {
  api.emu.setLimits({ maxConcurrent: 2 });
  api.emu.setLatency({ minMs: 300, maxMs: 300 });
  const results = await Promise.all([0, 1, 2].map(() => api.get(`${A.entitySetName}?$top=1`)));
  const throttled = results.filter((r) => r.status === 429);
  expect(throttled).toHaveLength(1);
  expect(throttled[0].json.error).toEqual({
    code: '0x80072326',
    message: 'Number of concurrent requests exceeded the limit of 2.',
  });
  expect(throttled[0].headers['retry-after']).toMatch(/^\d+$/);
});

test('execution time: 0x80072321 once the combined execution time in the window is used up', async () => {
  api.emu.setLimits({ executionTimeInMsPerWindow: 5, windowInMs: 60_000 });
  // 1000 creates take well over 5 ms of execution time.
  expect(
    (
      await api.request('POST', '$batch', {
        body: batchOf(1000),
        raw: true,
        headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
      })
    ).status,
  ).toBe(200);
  const r = await api.get(`${A.entitySetName}?$top=1`);
  expect(r.status).toBe(429);
  expect(r.json.error.code).toBe('0x80072321');
  expect(r.json.error.message).toBe(
    'Combined execution time of incoming requests exceeded limit of 5 milliseconds over time window of 60 seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.',
  );
  expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
});

test("server time per write counts as execution time, as Dataverse's own does: a batch of writes can use up the window", async () => {
  const batch = (n: number) =>
    api.request('POST', '$batch', {
      body: batchOf(n),
      raw: true,
      headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
    });
  // Without it, twelve creates cost the emulator a few milliseconds: far from a second.
  api.emu.setLimits({ executionTimeInMsPerWindow: 1000, windowInMs: 60_000 });
  expect((await batch(12)).status).toBe(200);
  expect((await api.get(`${A.entitySetName}?$top=1`)).status).toBe(200);
  // With 100 ms a write, the same twelve take 1.2 s of the window's second; reads cost no write time.
  api.emu.setLimits({ executionTimeInMsPerWindow: 1000, windowInMs: 60_000 });
  api.emu.setWriteTime({ perWriteMs: 100 });
  expect((await api.get(`${A.entitySetName}?$top=1`)).status).toBe(200);
  expect((await batch(12)).status).toBe(200);
  const r = await api.get(`${A.entitySetName}?$top=1`);
  expect(r.status).toBe(429);
  expect(r.json.error.code).toBe('0x80072321');
});

test('latency injection: fixed and random ranges, switched off again', async () => {
  api.emu.setLatency({ minMs: 200, maxMs: 200 });
  let t = performance.now();
  await api.get(`${A.entitySetName}?$top=1`);
  expect(performance.now() - t).toBeGreaterThanOrEqual(195);
  api.emu.setLatency({ minMs: 50, maxMs: 120 });
  t = performance.now();
  await api.get(`${A.entitySetName}?$top=1`);
  const took = performance.now() - t;
  expect(took).toBeGreaterThanOrEqual(45);
  api.emu.setLatency(undefined);
  t = performance.now();
  await api.get(`${A.entitySetName}?$top=1`);
  expect(performance.now() - t).toBeLessThan(45);
});

describe('/_emulator/ admin surface (no token, not under /api/data)', () => {
  const admin = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
      const req = https.request(
        new URL(path, api.emu.url),
        { method, ca: api.emu.caPem, headers: body ? { 'Content-Type': 'application/json' } : {} },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }),
          );
        },
      );
      req.on('error', reject);
      if (body) req.write(JSON.stringify(body));
      req.end();
    });

  test('stats, reset and config over HTTP', async () => {
    await admin('POST', '/_emulator/stats/reset');
    await api.get(`${A.entitySetName}?$top=1`);
    await api.post(A.entitySetName, { [A.col.name]: 'counted' });
    const stats = await admin('GET', '/_emulator/stats');
    expect(stats.status).toBe(200);
    expect(stats.json).toMatchObject({
      requests: 2,
      byMethod: { GET: 1, POST: 1 },
      writes: 1,
      throttled: 0,
      batchRequests: 0,
    });
    expect((await admin('POST', '/_emulator/config', { limits: { requestsPerWindow: 1 } })).status).toBe(200);
    await api.get(`${A.entitySetName}?$top=1`);
    expect((await api.get(`${A.entitySetName}?$top=1`)).status).toBe(429);
    expect((await admin('POST', '/_emulator/config', { limits: null, latency: { minMs: 0, maxMs: 1 } })).status).toBe(
      200,
    );
    expect((await api.get(`${A.entitySetName}?$top=1`)).status).toBe(200);
  });

  test('invalid config is refused with a stable code', async () => {
    const r = await admin('POST', '/_emulator/config', { latency: { minMs: 10, maxMs: 5 } });
    expect(r.status).toBe(400);
    expect((r.json.error as { code: string }).code).toBe('EMULATOR_CONFIG_INVALID');
    const w = await admin('POST', '/_emulator/config', { writeTime: { perWriteMs: -1 } });
    expect(w.status).toBe(400);
    expect((w.json.error as { message: string }).message).toContain('writeTime');
  });

  test('the server time per write is set and cleared over HTTP', async () => {
    expect((await admin('POST', '/_emulator/config', { writeTime: { perWriteMs: 5 } })).status).toBe(200);
    expect((await admin('POST', '/_emulator/config', { writeTime: null })).status).toBe(200);
  });
});
