/**
 * Jobs and their work items reach workers through this interface. Two implementations: in-process
 * (the embedded default and a single instance: `InProcessJobQueue`) and Azure Storage Queues, so that
 * any number of service instances share the work (`queues/azure-storage.ts`).
 *
 * A message is a work-item envelope (`work-item.ts`): a whole job (no `item`: claim it and plan it) or
 * one keyed item of a job that was split. Delivery is at least once whichever the queue: the runner's
 * claim makes a job run once, and an item's keyed writes and its mark in the job's ledger make a second
 * delivery change nothing.
 */
import { W365Error, errorMessage, isW365Error } from '../../common/errors';
import { delay } from '../shared/abort';
import { silentLogger, type Logger } from '../shared/logger';
import { DistributedErrorCodes } from './distributed-errors';
import { QueueMessages } from './distributed-strings';
import { WORK_ITEM_ENVELOPE_VERSION, type WorkItemEnvelope } from './work-item';

export interface Delivery {
  messageId: string;
  /** 1 on the first delivery. */
  dequeueCount: number;
  /** Aborted when the item must stop: the queue is closing past its grace, or the message is no longer ours. */
  signal: AbortSignal;
}

export interface PoisonedItem {
  /** Absent when the message could not be read at all. */
  envelope?: WorkItemEnvelope;
  messageId: string;
  messageText: string;
  dequeueCount: number;
  errorCode: string;
  reason: string;
}

export type ItemHandler = (envelope: WorkItemEnvelope, delivery: Delivery) => Promise<void>;

export interface JobQueue {
  /** A whole-job envelope for this queue's environment. */
  enqueue(jobId: string): Promise<void>;
  /** One envelope (a whole job or one of its items). */
  enqueueItem(envelope: WorkItemEnvelope, options?: { visibilityDelayInMs?: number }): Promise<void>;
  /** Starts delivering job ids (whole-job envelopes only) to `handler`, at most `concurrency` at a time. */
  consume(handler: (jobId: string) => Promise<void>, concurrency: number): void;
  /** Starts delivering every envelope to `handler`, at most `concurrency` at a time. */
  consumeItems(handler: ItemHandler, concurrency: number): void;
  /** Stops taking new messages and resolves once the held ones have finished or been handed back. */
  close(): Promise<void>;
  /** Envelopes waiting or being handled (an estimate for a shared queue). */
  pending(): number;
  /** Throws when the queue cannot be reached (readiness). */
  ready?(): Promise<void>;
}

export interface InProcessJobQueueOptions {
  /** Environment named by `enqueue(jobId)`. Default `default`. */
  environment?: string;
  /** Deliveries before an item is poisoned. Default 5, as on Azure Storage. */
  maxDeliveries?: number;
  /** Back-off after a failed delivery: this times 2^(delivery-1), capped at 5 min. Default 1 s. */
  retryDelayInMs?: number;
  /** How long `close()` lets running handlers finish before it aborts them. Default 30 s. */
  closeGraceInMs?: number;
  onPoison?: (item: PoisonedItem) => void | Promise<void>;
  logger?: Logger;
}

interface Waiting {
  envelope: WorkItemEnvelope;
  deliveries: number;
  id: string;
}

const MAX_RETRY_DELAY_IN_MS = 300_000;

function dedupeKey(e: WorkItemEnvelope): string {
  return `${e.environment}|${e.jobId}|${e.item?.key ?? ''}`;
}

