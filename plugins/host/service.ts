/**
 * Composes the service: Dataverse access, the job store, queue, runner, poller and nightly scheduler,
 * and the HTTP host. The same composition runs against a real environment and against the embedded
 * emulator; only the DataverseTarget differs.
 */
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { DataverseClient } from '../dataverse/client';
import type { TokenProvider } from '../dataverse/auth';
import { InProcessJobQueue, type JobQueue } from '../jobs/queue';
import { JobPoller } from '../jobs/poller';
import { recoverInterruptedJobs } from '../jobs/recovery';
import { JobRunner } from '../jobs/runner';
import { DataverseEnvironmentVariables, nightlySettings } from '../dataverse/environment-variables';
import { NightlyScheduler } from '../jobs/scheduler';
import { DataverseJobStore } from '../jobs/store';
import type { FinalStatus, JobRecord } from '../jobs/types';
import { createDataverseTokenStore } from '../providers/ion';
import type { ConnectorRegistry } from '../providers/registry';
import type { ConnectorDeps, TokenStore } from '../providers/types';
import { AxiosHttpClient } from '../shared/http';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
import type { SyncDeps } from '../sync/deps';
import { buildOperations } from '../sync/operations';
import type { ServiceConfig } from './config';
import { buildServer } from './server';

export interface DataverseTarget {
  environmentUrl: string;
  webApiUrl: string;
  tokenProvider: TokenProvider;
  ca?: string;
}

export interface ServiceOptions {
  config: ServiceConfig;
  dataverse: DataverseTarget;
  connectors: ConnectorRegistry;
  logger: Logger;
  redactor: Redactor;
  webhookKey: string;
  version: string;
  register?: (app: FastifyInstance) => void | Promise<void>;
  pollIntervalInMs?: number;
  webhookGraceInMs?: number;
  staleAfterInMs?: number;
  heartbeatIntervalInMs?: number;
  /** Start the nightly cron (default true). */
  schedule?: boolean;
  /** Default: the Dataverse-backed store (provider's secured w365_tokenstate under a lease). */
  tokenStore?: (dv: DataverseClient) => TokenStore;
  queue?: JobQueue;
}

export interface RunningService {
  url: string;
  app: FastifyInstance;
  dv: DataverseClient;
  store: DataverseJobStore;
  queue: JobQueue;
  scheduler: NightlyScheduler;
  poller: JobPoller;
  syncDeps: SyncDeps;
  /** Resolves with the job once it reaches a final status. */
  waitForJob(jobId: string, timeoutInMs?: number): Promise<JobRecord>;
  close(): Promise<void>;
}

const FINAL = new Set<string>(['Succeeded', 'SucceededWithWarnings', 'NoChange', 'Failed', 'NotStarted']);

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, logger, redactor } = options;
  const dv = new DataverseClient({
    webApiUrl: options.dataverse.webApiUrl,
    tokenProvider: options.dataverse.tokenProvider,
    ca: options.dataverse.ca,
    logger,
  });
  const store = new DataverseJobStore(dv);
  const queue = options.queue ?? new InProcessJobQueue();
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const urlPolicy = {
    allowPrivateNetworks: config.allowPrivateNetworks,
    allowLoopback: config.allowLoopbackProviderUrls,
  };
  // Connectors with rotating refresh tokens (StreamOne Ion) keep them, field-secured, on the Provider row.
  const tokenStore = (
    options.tokenStore ?? ((client: DataverseClient) => createDataverseTokenStore(client, { logger }))
  )(dv);
  const syncDeps: SyncDeps = {
    dv,
    connectors: options.connectors,
    redactor,
    connectorDeps: (log: Logger): ConnectorDeps => ({
      http: new AxiosHttpClient({ urlPolicy, defaultTimeoutInMs: 60_000 }),
      logger: log,
      redactor,
      ...(tokenStore ? { tokenStore } : {}),
    }),
  };
  const running = new Set<string>();
  const runner = new JobRunner({
    store,
    handlers: buildOperations(syncDeps),
    logger,
    redactor,
    workerId: config.workerId,
    heartbeatIntervalInMs: options.heartbeatIntervalInMs,
    onFinished: (job: JobRecord, status: FinalStatus) => events.emit('finished', job.id, status),
  });

  await recoverInterruptedJobs(store, {
    ownWorkerId: config.workerId,
    staleAfterInMs: options.staleAfterInMs ?? 120_000,
    logger,
  });

  queue.consume(async (jobId) => {
    running.add(jobId);
    try {
      await runner.run(jobId);
    } catch (err) {
      logger.error({ err, jobId }, 'job could not be run');
    } finally {
      running.delete(jobId);
    }
  }, config.jobConcurrency);

  const poller = new JobPoller({
    store,
    queue,
    logger,
    intervalInMs: options.pollIntervalInMs,
    webhookGraceInMs: options.webhookGraceInMs,
    staleAfterInMs: options.staleAfterInMs,
    isRunningHere: (id) => running.has(id),
  });
  poller.start();
  const scheduler = new NightlyScheduler({
    cron: config.schedule,
    timeZone: config.timeZone,
    dv,
    store,
    queue,
    logger,
    settings: () => nightlySettings(new DataverseEnvironmentVariables(dv)),
  });
  if (options.schedule !== false) scheduler.start();

  const app = await buildServer({
    logger,
    redactor,
    dv,
    queue,
    webhookKey: options.webhookKey,
    scheduler,
    version: options.version,
    register: options.register,
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  const waitForJob = (jobId: string, timeoutInMs = 120_000): Promise<JobRecord> =>
    new Promise((resolve, reject) => {
      let done = false;
      const finish = (result: JobRecord | Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(poll);
        events.off('finished', onFinished);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const check = async () => {
        const job = await store.get(jobId).catch(() => undefined);
        if (job && FINAL.has(job.status)) finish(job);
      };
      const onFinished = (id: string) => {
        if (id === jobId) void check();
      };
      events.on('finished', onFinished);
      const poll = setInterval(() => void check(), 1000);
      const timer = setTimeout(
        () => finish(new Error(`Job ${jobId} did not finish within ${timeoutInMs} ms`)),
        timeoutInMs,
      );
      void check();
    });

  return {
    url,
    app,
    dv,
    store,
    queue,
    scheduler,
    poller,
    syncDeps,
    waitForJob,
    async close() {
      scheduler.stop();
      poller.stop();
      runner.abortAll();
      await queue.close();
      await app.close();
    },
  };
}
