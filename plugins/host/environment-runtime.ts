/**
 * One Dataverse environment's part of the service: its Dataverse client (its own token provider and
 * request counters), job store, runner of whole jobs, runner of work items, poller, nightly scheduler
 * (under the environment's own lease), budgets and queue. A service serving several environments
 * builds one of these per environment; the HTTP host, the Storage clients, the telemetry and the
 * distributor HTTP client are shared (`service.ts`).
 */
import { EventEmitter } from 'node:events';
import { DataverseClient, type RequestGate } from '../dataverse/client';
import { DataverseEnvironmentVariables, nightlySettings } from '../dataverse/environment-variables';
import { RequestCounter, ThrottleMonitor, observeAll } from '../dataverse/observer';
import { createDataverseTokenStore } from '../dataverse/token-store';
import { DATAVERSE_BUDGET, type BudgetLimits } from '../jobs/budget/types';
import { ItemRunner } from '../jobs/item-runner';
import { JobPoller } from '../jobs/poller';
import type { JobQueue, PoisonedItem } from '../jobs/queue';
import { recoverInterruptedJobs } from '../jobs/recovery';
import { JobRunner } from '../jobs/runner';
import { NightlyScheduler } from '../jobs/scheduler';
import type { StorageClients } from '../jobs/storage-clients';
import { DataverseJobStore, type JobStore } from '../jobs/store';
import type { FinalStatus, JobRecord } from '../jobs/types';
import type { HttpClient } from '../shared/http';
import type { Logger } from '../shared/logger';
import type { SyncDeps } from '../sync/deps';
import { alertOnFailedJob } from '../sync/alerts/run';
import { buildOperations } from '../sync/operations';
import { buildSplits } from '../sync/splits';
import type { Telemetry } from '../telemetry';
import { TracingRequestObserver } from '../telemetry/dataverse-observer';
import { createBudgets, type Budgets } from './budgets';
import { EnvironmentOrganization } from './organization';
import type { QueueConfig, ServiceRole } from './queue-config';
import type { RoutedEnvironment } from './routing';
import type { DataverseTarget, ServiceOptions } from './service';
import { jobWaiter } from './wait-for-job';
import { createWorkQueue, runScheduler, schedules, takesWork } from './work';

/** The local bound of a Dataverse client when no shared budget gates it (the client's own default). */
const LOCAL_DATAVERSE_CONCURRENCY = 16;

export interface EnvironmentTarget extends DataverseTarget {
  /** What work items, budgets, leases and telemetry name the environment by (`default` alone). */
  name: string;
  /** This environment's share of Dataverse's limits, all workers together; default DATAVERSE_BUDGET. */
  budget?: { maxConcurrentRequests: number; maxRequestsPer5Min: number };
  /** Its own webhook key (the environments file's `webhookKey`); absent: the service-wide W365_WEBHOOK_KEY. */
  webhookKey?: string;
}

/** What every environment's runtime shares. */
export interface SharedParts {
  options: ServiceOptions;
  queueConfig: QueueConfig;
  role: ServiceRole;
  telemetry: Telemetry;
  /** Traced, inside each environment's budgets: a distributor span measures the call, not the wait. */
  distributorHttp: HttpClient;
  storage?: StorageClients;
  /** Where every queue's poisoned messages go (the router). */
  onPoison(item: PoisonedItem): Promise<void>;
}

export interface EnvironmentRuntime extends RoutedEnvironment {
  name: string;
  dv: DataverseClient;
  /** Requests, writes and retries sent to this environment's Dataverse (tests and benchmarks). */
  requests: RequestCounter;
  store: JobStore;
  queue: JobQueue;
  scheduler: NightlyScheduler;
  poller: JobPoller;
  syncDeps: SyncDeps;
  /** Whole jobs of this environment running in this process now. */
  running: Set<string>;
  /** Its own webhook key, when it has one. */
  webhookKey?: string;
  /** Its Dataverse organisation, learned from WhoAmI (the webhook's organisation check). */
  organization: EnvironmentOrganization;
  waitForJob(jobId: string, timeoutInMs?: number): Promise<JobRecord>;
  /** Starts the poller and (while this instance leads the environment's lease) the nightly cron, as the role says. */
  startScheduling(): void;
  /** Stops the scheduling, the runs and the queue (its held items finish or are handed back). */
  close(): Promise<void>;
}