/**
 * The queue of a single instance: envelopes in memory, delivered in order, failed deliveries retried
 * with a back-off and poisoned after `maxDeliveries`, as the Storage queue does. What it cannot do is
 * outlive the process: a restart loses what was waiting, which is why recovery marks this instance's
 * running jobs interrupted when it starts again.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly waiting: Waiting[] = [];
  private readonly keys = new Set<string>();
  private readonly running = new Map<string, { done: Promise<void>; abort: AbortController }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private handler?: ItemHandler;
  private concurrency = 1;
  private closed = false;
  private seq = 0;
  private readonly logger: Logger;

  constructor(private readonly o: InProcessJobQueueOptions = {}) {
    this.logger = o.logger ?? silentLogger();
  }

  enqueue(jobId: string): Promise<void> {
    return this.enqueueItem({ v: WORK_ITEM_ENVELOPE_VERSION, environment: this.o.environment ?? 'default', jobId });
  }

  async enqueueItem(envelope: WorkItemEnvelope, options: { visibilityDelayInMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    // The same job or item can arrive twice (webhook and poller, a re-planned job); one delivery is enough.
    const key = dedupeKey(envelope);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    const entry: Waiting = {
      envelope: { enqueuedAt: new Date().toISOString(), ...envelope },
      deliveries: 0,
      id: `m${++this.seq}`,
    };
    if (options.visibilityDelayInMs) this.later(entry, options.visibilityDelayInMs);
    else this.waiting.push(entry);
    this.pump();
  }

  consume(handler: (jobId: string) => Promise<void>, concurrency: number): void {
    this.consumeItems(async (envelope) => {
      if (!envelope.item) await handler(envelope.jobId);
    }, concurrency);
  }

  consumeItems(handler: ItemHandler, concurrency: number): void {
    this.handler = handler;
    this.concurrency = Math.max(1, concurrency);
    this.pump();
  }

  pending(): number {
    return this.keys.size;
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const all = Promise.allSettled([...this.running.values()].map((r) => r.done));
    const graceOver = new AbortController();
    const grace = delay(this.o.closeGraceInMs ?? 30_000, graceOver.signal).then(
      () => 'grace' as const,
      () => 'done' as const,
    );
    const first = await Promise.race([all.then(() => 'done' as const), grace]);
    graceOver.abort();
    if (first === 'done') return;
    for (const r of this.running.values())
      r.abort.abort(new W365Error(DistributedErrorCodes.LeaseLost, QueueMessages.closing));
    await all;
  }

  private later(entry: Waiting, delayInMs: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.closed) return;
      this.waiting.push(entry);
      this.pump();
    }, delayInMs);
    t.unref();
    this.timers.add(t);
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler) return;
    while (!this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift() as Waiting;
      entry.deliveries++;
      const abort = new AbortController();
      const done = this.deliver(handler, entry, abort).finally(() => {
        this.running.delete(entry.id);
        this.pump();
      });
      this.running.set(entry.id, { done, abort });
    }
  }

  private async deliver(handler: ItemHandler, entry: Waiting, abort: AbortController): Promise<void> {
    const key = dedupeKey(entry.envelope);
    try {
      await handler(entry.envelope, { messageId: entry.id, dequeueCount: entry.deliveries, signal: abort.signal });
      this.keys.delete(key);
    } catch (err) {
      if (this.closed) return void this.keys.delete(key);
      if (entry.deliveries >= (this.o.maxDeliveries ?? 5)) {
        this.keys.delete(key);
        await this.poison(entry, err);
        return;
      }
      this.logger.warn(
        { jobId: entry.envelope.jobId, item: entry.envelope.item?.key, err: errorMessage(err) },
        'work item failed',
      );
      const base = this.o.retryDelayInMs ?? 1_000;
      this.later(entry, Math.min(base * 2 ** (entry.deliveries - 1), MAX_RETRY_DELAY_IN_MS));
    }
  }

  private async poison(entry: Waiting, cause: unknown): Promise<void> {
    const item: PoisonedItem = {
      envelope: entry.envelope,
      messageId: entry.id,
      messageText: JSON.stringify(entry.envelope),
      dequeueCount: entry.deliveries,
      errorCode: isW365Error(cause) ? cause.code : DistributedErrorCodes.ItemPoisoned,
      reason: errorMessage(cause),
    };
    this.logger.error({ jobId: entry.envelope.jobId, item: entry.envelope.item?.key }, 'work item poisoned');
    try {
      await this.o.onPoison?.(item);
    } catch (err) {
      this.logger.error({ err: errorMessage(err) }, 'poison callback failed');
    }
  }
}

/**
 * What the poller and the nightly scheduler need of a queue: somewhere to put a job. (The rest is
 * optional, so that anything shaped like a queue will do.)
 */
export type JobSink = Pick<JobQueue, 'enqueue'> & Partial<JobQueue>;
