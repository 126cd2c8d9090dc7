/**
 * Composes the service: Dataverse access, the job store, queue, runner, poller and nightly scheduler,
 * and the HTTP host. The same composition runs against a real environment and against the embedded
 * emulator; only the DataverseTarget differs.
 */
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { TokenProvider } from '../dataverse/auth';
import { DataverseClient, type RequestGate } from '../dataverse/client';
import { RequestCounter, ThrottleMonitor, observeAll } from '../dataverse/observer';
import { TracingRequestObserver } from '../telemetry/dataverse-observer';
import { createDataverseTokenStore } from '../dataverse/token-store';
import { ItemRunner, type ItemRunnerOptions } from '../jobs/item-runner';
import { JobPoller } from '../jobs/poller';
import type { JobQueue } from '../jobs/queue';
import { recoverInterruptedJobs } from '../jobs/recovery';
import { JobRunner } from '../jobs/runner';
import { DataverseEnvironmentVariables, nightlySettings } from '../dataverse/environment-variables';
import { NightlyScheduler } from '../jobs/scheduler';
import { DataverseJobStore, type JobStore } from '../jobs/store';
import type { FinalStatus, JobRecord } from '../jobs/types';
import type { ConnectorRegistry } from '../providers/registry';
import type { TokenStore } from '../providers/types';
import { AxiosHttpClient, type HttpClient } from '../shared/http';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
import type { SyncDeps } from '../sync/deps';
import { NoopTelemetry, TracedHttpClient, type Telemetry } from '../telemetry';
import { alertOnFailedJob } from '../sync/alerts/run';
import { buildOperations } from '../sync/operations';
import { buildSplits } from '../sync/splits';
import { createBudgets, type Budgets } from './budgets';
import type { ServiceConfig } from './config';
import { IN_PROCESS_QUEUE, type ServiceRole } from './queue-config';
import { buildServer } from './server';
import { jobWaiter } from './wait-for-job';
import { consumeWork, createWorkQueue, runScheduler, schedules, takesWork } from './work';

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
  /** Overrides the configured role (`w365 serve --role`). */
  role?: ServiceRole;
  /**
   * Where traces and metrics go (`createTelemetry` reads the environment); default none. The service
   * shuts it down (a last flush) on close.
   */
  telemetry?: Telemetry;
}

export interface RunningService {
  url: string;
  app: FastifyInstance;
  dv: DataverseClient;
  /** Requests, writes and retries the service has sent to Dataverse (tests and benchmarks). */
  requests: RequestCounter;
  store: JobStore;
  queue: JobQueue;
  scheduler: NightlyScheduler;
  poller: JobPoller;
  syncDeps: SyncDeps;
  /** Resolves with the job once it reaches a final status. */
  waitForJob(jobId: string, timeoutInMs?: number): Promise<JobRecord>;
  close(): Promise<void>;
}

/** The Dataverse client, with the observers the service reads: request counts and throttling. */
function connectDataverse(options: ServiceOptions, gate: RequestGate | undefined, telemetry: Telemetry) {
  const requests = new RequestCounter();
  const throttle = new ThrottleMonitor();
  const traced = new TracingRequestObserver(telemetry, 'default');
  const dv = new DataverseClient({
    webApiUrl: options.dataverse.webApiUrl,
    tokenProvider: options.dataverse.tokenProvider,
    ca: options.dataverse.ca,
    logger: options.logger,
    observer: observeAll(requests, throttle, traced),
    ...(gate ? { gate } : {}),
  });
  return { dv, requests, throttle };
}

/**
 * One outbound HTTP client (and so one keep-alive socket pool) for the service's life: a client per
 * job left its sockets open until the distributor's keep-alive timeout, a few more with every job.
 * Every answer is capped at W365_MAX_PROVIDER_RESPONSE_MB; close() ends the sockets.
 */
function distributorHttpFor(config: ServiceConfig): AxiosHttpClient {
  return new AxiosHttpClient({
    urlPolicy: { allowPrivateNetworks: config.allowPrivateNetworks, allowLoopback: config.allowLoopbackProviderUrls },
    defaultTimeoutInMs: 60_000,
    maxResponseBytes: config.maxProviderResponseBytes,
  });
}

/** What the sync operations are given: Dataverse, the connectors, and one outbound HTTP client for all jobs. */
function syncDepsFor(options: ServiceOptions, dv: DataverseClient, http: HttpClient, budgets: Budgets): SyncDeps {
  const { logger, redactor } = options;
  // Connectors with rotating refresh tokens (StreamOne Ion) keep them, field-secured, on the Provider row.
  const tokenStore = (options.tokenStore ?? ((client) => createDataverseTokenStore(client, { logger })))(dv);
  return {
    dv,
    connectors: options.connectors,
    redactor,
    connectorDeps: (log, scope) => ({
      http: budgets.distributorHttp(http, scope?.providerId),
      logger: log,
      redactor,
      tokenStore,
    }),
    items: { customersPerItem: (options.config.queue ?? IN_PROCESS_QUEUE).customersPerItem },
  };
}

