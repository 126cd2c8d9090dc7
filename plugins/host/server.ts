/**
 * The service's HTTP shell (fastify): health, the Dataverse webhook, and whatever extra routes the
 * embedded default adds (the local app shell). It answers a webhook as soon as the job is queued; the
 * job runs in the background, well inside Dataverse's 60-second webhook timeout.
 *
 * The webhook is internet-facing (the service listens on 0.0.0.0 outside the embedded default), so the
 * server is bounded before any route runs: connections, header and request time, idle sockets and body
 * size; the webhook key is checked as soon as the headers arrive (an onRequest hook), so a caller
 * without it never gets a body read, let alone parsed. Every error answer, fastify's own included, is
 * `{ error: { code, message } }` with one of our codes (errors.ts in this folder).
 *
 * Each environment has its own key (`webhook-keys.ts`): its webhook route opens with that key only,
 * and `/status` shows what the caller's key opens. A webhook from another Dataverse organisation than
 * the route's environment is refused (`organization.ts`).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DataverseClient } from '../dataverse/client';
import type { JobQueue } from '../jobs/queue';
import type { NightlyScheduler } from '../jobs/scheduler';
import { errorMessage } from '../../common/errors';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
import { EnvironmentErrorCodes } from './environments';
import { DEFAULT_ENVIRONMENT } from './environments-schema';
import { EnvironmentMessages as M, WebhookMessages as W } from './environments-strings';
import { clientErrorAnswer, installErrorAnswers } from './errors';
import type { OrganizationVerdict } from './organization';
import {
  isJobCreate,
  parseRemoteExecutionContext,
  WEBHOOK_KEY_HEADER,
  WebhookErrorCodes,
  type WebhookCall,
} from './webhook';
import { WebhookKeyRing, warnSharedWebhookKeys, type KeyScope } from './webhook-keys';

/** One Dataverse environment as the host sees it. */
export interface HostEnvironment {
  name: string;
  dv: DataverseClient;
  queue: JobQueue;
  scheduler?: NightlyScheduler;
  /** Its own webhook key (the environments file's `webhookKey`); absent: the service-wide `webhookKey`. */
  webhookKey?: string;
  /** Its organisation, learned from WhoAmI; absent: no organisation check (the HTTP shell alone, in tests). */
  organization?: { check(organizationId: string): Promise<OrganizationVerdict> };
}

export interface HostDeps {
  logger: Logger;
  redactor: Redactor;
  /** The environments served (one, `default`, without an environments file). */
  environments: readonly HostEnvironment[];
  /** The operator's service-wide key (W365_WEBHOOK_KEY): every environment's /status, and the key of those without one. */
  webhookKey: string;
  version: string;
  /** Extra routes (the local app shell in the embedded default). */
  register?: (app: FastifyInstance) => void | Promise<void>;
  /** Tighter or looser limits than HOST_LIMITS (tests use short timeouts). */
  limits?: Partial<HostLimits>;
}

export const WEBHOOK_PATH = '/webhooks/dataverse';
/** Each environment's webhook when the service serves several; WEBHOOK_PATH is `default`'s. */
export const ENVIRONMENT_WEBHOOK_PATH = '/api/environments/:environment/webhooks/dataverse';
export { environmentServiceUrl } from './webhook';
/** Details of the service's state (Dataverse reachability, the nightly run, the queue), for the key holder. */
export const STATUS_PATH = '/status';
/** One environment's details, for the holder of its key (or the operator's). */
export const ENVIRONMENT_STATUS_PATH = '/api/environments/:environment/status';

/**
 * Limits of the HTTP server. A RemoteExecutionContext for the Create of a Sync Job is a few kilobytes;
 * 1 MB leaves room for the images a step could add [I]. The rest of the server (the app shell's Web
 * API proxy, $batch bodies of up to 1,000 operations) keeps 4 MB.
 */
