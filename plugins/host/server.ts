/**
 * The service's HTTP shell (fastify): health, the Dataverse webhook, and whatever extra routes the
 * embedded default adds (the local app shell). It answers a webhook as soon as the job is queued; the
 * job runs in the background, well inside Dataverse's 60-second webhook timeout.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { DataverseClient } from '../dataverse/client';
import type { JobQueue } from '../jobs/queue';
import type { NightlyScheduler } from '../jobs/scheduler';
import { errorMessage } from '../../common/errors';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
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
}

export async function buildServer(deps: HostDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });

  app.get('/healthz', async (_req, reply) => {
    const started = Date.now();
    let dataverse: Record<string, unknown>;
    try {
      const who = await deps.dv.whoAmI(AbortSignal.timeout(10_000));
      dataverse = { reachable: true, userId: who.UserId, latencyMs: Date.now() - started };
    } catch (err) {
      dataverse = { reachable: false, error: deps.redactor.redactString(errorMessage(err)) };
    }
    const last = deps.scheduler?.lastRun();
    const body = {
      status: dataverse.reachable ? 'ok' : 'degraded',
      version: deps.version,
      dataverse,
      nightly: {
        lastRun: last ?? null,
        nextRun: deps.scheduler?.nextRun()?.toISOString() ?? null,
      },
      queue: { pending: deps.queue.pending() },
    };
    return reply.code(dataverse.reachable ? 200 : 503).send(body);
  });

  app.post('/webhooks/dataverse', async (req, reply) => {
    const key = req.headers[WEBHOOK_KEY_HEADER];
    if (!keyMatches(Array.isArray(key) ? key[0] : key, deps.webhookKey)) {
      deps.logger.warn({ ip: req.ip }, 'webhook call without a valid key');
      return reply.code(401).send({
        error: { code: WebhookErrorCodes.Unauthorized, message: `Missing or wrong ${WEBHOOK_KEY_HEADER} header.` },
      });
    }
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
  });

  if (deps.register) await deps.register(app);
  return app;
}
