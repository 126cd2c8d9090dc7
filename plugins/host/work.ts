/**
 * The service's share of the work, by configuration (`queue-config.ts`):
 * - the queue: in-process, or Azure Storage Queues shared by every instance (with its poison queue);
 * - the item runner, for jobs planned into work items (any worker runs any item of any job);
 * - the role: a `worker` takes jobs and items from the queue; a `scheduler` runs the poller and, while
 *   it holds the `nightly-scheduler` lease (Blob storage; one leader however many schedulers run), the
 *   nightly cron; `all` does both (the embedded default and a single instance).
 */
import { BlobLeaseStore } from '../jobs/blob-lease';
import type { ItemRunner } from '../jobs/item-runner';
import { LeaderElection } from '../jobs/lease';
import { InProcessJobQueue, type JobQueue, type PoisonedItem } from '../jobs/queue';
import { AzureStorageJobQueue } from '../jobs/queues/azure-storage';
import type { JobRunner } from '../jobs/runner';
import type { NightlyScheduler } from '../jobs/scheduler';
import { createStorageClients, type StorageClients } from '../jobs/storage-clients';
import type { Logger } from '../shared/logger';
import type { QueueConfig, ServiceRole } from './queue-config';

export const SCHEDULER_LEASE = 'nightly-scheduler';
const LEASE_CONTAINER = 'w365-coordination';

export interface WorkQueue {
  queue: JobQueue;
  /** Where poisoned items go once the item runner exists. */
  onPoison(handler: (item: PoisonedItem) => Promise<void>): void;
  /** Present with Azure Storage: the clients the scheduler's lease uses too. */
  storage?: StorageClients;
}

export function createWorkQueue(config: QueueConfig, logger: Logger, given?: JobQueue): WorkQueue {
  let poison: (item: PoisonedItem) => Promise<void> = async () => undefined;
  const onPoison = (item: PoisonedItem) => poison(item);
  const bind = (handler: (item: PoisonedItem) => Promise<void>) => void (poison = handler);
  if (given) return { queue: given, onPoison: bind };
  if (config.kind === 'in-process') return { queue: new InProcessJobQueue({ onPoison, logger }), onPoison: bind };
  const storage = createStorageClients(config.storage as NonNullable<QueueConfig['storage']>);
  const queue = new AzureStorageJobQueue({
    service: storage.queues,
    queueName: config.queueName,
    visibilityTimeoutInMs: config.visibilityTimeoutInMs,
    onPoison,
    logger,
  });
  return { queue, onPoison: bind, storage };
}

/** Takes jobs and items from the queue; returns the ids of whole jobs running in this process now. */
export function consumeWork(
  queue: JobQueue,
  runner: JobRunner,
  items: ItemRunner,
  logger: Logger,
  concurrency: number,
): Set<string> {
  const running = new Set<string>();
  queue.consumeItems(async (envelope, delivery) => {
    // An item's failure is the queue's to retry (and, past the limit, to poison): let it through.
    if (envelope.item) return items.run(envelope, delivery);
    running.add(envelope.jobId);
    try {
      await runner.run(envelope.jobId);
    } catch (err) {
      logger.error({ err, jobId: envelope.jobId }, 'job could not be run');
    } finally {
      running.delete(envelope.jobId);
    }
  }, concurrency);
  return running;
}

export interface SchedulerRole {
  stop(): Promise<void>;
}

/**
 * The nightly cron: on this instance alone when the queue is in-process (one instance by definition),
 * else only while this instance holds the scheduler lease, so that many scheduler instances queue
 * one nightly run between them and another takes over within a lease when the leader dies.
 */
export function runScheduler(scheduler: NightlyScheduler, work: WorkQueue, logger: Logger): SchedulerRole {
  if (!work.storage) {
    scheduler.start();
    return { stop: async () => scheduler.stop() };
  }
  const election = new LeaderElection({
    store: new BlobLeaseStore({ container: work.storage.blobs.getContainerClient(LEASE_CONTAINER), logger }),
    name: SCHEDULER_LEASE,
    logger,
    onElected: () => scheduler.start(),
    onDeposed: () => scheduler.stop(),
  });
  election.start();
  return { stop: () => election.stop() };
}

export const takesWork = (role: ServiceRole) => role !== 'scheduler';
export const schedules = (role: ServiceRole) => role !== 'worker';
