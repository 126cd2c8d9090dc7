/**
 * A local telemetry receiver: a tiny HTTP(S) server that keeps every request body (gunzipped), for
 * the OTLP/HTTP JSON exporters (`/v1/traces`, `/v1/metrics`) and Application Insights' ingestion
 * endpoint (`/v2.1/track`), so a test can read what left the process.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface Received {
  path: string;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  bodiesAt(path: string): string[];
  close(): Promise<void>;
}

export async function startReceiver(tls?: { cert: string; key: string }): Promise<Receiver> {
  const received: Received[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      received.push({ path: (req.url ?? '').split('?')[0], body: body.toString('utf8') });
      res.setHeader('content-type', 'application/json');
      // Application Insights answers with its accepted counts; the OTLP exporters accept any 200 JSON.
      res.end(
        req.url?.startsWith('/v2.1/track') ? JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }) : '{}',
      );
    });
  };
  const server: Server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    received,
    bodiesAt: (path) => received.filter((r) => r.path === path).map((r) => r.body),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
