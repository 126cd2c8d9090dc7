/**
 * The service's HTTP server against hostile callers, as the probe met it: a caller without the webhook
 * key is refused before its body is read (parses are counted with a preParsing hook, never timed), a
 * stalled upload or header is cut off, connections are capped, and every refusal, fastify's and
 * Node's own included, is `{ error: { code, message } }` with one of our codes.
 */
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { DataverseClient } from '../../../plugins/dataverse/client';
import { buildServer, type HostLimits } from '../../../plugins/host/server';
import { InProcessJobQueue } from '../../../plugins/jobs/queue';
import { silentLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';

const KEY = 'webhook-limits-test-key-0123456789abcdef';
const JOB_ID = '8d2b7f0e-1c3a-4b5d-9e6f-0a1b2c3d4e5f';
const context = {
  MessageName: 'Create',
  PrimaryEntityName: 'w365_syncjob',
  PrimaryEntityId: JOB_ID,
  OrganizationId: 'dddddddd-1111-2222-3333-444444444444',
  InputParameters: [{ key: 'Target' }],
};

interface Server {
  app: FastifyInstance;
  url: string;
  port: number;
  /** Bodies fastify started to parse (the preParsing hook runs once per body it reads). */
  parses: number;
  queue: InProcessJobQueue;
}

async function start(limits: Partial<HostLimits> = {}): Promise<Server> {
  const queue = new InProcessJobQueue();
  const state = { parses: 0 };
  const app = await buildServer({
    logger: silentLogger(),
    redactor: new Redactor(),
    environments: [
      {
        name: 'default',
        // Never called by these routes: /healthz no longer asks Dataverse anything.
        dv: new DataverseClient({
          webApiUrl: 'https://127.0.0.1:9/api/data/v9.2/',
          tokenProvider: { getToken: async () => 'x' },
        }),
        queue,
      },
    ],
    webhookKey: KEY,
    version: '9.9.9',
    limits,
    register: (instance) => {
      instance.addHook('preParsing', async (_req, _reply, payload) => {
        state.parses++;
        return payload;
      });
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as net.AddressInfo).port;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    port,
    queue,
    get parses() {
      return state.parses;
    },
  };
}

/** A large JSON body that would take a while to parse: many small objects. */
function bigJson(targetBytes: number): string {
  const item = JSON.stringify({ key: 'Target', value: { a: 1, b: 'x', c: [1, 2, 3] } });
  const count = Math.ceil(targetBytes / (item.length + 1));
  return JSON.stringify({ ...context, InputParameters: Array.from({ length: count }, () => JSON.parse(item)) });
}

async function post(s: Server, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/webhooks/dataverse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as { error?: { code: string } }) : {},
  };
}

/** Writes `raw` on a new socket and collects what comes back until the server closes (or resets) it. */
function rawExchange(port: number, raw: string, options: { closeAfterWrite?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(raw);
      if (options.closeAfterWrite) socket.end();
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    socket.on('close', () => resolve(answer));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve(answer) : reject(err)));
  });
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.app.close();
});
async function server(limits: Partial<HostLimits> = {}): Promise<Server> {
  const s = await start(limits);
  servers.push(s);
  return s;
}

describe('the webhook refuses a caller without the key before reading its body', () => {
  it('answers 401 to keyless and wrong-key 3.9 MB bodies without parsing them, and parses a keyed one', async () => {
    const s = await server();
    const body = bigJson(3.9 * 1024 * 1024);
    const variants: Record<string, string>[] = [
      {},
      { 'x-w365-webhook-key': 'wrong' },
      { 'x-w365-webhook-key': KEY.slice(0, 20) },
    ];
    for (const headers of variants) {
      const res = await post(s, body, headers);
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe('WEBHOOK_UNAUTHORIZED');
      expect(res.headers.get('connection')).toBe('close');
    }
    expect(s.parses).toBe(0);
    // The control: with the key the same kind of body is read and parsed (and fits the webhook's limit).
    const keyed = await post(s, bigJson(512 * 1024), { 'x-w365-webhook-key': KEY });
    expect(keyed.status).toBe(202);
    expect(s.parses).toBe(1);
  });

  it('answers 401, not a parse error or 415, to keyless bodies that are not JSON', async () => {
    const s = await server();
    expect((await post(s, '{bad')).status).toBe(401);
    expect((await post(s, '<xml/>', { 'content-type': 'application/xml' })).status).toBe(401);
    expect((await post(s, '')).status).toBe(401);
    expect(s.parses).toBe(0);
  });
});

