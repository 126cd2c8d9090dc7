/**
 * The JobContext an operation runs with: counts, buffered items, and progress that reaches the job row
 * (and so the user's progress indicator) about once a second, however often the operation reports it.
 */
import type { Logger } from '../shared/logger';
import type { DataverseJobStore } from './store';
import type { JobContext, JobCounts, JobItem, JobRecord } from './types';

export interface JobContextOptions {
  progressIntervalInMs?: number;
  /** Items are written when this many are waiting, and at the end. */
  itemFlushSize?: number;
}

export class RunningJobContext implements JobContext {
  readonly counts: JobCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  warningCount = 0;
  errorCount = 0;
  private readonly pendingItems: JobItem[] = [];
  private lastProgressAt = 0;
  private latestProgress?: { percent: number; message: string };
  private progressWrite: Promise<void> = Promise.resolve();
  private readonly writes = new Set<Promise<unknown>>();

  constructor(
    readonly job: JobRecord,
    readonly signal: AbortSignal,
    readonly log: Logger,
    private readonly store: DataverseJobStore,
    private readonly options: JobContextOptions = {},
  ) {}

  progress(percent: number, message: string): void {
    this.latestProgress = { percent, message };
    const now = Date.now();
    if (now - this.lastProgressAt < (this.options.progressIntervalInMs ?? 1000)) return;
    this.lastProgressAt = now;
    this.progressWrite = this.progressWrite
      .then(() => this.store.progress(this.job.id, percent, message))
      .catch((err) => this.log.warn({ err }, 'could not write job progress'));
  }

  item(item: JobItem): void {
    if (item.severity === 'Warning') this.warningCount++;
    if (item.severity === 'Error') this.errorCount++;
    this.pendingItems.push(item);
    if (this.pendingItems.length >= (this.options.itemFlushSize ?? 500)) this.flushItems();
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

  /** Writes whatever is still buffered; called by the runner before it finishes the job. */
  async drain(): Promise<void> {
    this.flushItems();
    await this.progressWrite;
    await Promise.all([...this.writes]);
  }

  /** The last progress reported, for a heartbeat that also refreshes it. */
  lastProgress(): { percent: number; message: string } | undefined {
    return this.latestProgress;
  }
}
