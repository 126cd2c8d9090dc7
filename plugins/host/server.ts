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
import { clientErrorAnswer, installErrorAnswers } from './errors';
import { isJobCreate, keyMatches, parseRemoteExecutionContext, WEBHOOK_KEY_HEADER, WebhookErrorCodes } from './webhook';

export interface HostDeps {
  logger: Logger;
  redactor: Redactor;
  dv: DataverseClient;
  queue: JobQueue;
  webhookKey: string;
  scheduler?: NightlyScheduler;
  version: string;
  /** Extra routes (the local app shell in the embedded default). */
  register?: (app: FastifyInstance) => void | Promise<void>;
  /** Tighter or looser limits than HOST_LIMITS (tests use short timeouts). */
  limits?: Partial<HostLimits>;
}

export const WEBHOOK_PATH = '/webhooks/dataverse';
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

async function statusOf(deps: HostDeps): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const started = Date.now();
  let dataverse: Record<string, unknown>;
  try {
    await deps.dv.whoAmI(AbortSignal.timeout(10_000));
    dataverse = { reachable: true, latencyMs: Date.now() - started };
  } catch (err) {
    dataverse = { reachable: false, error: deps.redactor.redactString(errorMessage(err)) };
  }
  const last = deps.scheduler?.lastRun();
  const ok = dataverse.reachable === true;
  return {
    ok,
    body: {
      status: ok ? 'ok' : 'degraded',
      version: deps.version,
      dataverse,
      nightly: { lastRun: last ?? null, nextRun: deps.scheduler?.nextRun()?.toISOString() ?? null },
      queue: { pending: deps.queue.pending() },
    },
  };
}

export async function buildServer(deps: HostDeps): Promise<FastifyInstance> {
  const limits: HostLimits = { ...HOST_LIMITS, ...deps.limits };
  const app = createApp(limits);
  installErrorAnswers(app, deps.logger);

  // Liveness only, for anyone (load balancers, App Service health checks): no Dataverse call, no ids.
  app.get('/healthz', async () => ({ status: 'ok', version: deps.version }));

  app.get(STATUS_PATH, { onRequest: async (req, reply) => refuseWithoutKey(deps, req, reply) }, async (_req, reply) => {
    const { ok, body } = await statusOf(deps);
    return reply.code(ok ? 200 : 503).send(body);
  });

  app.post(
    WEBHOOK_PATH,
    {
      bodyLimit: limits.webhookBodyLimitInBytes,
      // Before the body is read: an onRequest hook runs as soon as the headers are in.
      onRequest: async (req, reply) => refuseWithoutKey(deps, req, reply),
    },
    async (req, reply) => {
      const parsed = parseRemoteExecutionContext(req.body);
      if (!parsed.ok) {
        return reply.code(400).send({ error: { code: WebhookErrorCodes.Malformed, message: parsed.reason } });
      }
      if (!isJobCreate(parsed.call)) {
        return reply.code(200).send({
          accepted: false,
          reason: `Nothing to do for ${parsed.call.messageName} of ${parsed.call.entityName}.`,
        });
      }
      await deps.queue.enqueue(parsed.call.entityId);
      deps.logger.info(
        { jobId: parsed.call.entityId, correlationId: parsed.call.correlationId },
        'job queued by webhook',
      );
      return reply.code(202).send({ accepted: true, jobId: parsed.call.entityId });
    },
  );

  if (deps.register) await deps.register(app);
  return app;
}
