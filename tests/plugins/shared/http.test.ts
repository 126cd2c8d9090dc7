/**
 * The distributor HTTP client bounds every answer in size and in time, against small local servers:
 * past the cap it stops reading (a body without a Content-Length too, and a gzip body counted as it
 * inflates), a server that drips bytes cannot hold an attempt past its timeout, kept-alive sockets are
 * reused and closed by close(), and an IPv6 spelling of a loopback address never gets a connection.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { AxiosHttpClient } from '../../../plugins/shared/http';
import { STRICT_URL_POLICY } from '../../../plugins/shared/url-guard';

const LOOPBACK = { allowLoopback: true, allowPrivateNetworks: false };

interface TestServer {
  url: string;
  port: number;
  connections: number;
  openSockets: Set<net.Socket>;
  close(): Promise<void>;
}

async function serve(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  const state: TestServer = {
    url: '',
    port: 0,
    connections: 0,
    openSockets: new Set(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket) => {
    state.connections++;
    state.openSockets.add(socket);
    socket.on('close', () => state.openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  return state;
}

/** Waits (polling) until `done()` holds; fails after two seconds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('expected the request to fail');
}

const servers: TestServer[] = [];
const clients: AxiosHttpClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});
function client(options: { maxResponseBytes?: number; urlPolicy?: typeof LOOPBACK } = {}): AxiosHttpClient {
  const c = new AxiosHttpClient({ urlPolicy: options.urlPolicy ?? LOOPBACK, ...options });
  clients.push(c);
  return c;
}
async function server(handler: http.RequestListener): Promise<TestServer> {
  const s = await serve(handler);
  servers.push(s);
  return s;
}

describe('the distributor HTTP client', () => {
  it('stops reading a streamed answer without a Content-Length once it passes the cap', async () => {
    let sent = 0;
    const offered = 32 * 1024 * 1024;
    const s = await server((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = (): void => {
        while (sent < offered && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      req.socket.on('close', () => res.destroy());
      pump();
    });
    const err = await rejection(
      client({ maxResponseBytes: 256 * 1024 }).send({ method: 'GET', url: s.url, retry: false }),
    );
    expect(err.code).toBe('HTTP_RESPONSE_TOO_LARGE');
    expect(err.message).toMatch(/larger than 256 KB/);
    expect(sent).toBeLessThan(offered / 4);
  });

  it('counts a compressed answer as it inflates, so a small gzip body cannot expand past the cap', async () => {
    const inflated = Buffer.alloc(8 * 1024 * 1024, ' ');
    const compressed = gzipSync(inflated);
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(compressed);
    });
    expect(compressed.length).toBeLessThan(64 * 1024);
    const err = await rejection(
      client({ maxResponseBytes: 1024 * 1024 }).send({ method: 'GET', url: s.url, retry: false }),
    );
    expect(err.code).toBe('HTTP_RESPONSE_TOO_LARGE');
  });

  it('reads an answer under the cap as before', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, pad: 'x'.repeat(1000) }));
    });
    const res = await client({ maxResponseBytes: 64 * 1024 }).send({ method: 'GET', url: s.url, retry: false });
    expect(res.json<{ ok: boolean }>().ok).toBe(true);
  });

  it('ends an attempt whose answer keeps dripping past the timeout (axios alone only times silence)', async () => {
    let dripping: NodeJS.Timeout | undefined;
    const s = await server((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // 3 s of one space every 20 ms, then the end: never silent long enough for an idle timer.
      let drops = 0;
      dripping = setInterval(() => (++drops < 150 ? res.write(' ') : res.end('{}')), 20);
      req.socket.on('close', () => clearInterval(dripping));
    });
    const err = await rejection(client().send({ method: 'GET', url: s.url, timeoutInMs: 300, retry: false }));
    clearInterval(dripping);
    expect(err.code).toBe('HTTP_TIMEOUT');
  });

  it('reuses one kept-alive socket across requests, and close() ends it', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const c = client();
    for (let i = 0; i < 5; i++) await c.send({ method: 'GET', url: `${s.url}/page/${i}`, retry: false });
    expect(s.connections).toBe(1);
    expect(s.openSockets.size).toBe(1);
    c.close();
    await until(() => s.openSockets.size === 0);
  });

  it('never connects to an IPv4-mapped loopback literal under the strict policy', async () => {
    const s = await server((_req, res) => res.end('{}'));
    const err = await rejection(
      client({ urlPolicy: STRICT_URL_POLICY }).send({
        method: 'GET',
        url: `https://[::ffff:127.0.0.1]:${s.port}/`,
        retry: false,
      }),
    );
    expect(err.code).toBe('URL_BLOCKED_ADDRESS');
    expect(s.connections).toBe(0);
  });
});