export const HOST_LIMITS: Readonly<{
  bodyLimitInBytes: number;
  webhookBodyLimitInBytes: number;
  maxConnections: number;
  headersTimeoutInMs: number;
  requestTimeoutInMs: number;
  timeoutCheckIntervalInMs: number;
  idleSocketTimeoutInMs: number;
  keepAliveTimeoutInMs: number;
}> = {
  bodyLimitInBytes: 4 * 1024 * 1024,
  webhookBodyLimitInBytes: 1024 * 1024,
  /** Open connections at once; past it Node closes new ones at once (a stalled-upload flood cannot exhaust descriptors). */
  maxConnections: 256,
  /** The headers must arrive within this, and the whole request (body included) within requestTimeoutInMs. */
  headersTimeoutInMs: 10_000,
  requestTimeoutInMs: 30_000,
  /** How often Node checks the two above (its default is 30 s, which would let a stall last a minute). */
  timeoutCheckIntervalInMs: 2_000,
  /** A socket silent for this long is closed; above the app shell proxy's 120 s wait for the emulator. */
  idleSocketTimeoutInMs: 130_000,
  keepAliveTimeoutInMs: 10_000,
};
export type HostLimits = typeof HOST_LIMITS;

function createApp(limits: HostLimits): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyLimitInBytes,
    requestTimeout: limits.requestTimeoutInMs,
    connectionTimeout: limits.idleSocketTimeoutInMs,
    keepAliveTimeout: limits.keepAliveTimeoutInMs,
    clientErrorHandler: clientErrorAnswer,
    http: {
      headersTimeout: limits.headersTimeoutInMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalInMs,
    },
  });
  app.server.maxConnections = limits.maxConnections;
  return app;
}

function keyOf(req: FastifyRequest): string | undefined {
  const key = req.headers[WEBHOOK_KEY_HEADER];
  return Array.isArray(key) ? key[0] : key;
}

/** 401, logged; the connection is closed, as the rest of an unread body is not worth draining. */
function refuseKey(deps: HostDeps, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  deps.logger.warn({ ip: req.ip, url: req.url }, W.refusedLog);
  return reply
    .code(401)
    .header('connection', 'close')
    .send({ error: { code: WebhookErrorCodes.Unauthorized, message: W.unauthorized(WEBHOOK_KEY_HEADER) } });
}

/**
 * The onRequest check of a route that names an environment (its webhook, its status): `opens` says
 * whether the caller's key opens the environment. A name the service does not serve is 404 for a
 * caller whose key opens something (listing only what it opens, never other partners' names), else 401.
 */
function environmentGuard(deps: HostDeps, ring: WebhookKeyRing, known: ReadonlySet<string>, opens: KeyOpens) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const name = environmentNameOf(req);
    const given = keyOf(req);
    if (known.has(name)) return opens(name, given) ? undefined : refuseKey(deps, req, reply);
    const scope = ring.scopeOf(given);
    if (scope.environments.length === 0) return refuseKey(deps, req, reply);
    return unknownEnvironmentAnswer(reply, name, scope.environments);
  };
}

type KeyOpens = (environment: string, given: string | undefined) => boolean;

function environmentNameOf(req: FastifyRequest): string {
  return (req.params as { environment?: string }).environment ?? DEFAULT_ENVIRONMENT;
}

async function dataverseStatus(deps: HostDeps, env: HostEnvironment): Promise<Record<string, unknown>> {
  const started = Date.now();
  try {
    await env.dv.whoAmI(AbortSignal.timeout(10_000));
    return { reachable: true, latencyMs: Date.now() - started };
  } catch (err) {
    return { reachable: false, error: deps.redactor.redactString(errorMessage(err)) };
  }
}

async function environmentStatus(deps: HostDeps, env: HostEnvironment) {
  const dataverse = await dataverseStatus(deps, env);
  const last = env.scheduler?.lastRun();
  return {
    dataverse,
    nightly: { lastRun: last ?? null, nextRun: env.scheduler?.nextRun()?.toISOString() ?? null },
    queue: { pending: env.queue.pending() },
  };
}

/** `default`'s details at the top (as a single-environment service always answered), and each environment's. */
async function statusOf(
  deps: HostDeps,
  environments: HostEnvironment[],
): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const each = await Promise.all(environments.map(async (e) => [e.name, await environmentStatus(deps, e)] as const));
  const ok = each.every(([, s]) => s.dataverse.reachable === true);
  const [, first] = each[0] ?? [undefined, {}];
  return {
    ok,
    body: { status: ok ? 'ok' : 'degraded', version: deps.version, ...first, ...perEnvironment(each) },
  };
}