describe('every refusal is in our error format', () => {
  it('uses our codes for a body that is not JSON, an empty body, a wrong media type, a body too large and an unknown route', async () => {
    const s = await server();
    const keyed = { 'x-w365-webhook-key': KEY };
    expect(await post(s, '{bad', keyed)).toMatchObject({
      status: 400,
      body: { error: { code: 'WEBHOOK_MALFORMED_BODY' } },
    });
    expect(await post(s, '', keyed)).toMatchObject({
      status: 400,
      body: { error: { code: 'WEBHOOK_MALFORMED_BODY' } },
    });
    expect(await post(s, '{"__proto__":{"x":1}}', keyed)).toMatchObject({
      status: 400,
      body: { error: { code: 'WEBHOOK_MALFORMED_BODY' } },
    });
    expect(await post(s, '<xml/>', { ...keyed, 'content-type': 'application/xml' })).toMatchObject({
      status: 415,
      body: { error: { code: 'HTTP_REQUEST_MEDIA_TYPE' } },
    });
    expect(await post(s, bigJson(2 * 1024 * 1024), keyed)).toMatchObject({
      status: 413,
      body: { error: { code: 'HTTP_REQUEST_TOO_LARGE', message: expect.stringMatching(/1024 KB/) } },
    });
    const missing = await fetch(`${s.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'HTTP_ROUTE_NOT_FOUND', message: expect.any(String) } });
  });

  it("answers Node's own refusals (a garbled request, headers too large) in our format", async () => {
    const s = await server();
    const garbled = await rawExchange(s.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbled).toMatch(/^HTTP\/1\.1 400/);
    expect(garbled).toContain('"code":"HTTP_REQUEST_INVALID"');
    const huge = await rawExchange(s.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431/);
    expect(huge).toContain('"code":"HTTP_REQUEST_HEADERS_TOO_LARGE"');
  });
});

describe('the server bounds time and connections', () => {
  const quick: Partial<HostLimits> = {
    requestTimeoutInMs: 400,
    headersTimeoutInMs: 300,
    timeoutCheckIntervalInMs: 100,
  };

  it('cuts off an upload that stalls, with the key (408 in our format)', async () => {
    const s = await server(quick);
    const answer = await rawExchange(
      s.port,
      `POST /webhooks/dataverse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nx-w365-webhook-key: ${KEY}\r\n\r\n{"Mess`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('"code":"HTTP_REQUEST_TIMEOUT"');
    expect(s.parses).toBe(1);
    expect(s.queue.pending()).toBe(0);
  });

  it('cuts off headers that never end', async () => {
    const s = await server(quick);
    const answer = await rawExchange(s.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes connections past the cap at once', async () => {
    const s = await server({ maxConnections: 3 });
    const held = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(s.port, '127.0.0.1', () => resolve(socket));
          }),
      ),
    );
    try {
      // The fourth is accepted by the kernel and closed by Node without an answer.
      const fourth = await rawExchange(s.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(fourth).toBe('');
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});

describe('/healthz', () => {
  it('says only that the service is alive, and its version', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '9.9.9' });
  });

  it('keeps the details (Dataverse, nightly run, queue) behind the webhook key', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/status`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('WEBHOOK_UNAUTHORIZED');
  });
});
