/**
 * The app shell's checks on every request, as a same-origin app on a developer's machine needs them:
 *
 * - Host: only the address the shell listens on, `localhost` and `127.0.0.1` (or `[::1]`), with its
 *   port. A page on another site that rebinds its own DNS name to 127.0.0.1 sends its own name as Host,
 *   so it is refused before it can read anything through the Web API proxy (DNS rebinding).
 * - Origin and Sec-Fetch-Site: a request that changes something must come from the shell's own pages.
 *   Browsers send Origin with every cross-origin POST, form posts included, and Sec-Fetch-Site with
 *   every request; a tool such as curl sends neither, and is not a browser that could be tricked.
 * - Simple bodies: the Web API takes JSON and $batch (multipart/mixed); text/plain and form bodies,
 *   which a browser sends cross-site without a CORS preflight, are refused outright.
 *
 * The checks are the shell's alone: the webhook and health routes of the same server are not in its scope.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServerErrorCodes, ServerStrings } from './strings';
import { WEB_API_PREFIX } from './proxy';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The request bodies a browser sends cross-site without a preflight (the CORS "simple" content types). */
const SIMPLE_CONTENT_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/** The Host values this connection may carry: its own address and the loopback names, with its port. */
export function allowedHosts(localAddress: string | undefined, localPort: number | undefined): Set<string> {
  const port = String(localPort ?? '');
  const hosts = new Set([`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
  if (localAddress) {
    const address = localAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
    hosts.add(address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
  }
  return hosts;
}

function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error: { code, message } });
}

function contentTypeOf(req: FastifyRequest): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/** Whether a browser says this request comes from another site (Origin, else Sec-Fetch-Site). */
function isCrossSite(req: FastifyRequest, host: string): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) return origin.toLowerCase() !== `http://${host}`;
  const site = req.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/** The refusal for `req`, sent; undefined when it may go on. */
export function checkShellRequest(req: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const host = String(req.headers.host ?? '').toLowerCase();
  if (!allowedHosts(req.socket.localAddress, req.socket.localPort).has(host))
    return refuse(reply, 421, ServerErrorCodes.HostRefused, ServerStrings.hostRefused(host));
  const webApi = req.url.startsWith(WEB_API_PREFIX);
  if (SAFE_METHODS.has(req.method)) {
    // Reads need no Origin; but Web API answers are for the shell's own scripts, not another site's.
    const site = req.headers['sec-fetch-site'];
    if (webApi && (site === 'cross-site' || site === 'same-site'))
      return refuse(reply, 403, ServerErrorCodes.CrossSite, ServerStrings.crossSite);
    return undefined;
  }
  if (isCrossSite(req, host)) return refuse(reply, 403, ServerErrorCodes.CrossSite, ServerStrings.crossSite);
  if (SIMPLE_CONTENT_TYPES.has(contentTypeOf(req)))
    return refuse(reply, 415, ServerErrorCodes.SimpleBody, ServerStrings.simpleBody);
  return undefined;
}

/** Run the checks on every route of `scope` (the shell's own), before any body is read. */
export function installRequestGuard(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (req, reply) => checkShellRequest(req, reply));
}
