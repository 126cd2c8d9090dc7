/**
 * The page's Web API, served same-origin at `/api/data/v9.2/*`, exactly as Dynamics serves its Web API
 * to a signed-in browser: the browser sends no token at all. This proxy adds a bearer token of the
 * `w365-app-shell` application user (obtained here, server-side), which is in no field security
 * profile, so secured columns (the provider's client secret, token state) read as null and cannot be
 * written, whatever the page asks for. As a second wall, a request that names a secured column at all
 * is refused here before it is forwarded (secured-columns.ts). The emulator's admin surface
 * (`/_emulator/*`) is never reachable.
 */
import https from 'node:https';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenProvider } from '../../../plugins/dataverse/auth';
import { securedColumnNamed } from './secured-columns';
import { ServerErrorCodes, ServerStrings } from './strings';

export const WEB_API_PREFIX = '/api/data/v9.2/';

/** Request headers a Web API call may carry through; cookies and any Authorization are dropped. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'prefer',
  'if-match',
  'if-none-match',
  'odata-version',
  'odata-maxversion',
];
/** Response headers that describe the hop, not the resource; recomputed by fastify. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'set-cookie']);

export interface ProxyOptions {
  /** The emulator's (or an environment's) URL, e.g. https://localhost:5555. */
  environmentUrl: string;
  tokenProvider: TokenProvider;
  /** CA that signed the emulator's certificate. */
  ca?: string;
  timeoutInMs?: number;
}

interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  options: ProxyOptions,
): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method, headers, ca: options.ca, timeout: options.timeoutInMs ?? 120_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('Dataverse did not answer in time')));
    req.on('error', reject);
    if (body && body.length) req.write(body);
    req.end();
  });
}

/** The emulator's absolute URLs (nextLink, OData-EntityId, @odata.context) as the page's own origin. */
function rewrite(text: string, from: string, to: string): string {
  return text.split(from).join(to);
}

export function registerWebApiProxy(app: FastifyInstance, options: ProxyOptions): void {
  const upstreamOrigin = new URL(options.environmentUrl).origin;
  void app.register(async (scope) => {
    // Bodies pass through untouched (JSON, $batch multipart): no parsing, no re-serialising.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      // URL normalises `..` and `%2e%2e` segments, so the check below sees the path the emulator would.
      const target = new URL(req.url, upstreamOrigin);
      if (!target.pathname.startsWith(WEB_API_PREFIX))
        return reply.code(404).send({ error: { code: '0x80060888', message: ServerStrings.notWebApiPath } });
      const body = Buffer.isBuffer(req.body) ? req.body : undefined;
      const secured = securedColumnNamed(req.url, body);
      if (secured)
        return reply
          .code(403)
          .send({ error: { code: ServerErrorCodes.SecuredColumn, message: ServerStrings.securedColumn(secured) } });
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const v = req.headers[name];
        if (typeof v === 'string') headers[name] = v;
      }
      headers.authorization = `Bearer ${await options.tokenProvider.getToken()}`;
      if (body) headers['content-length'] = String(body.length);
      let upstream: Upstream;
      try {
        upstream = await send(target, req.method, headers, body, options);
      } catch (err) {
        return reply.code(502).send({
          error: {
            code: '0x80040216',
            message: ServerStrings.unreachable((err as Error).message),
          },
        });
      }
      const publicOrigin = `${req.protocol}://${req.headers.host ?? req.hostname}`;
      for (const [name, value] of Object.entries(upstream.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name)) continue;
        reply.header(
          name,
          Array.isArray(value)
            ? value.map((v) => rewrite(v, upstreamOrigin, publicOrigin))
            : rewrite(value, upstreamOrigin, publicOrigin),
        );
      }
      const type = String(upstream.headers['content-type'] ?? '');
      const textual = /json|multipart|text/.test(type);
      return reply
        .code(upstream.status)
        .send(textual ? rewrite(upstream.body.toString('utf8'), upstreamOrigin, publicOrigin) : upstream.body);
    };
    scope.route({ method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], url: `${WEB_API_PREFIX}*`, handler });
  });
}
