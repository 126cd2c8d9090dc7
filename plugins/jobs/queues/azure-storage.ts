/**
 * The job queue on Azure Storage Queues (azurite locally), behind the same `JobQueue` interface as the
 * in-process queue, so that any number of worker processes share the work.
 *
 * - A message is a work-item envelope (`../work-item.ts`): an environment, a Sync Job and optionally
 *   one keyed item of it. `enqueue(jobId)` sends a whole-job envelope for the configured environment.
 * - Delivery is at least once. A received message is invisible for `visibilityTimeoutInMs` and a
 *   heartbeat renews that while the item runs; a worker that dies stops renewing, and the message
 *   reappears for another worker. The runner's claim (and keyed writes) make a second delivery harmless.
 * - A failed delivery is retried after a back-off; the `maxDeliveries`-th failure (or a message
 *   delivered more often than that because workers died holding it) goes to the poison queue
 *   (`<queue>-poison`) and is reported to `onPoison`, never dropped.
 * - `close()` stops receiving, lets held items finish for `closeGraceInMs`, then aborts the rest and
 *   releases their messages (visible again at once) and resolves: what SIGTERM needs.
 */
import type { QueueClient, QueueServiceClient, DequeuedMessageItem } from '@azure/storage-queue';
import { W365Error, errorMessage, isW365Error } from '../../../common/errors';
import { delay } from '../../shared/abort';
import { silentLogger, type Logger } from '../../shared/logger';
import { DistributedErrorCodes } from '../distributed-errors';
import { QueueMessages } from '../distributed-strings';
import type { ItemHandler, JobQueue, PoisonedItem } from '../queue';
import { describeStorageFailure } from '../storage-clients';
import { decodeEnvelope, encodeEnvelope, WORK_ITEM_ENVELOPE_VERSION, type WorkItemEnvelope } from '../work-item';
import { HeldMessage } from './held-message';

export type { Delivery, ItemHandler, PoisonedItem } from '../queue';

export interface AzureStorageJobQueueOptions {
  service: QueueServiceClient;
  /** 3-63 lower-case letters, digits and hyphens. Default `w365-work-items`. */
  queueName?: string;
  /** Default `<queueName>-poison`. */
  poisonQueueName?: string;
  /** Environment named by `enqueue(jobId)`. Default `default`. */
  environment?: string;
  /** How long a received message stays invisible without renewal. Default 60 s; whole seconds, at least 1 s. */
  visibilityTimeoutInMs?: number;
  /** Renewal period while an item runs. Default a third of the visibility timeout. */
  heartbeatIntervalInMs?: number;
  /** Deliveries before an item goes to the poison queue. Default 5. */
  maxDeliveries?: number;
  /** Back-off after a failed delivery: this times 2^(delivery-1), capped at 5 min. Default 5 s. 0: at once. */
  retryDelayInMs?: number;
  /**
   * Polling an empty queue backs off from the first to the second. Default 250 ms and 1 s: a job's
   * parts, queued by the worker that planned it, wait for the other workers' next poll; at 5 s the
   * scale bench's fourth worker joined a 15-second job 5 to 11 s late. An idle worker then makes about
   * 86,400 receive calls a day per queue, a few cents a month of Storage transactions [I].
   */
  minPollIntervalInMs?: number;
  maxPollIntervalInMs?: number;
  /** How long `close()` lets held items finish before it releases them. Default 30 s. */
  closeGraceInMs?: number;
  onPoison?: (item: PoisonedItem) => void | Promise<void>;
  logger?: Logger;
}

const MAX_RETRY_DELAY_IN_MS = 300_000;
const BATCH_MAX = 32; // the Queue service's limit per receive

export class AzureStorageJobQueue implements JobQueue {
  private readonly queue: QueueClient;
  private readonly poison: QueueClient;
  private readonly logger: Logger;
  private readonly visibilityInS: number;
  private readonly held = new Map<string, { message: HeldMessage; abort: AbortController; done: Promise<void> }>();
  private readonly stopping = new AbortController();
  private wake?: AbortController;
  private queuesReady?: Promise<void>;
  private loop?: Promise<void>;
  private slotFreed?: () => void;
  private waitingEstimate = 0;
  private closed = false;

  constructor(private readonly o: AzureStorageJobQueueOptions) {
    const name = o.queueName ?? 'w365-work-items';
    this.queue = o.service.getQueueClient(name);
    this.poison = o.service.getQueueClient(o.poisonQueueName ?? `${name}-poison`);
    this.logger = o.logger ?? silentLogger();
    this.visibilityInS = Math.max(1, Math.round((o.visibilityTimeoutInMs ?? 60_000) / 1000));
  }

  /** Creates the queue and its poison queue if they do not exist (idempotent; once per instance). */
  ensureQueues(): Promise<void> {
    this.queuesReady ??= Promise.all([this.queue.createIfNotExists(), this.poison.createIfNotExists()]).then(
      () => undefined,
      (err: unknown) => {
        this.queuesReady = undefined;
        throw this.unavailable('create the queues', err);
      },
    );
    return this.queuesReady;
  }

