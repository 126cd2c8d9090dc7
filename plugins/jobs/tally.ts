/**
 * A job's counts, kept by one object instead of shared mutable counters. Operations add only what
 * happened: a row counts as created or updated once its write succeeded, so a job's counts (and the
 * summary built from them) never claim a change that was not written.
 */
import type { JobCounts } from './types';

export type TallyKind = keyof JobCounts;

export const zeroCounts = (): JobCounts => ({ created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 });

export class Tally {
  private readonly counts: JobCounts = zeroCounts();

  add(kind: TallyKind, n = 1): void {
    this.counts[kind] += n;
  }

  /** Adds every count of `other` (e.g. a plan's unchanged rows). */
  addAll(other: Partial<JobCounts>): void {
    for (const [k, v] of Object.entries(other) as [TallyKind, number | undefined][]) if (v) this.counts[k] += v;
  }

  get(kind: TallyKind): number {
    return this.counts[kind];
  }

  /** A copy: what the job row is finished with. */
  snapshot(): JobCounts {
    return { ...this.counts };
  }

  /** Rows created or updated: a job that wrote none is No Change. */
  changed(): number {
    return this.counts.created + this.counts.updated;
  }
}
