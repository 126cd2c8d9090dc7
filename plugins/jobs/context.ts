/**
 * The JobContext an operation runs with: its tally, buffered items, progress that reaches the job row
 * (and so the user's progress indicator), and the job's lease. A heartbeat renews the lease; a
 * checkpoint before every batch of writes makes sure the lease is still this worker's, so a worker
 * that stalled (a long GC pause, a frozen VM) and lost its job to another instance stops writing
 * instead of racing the new run.
 */
import { W365Error } from '../../common/errors';
import type { Logger } from '../shared/logger';
import { cleanItem } from './clean-item';
import { JobErrorCodes } from './errors';
import type { JobLease, JobStore } from './store';
import { Tally } from './tally';
import type { JobContext, JobCounts, JobItem, JobRecord } from './types';

export interface JobContextOptions {
  /** Progress writes at most this often. Default 1,000 ms. */
  progressIntervalInMs?: number;
  /** Items are written when this many are waiting, and at the end. Default 500. */
  itemFlushSize?: number;
  /**
   * How long a renewal vouches for the lease. Past it (the worker stalled), the next checkpoint renews
   * before letting writes go on. Default 60,000 ms: half the time after which another instance treats
   * the job as interrupted (120 s), so a lease always lapses here first.
   */
  leaseValidityInMs?: number;
  /** Whether Dataverse throttled us a moment ago: bookkeeping (progress, items) then waits. */
  throttled?: () => boolean;
  /**
   * Cleans the text of every item before it is buffered (the runner passes the service's redactor):
   * items are read by every user of the app, and a distributor may echo a secret in an error.
   */
  redact?: (text: string) => string;
  /** Told once when a renewal finds the job taken over (the runner aborts the operation). */
  onLeaseLost?: (err: W365Error) => void;
  now?: () => number;
}

export class RunningJobContext implements JobContext {
  readonly tally = new Tally();
  warningCount = 0;
  errorCount = 0;
  private readonly pendingItems: JobItem[] = [];
  private lastProgressAt = 0;
  private latestProgress?: { percent: number; message: string };
  private renewal: Promise<void> = Promise.resolve();
  private renewedAt: number;
  private lost?: W365Error;
  private trailing?: ReturnType<typeof setTimeout>;
  private readonly writes = new Set<Promise<unknown>>();

  constructor(
    readonly job: JobRecord,
    readonly signal: AbortSignal,
    readonly log: Logger,
    private readonly store: JobStore,
    private lease: JobLease,
    private readonly options: JobContextOptions = {},
  ) {
    this.renewedAt = this.now();
  }

  get counts(): JobCounts {
    return this.tally.snapshot();
  }

  /** The lease as last renewed (the runner finishes the job under it). */
  currentLease(): JobLease {
    return this.lease;
  }

  /** Set once a renewal found the job taken over; the runner then leaves the row alone. */
  lostLease(): W365Error | undefined {
    return this.lost;
  }

  progress(percent: number, message: string): void {
    this.latestProgress = { percent, message };
    if (this.options.throttled?.()) return; // the heartbeat still carries it, less often
    const wait = this.lastProgressAt + (this.options.progressIntervalInMs ?? 1000) - this.now();
    if (wait <= 0) return this.writeProgress();
    // Too soon after the last write: write the latest step once the interval is over, so the step a
    // person reads is the one the job is on ("waiting for the distributor"), not one it has left.
    this.trailing ??= setTimeout(() => this.writeProgress(), wait);
    this.trailing.unref?.();
  }

  private writeProgress(): void {
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = undefined;
    this.lastProgressAt = this.now();
    void this.renew();
  }

  /** The heartbeat: renews the lease with the latest progress. */
  heartbeat(): Promise<void> {
    return this.renew();
  }

  item(raw: JobItem): void {
    const item = cleanItem(raw, this.options.redact);
    if (item.severity === 'Warning') this.warningCount++;
    if (item.severity === 'Error') this.errorCount++;
    this.pendingItems.push(item);
    const flushAt = this.options.itemFlushSize ?? 500;
    // Under throttling items wait for the end (or a much fuller buffer), not to compete with data writes.
    if (this.pendingItems.length >= (this.options.throttled?.() ? flushAt * 10 : flushAt)) this.flushItems();
  }

  async checkpoint(): Promise<void> {
    this.signal.throwIfAborted();
    if (this.lost) throw this.lost;
    if (this.now() - this.renewedAt > (this.options.leaseValidityInMs ?? 60_000)) await this.renew();
    await this.renewal;
    if (this.lost) throw this.lost;
  }

  /** Writes whatever is still buffered; called by the runner before it finishes the job. */
  async drain(): Promise<void> {
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = undefined;
    // The last items go only to a job that is still this worker's: a lapsed lease is renewed first
    // (as at a checkpoint), and a lost one drops them.
    if (!this.lost && this.now() - this.renewedAt > (this.options.leaseValidityInMs ?? 60_000)) await this.renew();
    await this.renewal;
    if (!this.lost) this.flushItems();
    await this.renewal;
    await Promise.all([...this.writes]);
  }

  /** The last progress reported, for the heartbeat. */
  lastProgress(): { percent: number; message: string } | undefined {
    return this.latestProgress;
  }

  private renew(): Promise<void> {
    if (this.lost) return Promise.resolve();
    this.renewal = this.renewal.then(async () => {
      if (this.lost) return;
      const p = this.latestProgress ?? { percent: 0, message: 'Running' };
      try {
        this.lease = await this.store.progress(this.lease, p.percent, p.message);
        this.renewedAt = this.now();
      } catch (err) {
        if (err instanceof W365Error && err.code === JobErrorCodes.LeaseLost) {
          this.lost = err;
          this.pendingItems.length = 0;
          this.log.warn({ err }, 'job lease lost: this worker stops writing');
          this.options.onLeaseLost?.(err);
        } else this.log.warn({ err }, 'could not write job progress');
      }
    });
    return this.renewal;
  }

  private flushItems(): void {
    const batch = this.pendingItems.splice(0);
    if (!batch.length) return;
    const p = this.store
      .addItems(this.job.id, batch)
      .catch((err) => this.log.warn({ err }, 'could not write job items'));
    this.writes.add(p);
    void p.finally(() => this.writes.delete(p));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