type Check = 'ok' | 'unreachable';

/** Each environment's part, when there is more than the one `default` (whose answer stays as it always was). */
function perEnvironment<T>(each: readonly (readonly [string, T])[]): { environments?: Record<string, T> } {
  const single = each.length === 1 && each[0][0] === DEFAULT_ENVIRONMENT;
  return single ? {} : { environments: Object.fromEntries(each) };
}

/**
 * Ready (take traffic and items?) while the queue answers and at least one environment's Dataverse
 * does: one partner's Dataverse being down must not take the instance out of rotation for every other
 * partner (it reads `degraded`, 200). With one environment, that environment down is 503, as before.
 */
async function readinessOf(deps: HostDeps, environments: HostEnvironment[]) {
  const check = (p: Promise<unknown>): Promise<Check> =>
    p.then(
      () => 'ok' as const,
      (err: unknown) => {
        deps.logger.warn({ err: deps.redactor.redactString(errorMessage(err)) }, 'readiness check failed');
        return 'unreachable' as const;
      },
    );
  const each = await Promise.all(
    environments.map(async (e) => {
      const [dataverse, queue] = await Promise.all([
        check(e.dv.whoAmI(AbortSignal.timeout(10_000))),
        check(e.queue.ready?.() ?? Promise.resolve()),
      ]);
      return [e.name, { dataverse, queue }] as const;
    }),
  );
  const reachable = each.filter(([, c]) => c.dataverse === 'ok').length;
  const queue: Check = each.every(([, c]) => c.queue === 'ok') ? 'ok' : 'unreachable';
  const ready = queue === 'ok' && reachable > 0;
  const status = !ready ? 'not ready' : reachable < each.length ? 'degraded' : 'ready';
  const dataverse: Check = reachable === each.length ? 'ok' : 'unreachable';
  return { ready, body: { status, dataverse, queue, ...perEnvironment(each) } };
}

/** Queues the job named by a RemoteExecutionContext in one environment's queue, if it is that environment's. */
async function acceptWebhook(deps: HostDeps, env: HostEnvironment, body: unknown, reply: FastifyReply) {
  const parsed = parseRemoteExecutionContext(body);
  if (!parsed.ok) {
    return reply.code(400).send({ error: { code: WebhookErrorCodes.Malformed, message: parsed.reason } });
  }
  const { call } = parsed;
  // A boolean, not the reply: a FastifyReply is thenable, so an async function cannot hand one back.
  if (await isForeignOrganization(deps, env, call)) {
    return reply.code(403).send({
      error: {
        code: WebhookErrorCodes.OrganizationMismatch,
        message: W.organizationMismatch(call.organizationId, env.name),
      },
    });
  }
  if (!isJobCreate(call)) {
    return reply.code(200).send({
      accepted: false,
      reason: `Nothing to do for ${call.messageName} of ${call.entityName}.`,
    });
  }
  await env.queue.enqueue(call.entityId);
  deps.logger.info(
    { jobId: call.entityId, correlationId: call.correlationId, environment: env.name },
    'job queued by webhook',
  );
  return reply.code(202).send({ accepted: true, jobId: call.entityId });
}

/**
 * Whether the context is from another organisation than the environment's (then 403
 * WEBHOOK_ORGANIZATION_MISMATCH, nothing queued). While the environment's id is unknown (its Dataverse
 * did not answer WhoAmI), the call is queued on the key alone, deliberately: the job then runs only as
 * a Sync Job read by its id from this environment's own Dataverse (JobRunner.run: `store.get`, "job not
 * found" otherwise, nothing written), so a foreign organisation's job id can start nothing here, and
 * refusing would only drop a partner's job while its Dataverse is briefly unreachable.
 */
async function isForeignOrganization(deps: HostDeps, env: HostEnvironment, call: WebhookCall): Promise<boolean> {
  if (!env.organization) return false;
  const verdict = await env.organization.check(call.organizationId);
  const about = { environment: env.name, jobId: call.entityId, correlationId: call.correlationId };
  if (verdict.kind === 'unknown')
    deps.logger.warn({ ...about, received: call.organizationId }, W.organizationUnverifiedLog);
  if (verdict.kind !== 'mismatch') return false;
  deps.logger.warn({ ...about, expected: verdict.expected, received: call.organizationId }, W.organizationMismatchLog);
  return true;
}

