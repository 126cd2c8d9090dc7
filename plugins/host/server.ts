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
import { EnvironmentMessages as M } from './environments-strings';
import { clientErrorAnswer, installErrorAnswers } from './errors';
import { isJobCreate, keyMatches, parseRemoteExecutionContext, WEBHOOK_KEY_HEADER, WebhookErrorCodes } from './webhook';

/** One Dataverse environment as the host sees it. */
export interface HostEnvironment {
  name: string;
  dv: DataverseClient;
  queue: JobQueue;
  scheduler?: NightlyScheduler;
}

export interface HostDeps {
  logger: Logger;
  redactor: Redactor;
  /** The environments served (one, `default`, without an environments file). */
  environments: readonly HostEnvironment[];
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
/** What `register-webhooks --service-url` takes for one environment of a service that serves several. */
export function environmentServiceUrl(serviceUrl: string, environment: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}/api/environments/${encodeURIComponent(environment)}`;
}
/** Details of the service's state (Dataverse reachability, the nightly run, the queue), for the key holder. */
export const STATUS_PATH = '/status';

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

/** The key header, checked in constant time; undefined when it matches, else the refusal sent. */
function refuseWithoutKey(deps: HostDeps, req: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const key = req.headers[WEBHOOK_KEY_HEADER];
  if (keyMatches(Array.isArray(key) ? key[0] : key, deps.webhookKey)) return undefined;
  deps.logger.warn({ ip: req.ip, url: req.url }, 'call without a valid webhook key');
  // Close the connection: the rest of an unread body is not worth draining.
  return reply
    .code(401)
    .header('connection', 'close')
    .send({
      error: { code: WebhookErrorCodes.Unauthorized, message: `Missing or wrong ${WEBHOOK_KEY_HEADER} header.` },
    });
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

/** Queues the job named by a RemoteExecutionContext in one environment's queue. */
async function acceptWebhook(deps: HostDeps, env: HostEnvironment, body: unknown, reply: FastifyReply) {
  const parsed = parseRemoteExecutionContext(body);
  if (!parsed.ok) {
    return reply.code(400).send({ error: { code: WebhookErrorCodes.Malformed, message: parsed.reason } });
  }
  if (!isJobCreate(parsed.call)) {
    return reply.code(200).send({
      accepted: false,
      reason: `Nothing to do for ${parsed.call.messageName} of ${parsed.call.entityName}.`,
    });
  }
  await env.queue.enqueue(parsed.call.entityId);
  deps.logger.info(
    { jobId: parsed.call.entityId, correlationId: parsed.call.correlationId, environment: env.name },
    'job queued by webhook',
  );
  return reply.code(202).send({ accepted: true, jobId: parsed.call.entityId });
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
  environments: HostEnvironment[],
  limits: HostLimits,
) {
  const byName = new Map(environments.map((e) => [e.name, e]));
  const nameOf = (req: FastifyRequest) => (req.params as { environment?: string }).environment ?? DEFAULT_ENVIRONMENT;
  const options = {
    bodyLimit: limits.webhookBodyLimitInBytes,
    // Before the body is read: an onRequest hook runs as soon as the headers are in.
    onRequest: async (req: FastifyRequest, reply: FastifyReply) => {
      const refused = refuseWithoutKey(deps, req, reply);
      if (refused) return refused;
      const name = nameOf(req);
      if (!byName.has(name)) return unknownEnvironmentAnswer(reply, name, [...byName.keys()]);
      return undefined;
    },
  };
  const handler = async (req: FastifyRequest, reply: FastifyReply) =>
    acceptWebhook(deps, byName.get(nameOf(req)) as HostEnvironment, req.body, reply);
  app.post(WEBHOOK_PATH, options, handler);
  app.post(ENVIRONMENT_WEBHOOK_PATH, options, handler);
}

export async function buildServer(deps: HostDeps): Promise<FastifyInstance> {
  const limits: HostLimits = { ...HOST_LIMITS, ...deps.limits };
  const app = createApp(limits);
  const environments = [...deps.environments];
  installErrorAnswers(app, deps.logger);

  // Liveness only, for anyone (load balancers, App Service health checks): no Dataverse call, no ids.
  app.get('/healthz', async () => ({ status: 'ok', version: deps.version }));
  // Readiness (take traffic and items?): Dataverse answers and the queue is reachable. For anyone as
  // well, so it names what is down but never how (no error text, no URL).
  app.get('/readyz', async (_req, reply) => {
    const r = await readinessOf(deps, environments);
    return reply.code(r.ready ? 200 : 503).send(r.body);
  });

  app.get(STATUS_PATH, { onRequest: async (req, reply) => refuseWithoutKey(deps, req, reply) }, async (_req, reply) => {
    const { ok, body } = await statusOf(deps, environments);
    return reply.code(ok ? 200 : 503).send(body);
  });

  registerWebhookRoutes(app, deps, environments, limits);

  if (deps.register) await deps.register(app);
  return app;
}