  /** Readiness: the queues exist (created if need be) and Storage answers. */
  async ready(): Promise<void> {
    await this.ensureQueues();
    await this.queue.getProperties();
  }

  enqueue(jobId: string): Promise<void> {
    return this.enqueueItem({ v: WORK_ITEM_ENVELOPE_VERSION, environment: this.o.environment ?? 'default', jobId });
  }

  /** Sends one envelope; throws JOB_MESSAGE_MALFORMED / JOB_MESSAGE_TOO_LARGE / JOB_STORAGE_UNAVAILABLE. */
  async enqueueItem(envelope: WorkItemEnvelope, options: { visibilityDelayInMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    const text = encodeEnvelope({ enqueuedAt: new Date().toISOString(), ...envelope });
    await this.ensureQueues();
    try {
      await this.queue.sendMessage(text, {
        messageTimeToLive: -1, // never expire: a backlog older than 7 days must not vanish silently
        visibilityTimeout: options.visibilityDelayInMs ? Math.ceil(options.visibilityDelayInMs / 1000) : undefined,
      });
    } catch (err) {
      throw this.unavailable('send a work item', err);
    }
    this.wake?.abort(); // a local consumer need not wait for its next poll
  }

  consume(handler: (jobId: string) => Promise<void>, concurrency: number): void {
    this.consumeItems(async (envelope) => {
      if (!envelope.item) await handler(envelope.jobId);
    }, concurrency);
  }

  /** Starts receiving envelopes, at most `concurrency` held at once. */
  consumeItems(handler: ItemHandler, concurrency: number): void {
    if (this.loop || this.closed) return;
    this.loop = this.receiveLoop(handler, Math.max(1, concurrency)).catch((err: unknown) => {
      this.logger.error({ err: errorMessage(err) }, 'work-item receive loop stopped');
    });
  }

  /**
   * Items held here, or the queue's approximate message count when it was last read (the service
   * counts invisible messages too, i.e. items other workers hold), whichever is larger.
   */
  pending(): number {
    return Math.max(this.held.size, this.waitingEstimate);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopping.abort();
    this.slotFreed?.();
    await this.loop;
    const graceOver = new AbortController();
    const grace = delay(this.o.closeGraceInMs ?? 30_000, graceOver.signal).then(
      () => 'grace' as const,
      () => 'done' as const,
    );
    const all = Promise.allSettled([...this.held.values()].map((h) => h.done)).then(() => 'done' as const);
    const first = await Promise.race([grace, all]);
    graceOver.abort();
    if (first === 'done') return;
    // Past the grace: tell the handlers to stop and make their messages visible again at once, whether
    // or not a handler listens to its signal (a late completion then finds the message settled).
    const releases = [...this.held.values()].map((h) => {
      h.abort.abort(new W365Error(DistributedErrorCodes.LeaseLost, QueueMessages.closing));
      return this.settleFailure(h.message, 0);
    });
    await Promise.allSettled(releases);
  }

  private async receiveLoop(handler: ItemHandler, concurrency: number): Promise<void> {
    const minPoll = this.o.minPollIntervalInMs ?? 250;
    const maxPoll = this.o.maxPollIntervalInMs ?? 1_000;
    let idle = minPoll;
    let countedAt = 0;
    await this.untilReady();
    while (!this.closed) {
      if (this.held.size >= concurrency) {
        await this.slotFree();
        continue;
      }
      let items: DequeuedMessageItem[];
      try {
        const r = await this.queue.receiveMessages({
          numberOfMessages: Math.min(BATCH_MAX, concurrency - this.held.size),
          visibilityTimeout: this.visibilityInS,
          abortSignal: this.stopping.signal,
        });
        items = r.receivedMessageItems;
      } catch (err) {
        if (this.closed) break;
        this.logger.warn({ err: describeStorageFailure(err) }, 'work-item receive failed');
        items = [];
      }
      if (this.closed) {
        await Promise.allSettled(items.map((m) => this.releaseUnstarted(m)));
        break;
      }
      if (items.length === 0) {
        this.waitingEstimate = 0;
        await this.sleep(idle);
        idle = Math.min(idle * 2, maxPoll);
        continue;
      }
      idle = minPoll;
      for (const m of items) this.start(m, handler);
      if (Date.now() - countedAt > 5_000) {
        countedAt = Date.now();
        void this.countWaiting();
      }
    }
  }

  private async untilReady(): Promise<void> {
    for (let wait = 500; !this.closed; wait = Math.min(wait * 2, 10_000)) {
      try {
        return await this.ensureQueues();
      } catch (err) {
        this.logger.warn({ err: errorMessage(err) }, 'work-item queues not reachable yet');
        await this.sleep(wait);
      }
    }
  }

  private start(item: DequeuedMessageItem, handler: ItemHandler): void {
    const abort = new AbortController();
    const message = new HeldMessage({
      queue: this.queue,
      message: item,
      visibilityTimeoutInS: this.visibilityInS,
      heartbeatIntervalInMs: this.o.heartbeatIntervalInMs ?? Math.max(250, (this.visibilityInS * 1000) / 3),
      logger: this.logger,
      onLost: (reason) => {
        this.logger.warn({ messageId: item.messageId, reason }, 'work item no longer held');
        abort.abort(new W365Error(DistributedErrorCodes.LeaseLost, QueueMessages.lost(reason)));
      },
    });
    const done = this.run(message, handler, abort).finally(() => {
      this.held.delete(item.messageId);
      this.slotFreed?.();
    });
    this.held.set(item.messageId, { message, abort, done });
  }

  private async run(message: HeldMessage, handler: ItemHandler, abort: AbortController): Promise<void> {
    const maxDeliveries = this.o.maxDeliveries ?? 5;
    let envelope: WorkItemEnvelope;
    try {
      envelope = decodeEnvelope(message.text);
    } catch (err) {
      const retryElsewhere = isW365Error(err) && err.details?.retryElsewhere === true;
      if (!retryElsewhere || message.dequeueCount >= maxDeliveries) return this.toPoison(message, undefined, err);
      await this.settleFailure(message, this.backoff(message.dequeueCount));
      return;
    }
    if (message.dequeueCount > maxDeliveries) {
      return this.toPoison(message, envelope, new Error(QueueMessages.abandoned(message.dequeueCount)));
    }
    message.startHeartbeat();
    try {
      await handler(envelope, { messageId: message.id, dequeueCount: message.dequeueCount, signal: abort.signal });
    } catch (err) {
      if (abort.signal.aborted || message.isLost) {
        // Closing (or no longer ours): the item did not fail, it was interrupted; let another worker run it.
        await this.settleFailure(message, 0);
      } else if (message.dequeueCount >= maxDeliveries) {
        await this.toPoison(message, envelope, err);
      } else {
        this.logger.warn(
          { jobId: envelope.jobId, item: envelope.item?.key, err: errorMessage(err) },
          'work item failed',
        );
        await this.settleFailure(message, this.backoff(message.dequeueCount));
      }
      return;
    }
    const settled = await message.complete().catch((err: unknown) => {
      this.logger.warn({ messageId: message.id, err: describeStorageFailure(err) }, 'work item done but not deleted');
      return 'failed';
    });
    if (settled === 'gone')
      this.logger.warn({ jobId: envelope.jobId }, 'work item finished after another worker took it');
  }

  private backoff(dequeueCount: number): number {
    const base = this.o.retryDelayInMs ?? 5_000;
    return Math.min(base * 2 ** (dequeueCount - 1), MAX_RETRY_DELAY_IN_MS);
  }

  private async settleFailure(message: HeldMessage, delayInMs: number): Promise<void> {
    await message.release(delayInMs).catch((err: unknown) => {
      // It becomes visible again anyway once its visibility timeout lapses.
      this.logger.warn({ messageId: message.id, err: describeStorageFailure(err) }, 'work item not released');
    });
  }

  /** Copies the message to the poison queue first, then deletes it: at worst it is poisoned twice, never lost. */
  private async toPoison(message: HeldMessage, envelope: WorkItemEnvelope | undefined, cause: unknown): Promise<void> {
    const errorCode = isW365Error(cause) ? cause.code : DistributedErrorCodes.ItemPoisoned;
    const reason = errorMessage(cause);
    try {
      await this.poison.sendMessage(message.text, { messageTimeToLive: -1 });
    } catch (err) {
      this.logger.error({ messageId: message.id, err: describeStorageFailure(err) }, 'work item not poisoned yet');
      return this.settleFailure(message, this.backoff(message.dequeueCount));
    }
    await message.complete().catch(() => undefined);
    const item: PoisonedItem = {
      ...(envelope ? { envelope } : {}),
      messageId: message.id,
      messageText: message.text,
      dequeueCount: message.dequeueCount,
      errorCode,
      reason,
    };
    this.logger.error({ messageId: message.id, jobId: envelope?.jobId, errorCode }, 'work item poisoned');
    try {
      await this.o.onPoison?.(item);
    } catch (err) {
      this.logger.error({ err: errorMessage(err), messageId: message.id }, 'poison callback failed');
    }
  }

  private async releaseUnstarted(m: DequeuedMessageItem): Promise<void> {
    await this.queue.updateMessage(m.messageId, m.popReceipt, undefined, 0).catch(() => undefined);
  }

  private async countWaiting(): Promise<void> {
    try {
      this.waitingEstimate = (await this.queue.getProperties()).approximateMessagesCount ?? 0;
    } catch {
      // an estimate only
    }
  }

  private slotFree(): Promise<void> {
    return new Promise<void>((resolve) => (this.slotFreed = resolve));
  }

  private async sleep(ms: number): Promise<void> {
    this.wake = new AbortController();
    const signal = AbortSignal.any([this.stopping.signal, this.wake.signal]);
    await delay(ms, signal).catch(() => undefined);
  }

  private unavailable(action: string, err: unknown): W365Error {
    return new W365Error(
      DistributedErrorCodes.StorageUnavailable,
      QueueMessages.unavailable(action, describeStorageFailure(err)),
      {
        retryable: true,
        cause: err,
      },
    );
  }
}