/**
 * The job lease: another instance treats a job silent for this long as interrupted; this one renews
 * far more often, and stops writing once half of it passed unrenewed (so it always knows first).
 */
function staleAfterInMsOf(options: ServiceOptions): number {
  return options.staleAfterInMs ?? options.config.jobLeaseInMs;
}

function budgetLimitsOf(target: EnvironmentTarget): BudgetLimits {
  if (!target.budget) return DATAVERSE_BUDGET;
  return {
    ...DATAVERSE_BUDGET,
    maxConcurrentRequests: target.budget.maxConcurrentRequests,
    maxRequestsPerWindow: target.budget.maxRequestsPer5Min,
  };
}

/** The Dataverse client, with the observers the service reads: request counts and throttling. */
function connectDataverse(
  shared: SharedParts,
  target: EnvironmentTarget,
  gate: RequestGate | undefined,
  logger: Logger,
) {
  const requests = new RequestCounter();
  const throttle = new ThrottleMonitor();
  const traced = new TracingRequestObserver(shared.telemetry, target.name);
  const dv = new DataverseClient({
    webApiUrl: target.webApiUrl,
    tokenProvider: target.tokenProvider,
    ca: target.ca,
    logger,
    observer: observeAll(requests, throttle, traced),
    maxConcurrentRequests: Math.min(
      LOCAL_DATAVERSE_CONCURRENCY,
      target.budget?.maxConcurrentRequests ?? LOCAL_DATAVERSE_CONCURRENCY,
    ),
    ...(gate ? { gate } : {}),
  });
  return { dv, requests, throttle };
}

/** What the sync operations are given: Dataverse, the connectors, and the shared outbound HTTP client. */
function syncDepsFor(shared: SharedParts, dv: DataverseClient, budgets: Budgets): SyncDeps {
  const { logger, redactor } = shared.options;
  // Connectors with rotating refresh tokens (StreamOne Ion) keep them, field-secured, on the Provider row.
  const tokenStore = (shared.options.tokenStore ?? ((client) => createDataverseTokenStore(client, { logger })))(dv);
  return {
    dv,
    connectors: shared.options.connectors,
    redactor,
    connectorDeps: (log, scope) => ({
      http: budgets.distributorHttp(shared.distributorHttp, scope?.providerId),
      logger: log,
      redactor,
      tokenStore,
    }),
    items: {
      customersPerItem: shared.queueConfig.customersPerItem,
      accountsPerItem: shared.queueConfig.accountsPerItem,
    },
  };
}

interface RunnerParts {
  name: string;
  /** The service's logger, naming the environment. */
  logger: Logger;
  store: JobStore;
  syncDeps: SyncDeps;
  throttle: ThrottleMonitor;
  staleAfterInMs: number;
  onFinished: (job: JobRecord, status: FinalStatus) => void;
  splits?: ReturnType<typeof buildSplits>;
  queue: JobQueue;
}

/** The runner of whole jobs; with splits, it plans those operations and sends their items to the environment's queue. */
function jobRunnerFor(shared: SharedParts, o: RunnerParts): JobRunner {
  const { options, telemetry } = shared;
  const { store, throttle, staleAfterInMs, splits, queue } = o;
  return new JobRunner({
    store,
    handlers: buildOperations(o.syncDeps),
    logger: o.logger,
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
            environment: o.name,
            send: (e) => queue.enqueueItem(e),
            // The job's span, so that its items' spans join its trace wherever they run.
            traceparent: () => telemetry.traceparent(),
          },
        }
      : {}),
  });
}

function itemRunnerFor(shared: SharedParts, o: RunnerParts): ItemRunner {
  const { options, telemetry } = shared;
  return new ItemRunner({
    store: o.store,
    splits: o.splits ?? {},
    onFinished: o.onFinished,
    telemetry,
    logger: o.logger,
    redactor: options.redactor,
    workerId: options.config.workerId,
  });
}

function onFinishedFor(shared: SharedParts, name: string, events: EventEmitter, syncDeps: () => SyncDeps) {
  const { logger } = shared.options;
  return (job: JobRecord, status: FinalStatus) => {
    events.emit('finished', job.id, status);
    shared.telemetry.jobFinished({ operation: job.operation, status, environment: name });
    // Issue 17: a job that failed twice in a row alerts (plugins/sync/alerts); never delays the runner.
    if (status === 'Failed' && job.providerId) void alertOnFailedJob(syncDeps(), job.providerId, logger);
  };
}

