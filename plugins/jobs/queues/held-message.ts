/**
 * One queue message a worker holds while it runs the item: the message stays invisible to other
 * workers only as long as its visibility timeout, so a heartbeat renews it (`updateMessage`) well
 * before it lapses. A worker that dies stops renewing and the message reappears for another worker
 * after at most one visibility timeout.
 *
 * Every renewal returns a new pop receipt and invalidates the old one, so renewals, the final delete
 * and a release run one after another on a chain, each with the latest receipt. A renewal refused
 * with 404 (the message is gone, or its receipt is stale because it lapsed and another worker took
 * it) means the item is no longer ours: `lost` fires so that the handler can stop writing.
 */
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import type { Logger } from '../../shared/logger';
import { describeStorageFailure, storageFailure } from '../storage-clients';

export interface HeldMessageOptions {
  queue: QueueClient;
  message: DequeuedMessageItem;
  visibilityTimeoutInS: number;
  heartbeatIntervalInMs: number;
  logger: Logger;
  now?: () => number;
  /** Called once when the message is found to be no longer ours. */
  onLost: (reason: string) => void;
}

export type Settled = 'deleted' | 'released' | 'gone';

export class HeldMessage {
  readonly id: string;
  readonly dequeueCount: number;
  private popReceipt: string;
  private visibleUntil: number;
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private lost = false;
  /** Deleted or released: later settlements are no-ops. */
  private settled = false;
  private readonly now: () => number;

  constructor(private readonly o: HeldMessageOptions) {
    this.id = o.message.messageId;
    this.dequeueCount = o.message.dequeueCount;
    this.popReceipt = o.message.popReceipt;
    this.now = o.now ?? Date.now;
    this.visibleUntil = o.message.nextVisibleOn?.getTime() ?? this.now() + o.visibilityTimeoutInS * 1000;
  }

  get text(): string {
    return this.o.message.messageText;
  }

  get isLost(): boolean {
    return this.lost;
  }

  startHeartbeat(): void {
    this.timer = setInterval(() => {
      this.chain = this.chain.then(() => this.renew());
    }, this.o.heartbeatIntervalInMs);
    this.timer.unref();
  }

  /** Deletes the message: the item is done. */
  complete(): Promise<Settled> {
    return this.settle(async () => {
      await this.o.queue.deleteMessage(this.id, this.popReceipt);
      return 'deleted';
    });
  }

  /** Makes the message visible again after `delayInMs` (0: at once), for this or another worker. */
  release(delayInMs: number): Promise<Settled> {
    return this.settle(async () => {
      await this.o.queue.updateMessage(this.id, this.popReceipt, undefined, Math.ceil(delayInMs / 1000));
      return 'released';
    });
  }

  private settle(action: () => Promise<Settled>): Promise<Settled> {
    clearInterval(this.timer);
    const done = this.chain.then(async (): Promise<Settled> => {
      if (this.lost || this.settled) return 'gone';
      try {
        const result = await action();
        this.settled = true;
        return result;
      } catch (err) {
        if (storageFailure(err).status === 404) {
          this.markLost('the message was gone or re-delivered when it was settled');
          return 'gone';
        }
        throw err;
      }
    });
    this.chain = done.catch(() => undefined);
    return done;
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    try {
      const r = await this.o.queue.updateMessage(this.id, this.popReceipt, undefined, this.o.visibilityTimeoutInS);
      if (r.popReceipt) this.popReceipt = r.popReceipt;
      this.visibleUntil = r.nextVisibleOn?.getTime() ?? this.now() + this.o.visibilityTimeoutInS * 1000;
    } catch (err) {
      const { status } = storageFailure(err);
      if (status === 404 || status === 400) {
        this.markLost(`renewal refused (${describeStorageFailure(err)})`);
      } else if (this.now() >= this.visibleUntil) {
        // Storage was unreachable for a whole visibility timeout: another worker may hold it by now.
        this.markLost(`renewal failed until the message became visible again (${describeStorageFailure(err)})`);
      } else {
        this.o.logger.warn({ messageId: this.id, err: describeStorageFailure(err) }, 'work item renewal failed');
      }
    }
  }

  private markLost(reason: string): void {
    if (this.lost) return;
    this.lost = true;
    clearInterval(this.timer);
    this.o.onLost(reason);
  }
}
