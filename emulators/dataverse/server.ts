/**
 * The HTTPS front: reads requests into EmuRequest values and routes them: CORS preflight, the admin
 * surface (/_emulator/), the identity endpoints (token, OpenID metadata), and the Web API
 * (/api/data/v9.x/) behind bearer-token authentication, service protection limits and injected latency.
 *
 * CORS [I]: Dataverse answers cross-origin calls from browsers that carry a bearer token; the
 * emulator echoes the Origin so that a development shell on another port can call it.
 */
import { randomUUID } from 'node:crypto';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin, type AdminTarget, type LatencyConfig, type WriteTimeConfig } from './admin';
import { isOwnResource, type IdentityProvider } from './auth/identity';
import type { TokenSigner } from './auth/tokens';
import { executeBatch } from './batch/execute';
import type { EmulatorClient } from './clients';
import { DataverseError, Errors } from './errors';
import { jsonResponse, type EmuRequest, type EmuResponse } from './http-types';
import type { ServiceProtection } from './limits';
import type { EmulatorStats } from './stats';
import type { SolutionImports } from './import/service';
import type { Store } from './store/store';
import type { ApiContext, Environment, EventSink } from './webapi/context';
import { runOperation, type Gate } from './webapi/execute';
import { parsePrefer } from './webapi/prefer';
import { errorResponse } from './webapi/responses';

export interface ServerDeps {
  store: Store;
  env: Environment;
  /** Set once the port is known (the issuer and audience depend on it). */
  identity: () => IdentityProvider;
  signer: TokenSigner;
  clients: () => readonly EmulatorClient[];
  events: EventSink;
  gate: Gate;
  limits: ServiceProtection;
  stats: () => EmulatorStats;
  latency: () => LatencyConfig | undefined;
  writeTime: () => WriteTimeConfig | undefined;
  admin: AdminTarget;
  imports: SolutionImports;
}

/** Dataverse refuses bodies above its request limit with 413; 128 MB keeps a runaway client from exhausting memory. */
const MAX_BODY_BYTES = 128 * 1024 * 1024;
const API_PATH = /^\/api\/data\/v9\.[0-2](\/.*)?$/i;

