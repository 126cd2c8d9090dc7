/**
 * A small HTTP server for running the built PCF controls in a browser against the Dataverse
 * emulator, used by the browser tests and the grid benchmark (the app shell has its own server and
 * serves the same paths):
 *
 *   /pcf-host/*          this folder's host.js, index.html and platform/ (React and Fluent, from node_modules)
 *   /pcf/<Control>/*     pcf-controls/<Control>/out/controls/<Control>/ (the built control)
 *   /api/data/v9.2/*     proxied to the emulator with a bearer token of the app shell's client
 *
 * The proxy is what keeps the page same-origin and the token out of the browser: the page never sees
 * a credential, as in Dynamics where the session cookie authenticates the Web API.
 */
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { cacheControlFor } from '../../../pcf-controls/build/content-version';

export interface PcfDevServerOptions {
  readonly repoRoot: string;
  /** The emulator's Web API root, e.g. https://localhost:5555/api/data/v9.2 */
  readonly webApiUrl: string;
  /** PEM of the CA that signed the emulator's certificate. */
  readonly caPem: string;
  /** A bearer token for each proxied request (the emulator's `getToken('w365-app-shell')`). */
  readonly getToken: () => string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
}

export interface PcfDevServer {
  readonly url: string;
  /** Requests proxied to the Web API so far, by method (tests assert on write counts). */
  readonly proxied: Record<string, number>;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.resx': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};
const API_PREFIX = '/api/data/v9.2';
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'prefer',
  'if-match',
  'if-none-match',
  'odata-maxversion',
  'odata-version',
];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'odata-entityid',
  'odata-version',
  'preference-applied',
  'etag',
  'location',
  'retry-after',
];

/**
 * A file of `root`. Asked for with its content version (`?v=`, the platform libraries) it is cached for
 * good, as the platform's CDN serves them; anything else is never cached (a rebuilt control shows on
 * reload).
 */
async function serveFile(
  res: http.ServerResponse,
  root: string,
  relative: string,
  version: string | undefined,
): Promise<void> {
  const file = path.resolve(root, relative);
  const type = TYPES[path.extname(file).toLowerCase()];
  // Only known file types, and never outside the folder (`..` in the URL).
  if (!type || !file.startsWith(root + path.sep)) return notFound(res);
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return notFound(res);
    if (version !== undefined) {
      const contents = await fs.readFile(file);
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': contents.length,
        'Cache-Control': cacheControlFor(contents, version),
      });
      res.end(contents);
      return;
    }
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': stat.size, 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  } catch {
    notFound(res);
  }
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Not found');
}

function proxy(req: http.IncomingMessage, res: http.ServerResponse, options: PcfDevServerOptions, rest: string): void {
  const target = new URL(`${options.webApiUrl}${rest}`);
  const headers: Record<string, string> = { Authorization: `Bearer ${options.getToken()}` };
  for (const h of FORWARDED_REQUEST_HEADERS) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const upstream = https.request(target, { method: req.method, headers, ca: options.caPem }, (up) => {
    const out: Record<string, string> = {};
    for (const h of FORWARDED_RESPONSE_HEADERS) {
      const v = up.headers[h];
      if (typeof v === 'string') out[h] = v;
    }
    res.writeHead(up.statusCode ?? 502, out);
    up.pipe(res);
  });
  upstream.on('error', (e) => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: '', message: `Proxy error: ${e.message}` } }));
  });
  req.pipe(upstream);
}

export async function startPcfDevServer(options: PcfDevServerOptions): Promise<PcfDevServer> {
  const hostDir = path.join(options.repoRoot, 'emulators', 'app-shell', 'pcf-host');
  const proxied: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = decodeURIComponent(url.pathname);
    if (p.startsWith(`${API_PREFIX}/`) || p === API_PREFIX) {
      const method = req.method ?? 'GET';
      proxied[method] = (proxied[method] ?? 0) + 1;
      proxy(req, res, options, `${url.pathname.slice(API_PREFIX.length)}${url.search}`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res);
    if (p === '/') {
      res.writeHead(302, { Location: '/pcf-host/index.html' });
      res.end();
      return;
    }
    const version = url.searchParams.get('v') ?? undefined;
    if (p.startsWith('/pcf-host/')) return void serveFile(res, hostDir, p.slice('/pcf-host/'.length), version);
    const m = /^\/pcf\/([A-Za-z0-9]+)\/(.+)$/.exec(p);
    if (m)
      return void serveFile(
        res,
        path.join(options.repoRoot, 'pcf-controls', m[1], 'out', 'controls', m[1]),
        m[2],
        version,
      );
    notFound(res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    proxied,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
