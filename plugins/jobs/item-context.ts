/**
 * The JobContext one work item runs with on a worker: its own tally and items (what it adds to the
 * job's ledger when it is counted), the delivery's signal (aborted when the queue takes the item back),
 * and a checkpoint that also asks, every so often, whether the job is still running and whether a
 * person asked to cancel it: a job ended by another instance must not be written to by a late item,
 * and a cancelled one stops at the next checkpoint of whichever item sees it first.
 */
import { W365Error } from '../../common/errors';
import type { Logger } from '../shared/logger';
import { cleanItem } from './clean-item';
import { JobErrorCodes } from './errors';
import type { ItemContribution } from './ledger';
import type { JobStore } from './store';
import { Tally } from './tally';
import type { JobContext, JobItem, JobRecord } from './types';

export interface ItemContextOptions {
  store: JobStore;
  /** Cleans every item's text before it is kept (clean-item.ts; the item runner passes its redactor). */
  redact?: (text: string) => string;
  /** How often a checkpoint re-reads the job's status. Default 10 s. */
  statusCheckInMs?: number;
  now?: () => number;
  /** The job's running total before this context (the final step starts from the ledger's counts). */
  start?: { counts?: ItemContribution['counts']; warnings?: number; errors?: number };
}

export class ItemJobContext implements JobContext {
  readonly tally = new Tally();
  readonly items: JobItem[] = [];
  warningCount: number;
  errorCount: number;
  private checkedAt: number;
  private readonly now: () => number;

  constructor(
    readonly job: JobRecord,
    readonly signal: AbortSignal,
    readonly log: Logger,
    private readonly o: ItemContextOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.checkedAt = this.now();
    if (o.start?.counts) this.tally.addAll(o.start.counts);
    this.warningCount = o.start?.warnings ?? 0;
    this.errorCount = o.start?.errors ?? 0;
  }

  /** Item progress is not written: the job's progress is its ledger's (items done of items planned). */
  progress(): void {}

  item(item: JobItem): void {
    if (item.severity === 'Warning') this.warningCount++;
    if (item.severity === 'Error') this.errorCount++;
    this.items.push(cleanItem(item, this.o.redact));
  }

  async checkpoint(): Promise<void> {
    this.signal.throwIfAborted();
    if (this.now() - this.checkedAt < (this.o.statusCheckInMs ?? 10_000)) return;
    this.checkedAt = this.now();
    const job = await this.o.store.get(this.job.id);
    if (job?.status !== 'Running')
      throw new W365Error(
        JobErrorCodes.LeaseLost,
        `Job ${this.job.id} is ${job?.status ?? 'gone'} now; this work item stops writing.`,
      );
    // A person cancelled the job: not retryable, so the item runner ends the whole job (Cancelled).
    if (await this.o.store.cancelRequested(this.job.id))
      throw new W365Error(JobErrorCodes.Cancelled, 'cancelled by a person', { retryable: false });
  }

  /** What this context adds to the ledger, beyond what it started from. */
  contribution(clean: boolean, agg?: unknown): ItemContribution {
    const start = this.o.start;
    const counts = this.tally.snapshot();
    if (start?.counts) for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] -= start.counts[k];
    return {
      counts,
      warnings: this.warningCount - (start?.warnings ?? 0),
      errors: this.errorCount - (start?.errors ?? 0),
      clean,
      ...(agg !== undefined ? { agg } : {}),
    };
  }
}