const EXPOSED = [
  'OData-EntityId',
  'OData-Version',
  'ETag',
  'Preference-Applied',
  'Location',
  'Retry-After',
  'WWW-Authenticate',
  'x-ms-ratelimit-burst-remaining-xrm-requests',
  'x-ms-ratelimit-time-remaining-xrm-requests',
].join(', ');

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EmulatorServer {
  /** Web API requests admitted and not yet answered (for the stats' peak). */
  private inFlight = 0;

  constructor(private readonly d: ServerDeps) {}

  async handle(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer | undefined;
    try {
      body = await readBody(raw);
    } catch {
      // The client went away mid-request (socket reset, aborted upload): nobody is left to answer, and
      // Dataverse does not fall over when a client hangs up either.
      return;
    }
    const url = raw.url ?? '/';
    const q = url.indexOf('?');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const req: EmuRequest = {
      method: (raw.method ?? 'GET').toUpperCase(),
      path: q < 0 ? url : url.slice(0, q),
      rawQuery: q < 0 ? '' : url.slice(q + 1),
      headers,
      body: body ?? Buffer.alloc(0),
    };
    let response: EmuResponse;
    try {
      response =
        body === undefined ? errorResponse(Errors.badQuery('The request body is too large.')) : await this.route(req);
      if (body === undefined) response.status = 413;
    } catch (e) {
      response = jsonResponse(500, {
        error: { code: '0x80040216', message: `Unexpected emulator error: ${(e as Error).message}` },
      });
    }
    this.write(req, response, res);
  }

  private write(req: EmuRequest, response: EmuResponse, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', EXPOSED);
    }
    res.setHeader('REQ_ID', randomUUID());
    for (const [k, v] of Object.entries(response.headers))
      if (!k.toLowerCase().startsWith('x-emulator-')) res.setHeader(k, v);
    res.statusCode = response.status;
    res.end(response.body ?? undefined);
  }

  private async route(req: EmuRequest): Promise<EmuResponse> {
    if (req.method === 'OPTIONS' && req.headers.origin) {
      return {
        status: 200,
        headers: {
          'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
          'Access-Control-Max-Age': '600',
        },
      };
    }
    if (req.path.startsWith('/_emulator/')) return handleAdmin(req, this.d.admin);
    const identity = this.d.identity().handle(req);
    if (identity) return identity;
    const m = API_PATH.exec(req.path);
    if (m) return this.api(req, (m[1] ?? '').replace(/^\//, ''));
    return jsonResponse(404, {
      error: { code: '0x80060888', message: `Resource not found for the segment '${req.path}'.` },
    });
  }

  private authenticate(req: EmuRequest): EmulatorClient | DataverseError {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m)
      return Errors.unauthorized(
        'The request has no bearer token. Send "Authorization: Bearer <token>" with a token for this environment.',
      );
    const claims = this.d.signer.verify(m[1].trim());
    if ('invalid' in claims) return Errors.unauthorized(claims.invalid);
    if (!isOwnResource(claims.aud, this.d.env.url))
      return Errors.unauthorized(`The token audience '${claims.aud}' is not this environment (${this.d.env.url}).`);
    const client = this.d.clients().find((c) => c.clientId === claims.appid);
    // [I] Dataverse also rejects a valid token whose app is not an application user of the environment.
    if (!client)
      return Errors.unauthorized(`The application '${claims.appid}' is not an application user of this environment.`);
    return client;
  }

  private async api(req: EmuRequest, rel: string): Promise<EmuResponse> {
    const client = this.authenticate(req);
    if (client instanceof DataverseError) {
      client.headers['WWW-Authenticate'] =
        `Bearer authorization_uri=${this.d.identity().authority}/oauth2/authorize, resource_id=${this.d.env.url}/`;
      return errorResponse(client);
    }
    const s = this.d.stats();
    s.requests += 1;
    s.byMethod[req.method] = (s.byMethod[req.method] ?? 0) + 1;
    const isBatch = rel === '$batch';
    if (isBatch) s.batchRequests += 1;
    const admission = this.d.limits.enter(client.userId);
    if (!admission.ok) {
      s.throttled += 1;
      return errorResponse(admission.error);
    }
    let started = performance.now();
    let writes = 0;
    this.inFlight += 1;
    s.peakConcurrent = Math.max(s.peakConcurrent, this.inFlight);
    try {
      const latency = this.d.latency();
      if (latency) await sleep(latency.minMs + Math.random() * (latency.maxMs - latency.minMs));
      // Execution time (for the limit) excludes the injected latency, which models the network.
      started = performance.now();
      const ctx: ApiContext = {
        store: this.d.store,
        env: this.d.env,
        client,
        prefer: parsePrefer(req.headers.prefer),
        events: req.headers['mscrm.bypasscustompluginexecution'] === 'true' ? NO_EVENTS : this.d.events,
        pendingAsync: [],
        correlationId: req.headers['x-ms-correlation-request-id'] ?? randomUUID(),
        onWrite: () => {
          s.writes += 1;
          writes += 1;
        },
        imports: this.d.imports,
      };
      const response = await this.d.gate.run(async () => {
        if (!isBatch) return runOperation(rel, req, ctx);
        if (req.method !== 'POST') return errorResponse(Errors.methodNotAllowed(req.method));
        const outcome = await executeBatch(req, ctx);
        s.batchOperations += outcome.operations;
        return outcome.response;
      });
      // Outside the gate: Dataverse's servers run requests side by side; a $batch's operations one
      // after another, so its writes' time adds up.
      const perWriteMs = this.d.writeTime()?.perWriteMs ?? 0;
      if (perWriteMs > 0 && writes > 0) await sleep(writes * perWriteMs);
      response.headers = { ...admission.headers, ...response.headers };
      return response;
    } finally {
      this.inFlight -= 1;
      admission.release(Math.round(performance.now() - started));
    }
  }

  listen(cert: string, key: string, port: number): Promise<https.Server> {
    const server = https.createServer({ cert, key, keepAlive: true }, (req, res) => {
      // Last resort: an unexpected failure answers 500 instead of taking the whole emulator down.
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent && !res.writableEnded) {
          res.statusCode = 500;
          res.end(
            JSON.stringify({
              error: { code: '0x80040216', message: `Unexpected emulator error: ${(e as Error).message}` },
            }),
          );
        }
      });
    });
    // Many keep-alive clients (benchmarks, dynamics-web-api's agent) share one emulator.
    server.keepAliveTimeout = 65_000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }
}

/** `MSCRM.BypassCustomPluginExecution: true` skips registered steps, webhooks included [I]. */
const NO_EVENTS: EventSink = {
  runSync: async () => undefined,
  hasSteps: () => false,
  fireAsync: () => undefined,
  invalidate: () => undefined,
};
