/**
 * The service's share of the work, by configuration (`queue-config.ts`):
 * - the queues: in-process, or Azure Storage Queues shared by every instance (each with its poison
 *   queue). One queue per Dataverse environment (`queueNameFor`): a Storage queue cannot be read by
 *   environment, so on one shared queue an environment that is throttled or down would either hold
 *   every consumer slot with its backlog or make workers re-send its messages over and over to reach
 *   the others'. With a queue each, every environment has its own consumer slots and backlog;
 *   `default` keeps the queue name it always had;
 * - the item runner, for jobs planned into work items (any worker runs any item of any job);
 * - the role: a `worker` takes jobs and items from the queues; a `scheduler` runs the poller and, while
 *   it holds the environment's scheduler lease (Blob storage; one leader however many schedulers run),
 *   the nightly cron; `all` does both (the embedded default and a single instance).
 */
import { createHash } from 'node:crypto';
import { BlobLeaseStore } from '../jobs/blob-lease';
import { LeaderElection } from '../jobs/lease';
import { InProcessJobQueue, type JobQueue, type PoisonedItem } from '../jobs/queue';
import { AzureStorageJobQueue } from '../jobs/queues/azure-storage';
import type { NightlyScheduler } from '../jobs/scheduler';
import { createStorageClients, type StorageClients } from '../jobs/storage-clients';
import type { Logger } from '../shared/logger';
import { DEFAULT_ENVIRONMENT } from './environments-schema';
import type { QueueConfig, ServiceRole } from './queue-config';

export { DEFAULT_ENVIRONMENT };

export const SCHEDULER_LEASE = 'nightly-scheduler';
const LEASE_CONTAINER = 'w365-coordination';
/** Storage queue names: 3-63 characters; `-poison` is added to the longest. */
const MAX_QUEUE_NAME = 63 - '-poison'.length;

/** The scheduler lease of an environment; `default` keeps the name a single-environment service always used. */
export function schedulerLeaseFor(environment: string): string {
  return environment === DEFAULT_ENVIRONMENT ? SCHEDULER_LEASE : `${SCHEDULER_LEASE}-${environment}`;
}

/**
 * The Storage queue of an environment: `<base>` for `default`, else `<base>-<name>` in the letters a
 * queue name allows (lower case, digits, single hyphens). A name that had to change (upper case, `.`,
 * `_`) or be cut gets a short hash of itself, so that `A.b` and `a-b` never share a queue.
 */
export function queueNameFor(base: string, environment: string): string {
  if (environment === DEFAULT_ENVIRONMENT) return base;
  const slug = environment
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const hash = createHash('sha256').update(environment).digest('hex').slice(0, 8);
  const name = `${base}-${slug}`;
  if (slug === environment && name.length <= MAX_QUEUE_NAME) return name;
  return `${name.slice(0, MAX_QUEUE_NAME - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

export interface WorkQueue {
  queue: JobQueue;
  /** Where poisoned items go once the item runner exists. */
  onPoison(handler: (item: PoisonedItem) => Promise<void>): void;
  /** Present with Azure Storage: the clients the scheduler's lease uses too. */
  storage?: StorageClients;
}

/** The Storage clients every environment's queue, lease and budget share (none in-process). */
export function createSharedStorage(config: QueueConfig): StorageClients | undefined {
  if (config.kind === 'in-process') return undefined;
  return createStorageClients(config.storage as NonNullable<QueueConfig['storage']>);
}

export interface WorkQueueOptions {
  config: QueueConfig;
  logger: Logger;
  /** A queue made by the caller (tests); only for a single environment. */
  given?: JobQueue;
  /** Default `default`. */
  environment?: string;
  /** From `createSharedStorage`; made here when absent and the queue is on Storage. */
  storage?: StorageClients;
}

export function createWorkQueue(o: WorkQueueOptions): WorkQueue {
  const { config, logger, given } = o;
  const environment = o.environment ?? DEFAULT_ENVIRONMENT;
  let poison: (item: PoisonedItem) => Promise<void> = async () => undefined;
  const onPoison = (item: PoisonedItem) => poison(item);
  const bind = (handler: (item: PoisonedItem) => Promise<void>) => void (poison = handler);
  if (given) return { queue: given, onPoison: bind };
  if (config.kind === 'in-process')
    return { queue: new InProcessJobQueue({ onPoison, logger, environment }), onPoison: bind };
  const storage = o.storage ?? (createSharedStorage(config) as StorageClients);
  const queue = new AzureStorageJobQueue({
    service: storage.queues,
    queueName: queueNameFor(config.queueName, environment),
    environment,
    visibilityTimeoutInMs: config.visibilityTimeoutInMs,
    onPoison,
    logger,
  });
  return { queue, onPoison: bind, storage };
}

export interface SchedulerRole {
  stop(): Promise<void>;
}

/**
 * The nightly cron: on this instance alone when the queue is in-process (one instance by definition),
 * else only while this instance holds the environment's scheduler lease, so that many scheduler
 * instances queue one nightly run between them and another takes over within a lease when the leader
 * dies. Each environment has its own lease, so the leaders of two environments may differ.
 */
export function runScheduler(
  scheduler: NightlyScheduler,
  work: Pick<WorkQueue, 'storage'>,
  logger: Logger,
  environment: string = DEFAULT_ENVIRONMENT,
): SchedulerRole {
  if (!work.storage) {
    scheduler.start();
    return { stop: async () => scheduler.stop() };
  }
  const election = new LeaderElection({
    store: new BlobLeaseStore({ container: work.storage.blobs.getContainerClient(LEASE_CONTAINER), logger }),
    name: schedulerLeaseFor(environment),
    logger,
    onElected: () => scheduler.start(),
    onDeposed: () => scheduler.stop(),
  });
  election.start();
  return { stop: () => election.stop() };
}

export const takesWork = (role: ServiceRole) => role !== 'scheduler';
export const schedules = (role: ServiceRole) => role !== 'worker';