/** 404 JOB_ENVIRONMENT_UNKNOWN, before the body is read (the key is checked first). */
function unknownEnvironmentAnswer(reply: FastifyReply, name: string, known: string[]): FastifyReply {
  const message = name === DEFAULT_ENVIRONMENT ? M.noDefaultEnvironment(known) : M.unknownEnvironment(name, known);
  return reply
    .code(404)
    .header('connection', 'close')
    .send({ error: { code: EnvironmentErrorCodes.Unknown, message } });
}

function registerWebhookRoutes(
  app: FastifyInstance,
  deps: HostDeps,
  ring: WebhookKeyRing,
  byName: ReadonlyMap<string, HostEnvironment>,
  limits: HostLimits,
) {
  const known = new Set(byName.keys());
  // Before the body is read: an onRequest hook runs as soon as the headers are in. Each
  // environment's route opens with that environment's key only.
  const options = {
    bodyLimit: limits.webhookBodyLimitInBytes,
    onRequest: environmentGuard(deps, ring, known, (name, given) => ring.opens(name, given)),
  };
  const handler = async (req: FastifyRequest, reply: FastifyReply) =>
    acceptWebhook(deps, byName.get(environmentNameOf(req)) as HostEnvironment, req.body, reply);
  app.post(WEBHOOK_PATH, options, handler);
  app.post(ENVIRONMENT_WEBHOOK_PATH, options, handler);
}

/**
 * `/status`: the environments the caller's key opens (every one with the operator's key, as always);
 * `/api/environments/<name>/status`: that environment, for its key or the operator's.
 */
function registerStatusRoutes(
  app: FastifyInstance,
  deps: HostDeps,
  ring: WebhookKeyRing,
  byName: ReadonlyMap<string, HostEnvironment>,
) {
  const scopes = new WeakMap<FastifyRequest, KeyScope>();
  const onRequest = async (req: FastifyRequest, reply: FastifyReply) => {
    const scope = ring.scopeOf(keyOf(req));
    if (scope.environments.length === 0) return refuseKey(deps, req, reply);
    scopes.set(req, scope);
    return undefined;
  };
  const answer = async (reply: FastifyReply, shown: HostEnvironment[]) => {
    const { ok, body } = await statusOf(deps, shown);
    return reply.code(ok ? 200 : 503).send(body);
  };
  app.get(STATUS_PATH, { onRequest }, async (req, reply) => {
    const open = new Set(scopes.get(req)?.environments);
    return answer(
      reply,
      [...byName.values()].filter((e) => open.has(e.name)),
    );
  });
  const opensOne = (name: string, given: string | undefined) => ring.scopeOf(given).all || ring.opens(name, given);
  app.get(
    ENVIRONMENT_STATUS_PATH,
    { onRequest: environmentGuard(deps, ring, new Set(byName.keys()), opensOne) },
    (req, reply) => answer(reply, [byName.get(environmentNameOf(req)) as HostEnvironment]),
  );
}

export async function buildServer(deps: HostDeps): Promise<FastifyInstance> {
  const limits: HostLimits = { ...HOST_LIMITS, ...deps.limits };
  const app = createApp(limits);
  const environments = [...deps.environments];
  const byName = new Map(environments.map((e) => [e.name, e]));
  const ring = new WebhookKeyRing(environments, deps.webhookKey);
  warnSharedWebhookKeys(ring, deps.logger);
  installErrorAnswers(app, deps.logger);

  // Liveness only, for anyone (load balancers, App Service health checks): no Dataverse call, no ids.
  app.get('/healthz', async () => ({ status: 'ok', version: deps.version }));
  // Readiness (take traffic and items?): Dataverse answers and the queue is reachable. For anyone as
  // well, so it names what is down but never how (no error text, no URL).
  app.get('/readyz', async (_req, reply) => {
    const r = await readinessOf(deps, environments);
    return reply.code(r.ready ? 200 : 503).send(r.body);
  });

  registerStatusRoutes(app, deps, ring, byName);
  registerWebhookRoutes(app, deps, ring, byName, limits);

  if (deps.register) await deps.register(app);
  return app;
}