/** The runner of whole jobs; with splits, it plans those operations and sends their items to `queue`. */
function jobRunnerFor(
  options: ServiceOptions,
  o: {
    store: JobStore;
    syncDeps: SyncDeps;
    throttle: ThrottleMonitor;
    staleAfterInMs: number;
    onFinished: (job: JobRecord, status: FinalStatus) => void;
    splits?: ReturnType<typeof buildSplits>;
    queue: JobQueue;
    telemetry: Telemetry;
  },
): JobRunner {
  const { store, throttle, staleAfterInMs, splits, queue, telemetry } = o;
  return new JobRunner({
    store,
    handlers: buildOperations(o.syncDeps),
    logger: options.logger,
    redactor: options.redactor,
    workerId: options.config.workerId,
    heartbeatIntervalInMs: options.heartbeatIntervalInMs ?? Math.min(15_000, staleAfterInMs / 8),
    context: { throttled: () => throttle.throttled(), leaseValidityInMs: staleAfterInMs / 2 },
    onFinished: o.onFinished,
    telemetry,
    ...(splits
      ? {
          splits,
          items: {
            environment: 'default',
            send: (e) => queue.enqueueItem(e),
            // The job's span, so that its items' spans join its trace wherever they run.
            traceparent: () => telemetry.traceparent(),
          },
        }
      : {}),
  });
}

/** The runner of work items (any worker's), finishing the job at its last item. */
function itemRunnerFor(
  options: ServiceOptions,
  o: Pick<ItemRunnerOptions, 'store' | 'onFinished' | 'telemetry'> & { splits?: ReturnType<typeof buildSplits> },
): ItemRunner {
  const { logger, redactor, config } = options;
  return new ItemRunner({ ...o, splits: o.splits ?? {}, logger, redactor, workerId: config.workerId });
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, logger } = options;
  // A configuration built by hand (tests) may have no queue section: the embedded default's then.
  const queueConfig = config.queue ?? IN_PROCESS_QUEUE;
  const role = options.role ?? queueConfig.role;
  const work = createWorkQueue(queueConfig, logger, options.queue);
  // Shared request budgets when the instances share Storage (one environment: `default`).
  const telemetry = options.telemetry ?? new NoopTelemetry();
  const blobs = queueConfig.sharedBudgets ? work.storage?.blobs : undefined;
  const budgets = createBudgets(blobs, 'default', logger, telemetry);
  const { dv, requests, throttle } = connectDataverse(options, budgets.dataverse, telemetry);
  const store = new DataverseJobStore(dv);
  const queue = work.queue;
  const events = new EventEmitter().setMaxListeners(100);
  const distributorHttp = distributorHttpFor(config);
  // Traced inside the budgets: a distributor span measures the call, not the wait for a slot.
  const syncDeps = syncDepsFor(options, dv, new TracedHttpClient(distributorHttp, telemetry), budgets);
  const onFinished = (job: JobRecord, status: FinalStatus) => {
    events.emit('finished', job.id, status);
    telemetry.jobFinished({ operation: job.operation, status, environment: 'default' });
    // Issue 17: a job that failed twice in a row alerts (plugins/sync/alerts); never delays the runner.
    if (status === 'Failed' && job.providerId) void alertOnFailedJob(syncDeps, job.providerId, logger);
  };
  // Large jobs planned into work items that any worker takes, when configured (W365_WORK_ITEMS).
  const splits = queueConfig.workItems ? buildSplits(syncDeps) : undefined;
  // The job lease: another instance treats a job silent for `staleAfterInMs` as interrupted; this one
  // renews far more often, and stops writing once half of it passed unrenewed (so it always knows first).
  const staleAfterInMs = options.staleAfterInMs ?? config.jobLeaseInMs;
  const jobs = { store, syncDeps, throttle, staleAfterInMs, onFinished, splits, queue, telemetry };
  const runner = jobRunnerFor(options, jobs);
  const items = itemRunnerFor(options, { store, splits, onFinished, telemetry });
  work.onPoison((p) => items.poisoned(p));
  let running = new Set<string>();
  if (takesWork(role)) {
    // A shared queue hands a dead instance's items to others: its jobs are not "interrupted" for being
    // its own, only once they fall silent.
    const ownWorkerId = work.storage ? undefined : config.workerId;
    await recoverInterruptedJobs(store, { ownWorkerId, staleAfterInMs, logger });
    running = consumeWork(queue, runner, items, logger, config.jobConcurrency);
  }
  const poller = new JobPoller({
    store,
    queue,
    logger,
    intervalInMs: options.pollIntervalInMs,
    webhookGraceInMs: options.webhookGraceInMs,
    staleAfterInMs,
    isRunningHere: (id) => running.has(id),
  });
  const settings = () => nightlySettings(new DataverseEnvironmentVariables(dv));
  const scheduler = new NightlyScheduler({
    cron: config.schedule,
    timeZone: config.timeZone,
    dv,
    store,
    queue,
    logger,
    settings,
  });
  const leading = schedules(role)
    ? startScheduling(poller, scheduler, work, logger, options.schedule !== false)
    : undefined;
  const app = await buildServer({ ...options, dv, queue, scheduler });
  const url = await listen(app, config);
  const close = async () => {
    await leading?.stop();
    runner.abortAll();
    await queue.close();
    await app.close();
    await budgets.close();
    distributorHttp.close();
    await telemetry.shutdown().catch((err: unknown) => logger.warn({ err }, 'telemetry did not flush at close'));
  };
  const waitForJob = jobWaiter(store, events);
  return { url, app, dv, requests, store, queue, scheduler, poller, syncDeps, waitForJob, close };
}

/** The scheduler role: the poller, and the nightly cron (under the scheduler lease when shared). */
function startScheduling(
  poller: JobPoller,
  scheduler: NightlyScheduler,
  work: ReturnType<typeof createWorkQueue>,
  logger: Logger,
  cron: boolean,
): { stop(): Promise<void> } {
  poller.start();
  const nightly = cron ? runScheduler(scheduler, work, logger) : undefined;
  return {
    stop: async () => {
      poller.stop();
      await nightly?.stop();
    },
  };
}

async function listen(app: FastifyInstance, config: ServiceConfig): Promise<string> {
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
}