function schedulingFor(shared: SharedParts, parts: RunnerParts & { dv: DataverseClient }) {
  const { options } = shared;
  const { logger } = parts;
  const running = new Set<string>();
  const poller = new JobPoller({
    store: parts.store,
    queue: parts.queue,
    logger,
    intervalInMs: options.pollIntervalInMs,
    webhookGraceInMs: options.webhookGraceInMs,
    staleAfterInMs: parts.staleAfterInMs,
    isRunningHere: (id) => running.has(id),
  });
  const scheduler = new NightlyScheduler({
    cron: options.config.schedule,
    timeZone: options.config.timeZone,
    dv: parts.dv,
    store: parts.store,
    queue: parts.queue,
    logger,
    settings: () => nightlySettings(new DataverseEnvironmentVariables(parts.dv)),
  });
  return { running, poller, scheduler };
}

/** Builds one environment's runtime; nothing runs until the service consumes its queue and calls `startScheduling`. */
export function createEnvironmentRuntime(shared: SharedParts, target: EnvironmentTarget): EnvironmentRuntime {
  const { options, queueConfig, telemetry } = shared;
  const name = target.name;
  const logger = options.logger.child({ environment: name });
  const blobs = queueConfig.sharedBudgets ? shared.storage?.blobs : undefined;
  const budgets = createBudgets(blobs, name, options.logger, telemetry, budgetLimitsOf(target));
  const { dv, requests, throttle } = connectDataverse(shared, target, budgets.dataverse, logger);
  const store = new DataverseJobStore(dv);
  const work = createWorkQueue({
    config: queueConfig,
    logger,
    given: options.queue,
    environment: name,
    storage: shared.storage,
  });
  work.onPoison((p) => shared.onPoison(p));
  const events = new EventEmitter().setMaxListeners(100);
  const syncDeps = syncDepsFor(shared, dv, budgets);
  const onFinished = onFinishedFor(shared, name, events, () => syncDeps);
  // Large jobs planned into work items that any worker takes, when configured (W365_WORK_ITEMS).
  const splits = queueConfig.workItems ? buildSplits(syncDeps) : undefined;
  const staleAfterInMs = staleAfterInMsOf(options);
  const parts = { name, logger, store, syncDeps, throttle, staleAfterInMs, onFinished, splits, queue: work.queue, dv };
  const runner = jobRunnerFor(shared, parts);
  const items = itemRunnerFor(shared, parts);
  const { running, poller, scheduler } = schedulingFor(shared, parts);
  const organization = new EnvironmentOrganization(dv, logger);
  let leading: { stop(): Promise<void> } | undefined;
  return {
    name,
    dv,
    requests,
    store,
    scheduler,
    poller,
    syncDeps,
    running,
    ...(target.webhookKey ? { webhookKey: target.webhookKey } : {}),
    organization,
    queue: work.queue,
    waitForJob: jobWaiter(store, events),
    runJob: async (jobId) => {
      running.add(jobId);
      try {
        await runner.run(jobId);
      } finally {
        running.delete(jobId);
      }
    },
    runItem: (envelope, delivery) => items.run(envelope, delivery),
    poisoned: (p) => items.poisoned(p),
    startScheduling: () => {
      if (!schedules(shared.role)) return;
      poller.start();
      const nightly = options.schedule !== false ? runScheduler(scheduler, work, logger, name) : undefined;
      leading = {
        stop: async () => {
          poller.stop();
          await nightly?.stop();
        },
      };
    },
    close: async () => {
      organization.close();
      await leading?.stop();
      runner.abortAll();
      await work.queue.close();
      await budgets.close();
    },
  };
}

/**
 * Before this instance takes work for the environment: its own interrupted jobs are marked so. A
 * shared queue hands a dead instance's items to others: its jobs are not "interrupted" for being its
 * own, only once they fall silent.
 */
export async function recoverEnvironment(shared: SharedParts, runtime: EnvironmentRuntime): Promise<void> {
  if (!takesWork(shared.role)) return;
  const { config, logger } = shared.options;
  await recoverInterruptedJobs(runtime.store, {
    ownWorkerId: shared.storage ? undefined : config.workerId,
    staleAfterInMs: staleAfterInMsOf(shared.options),
    logger: logger.child({ environment: runtime.name }),
  });
}
