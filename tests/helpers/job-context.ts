/** A JobContext for calling operations directly in tests, without a Sync Job row. */
import { Tally } from '../../plugins/jobs/tally';
import type { JobContext, JobCounts, JobItem, JobRecord } from '../../plugins/jobs/types';
import { silentLogger } from '../../plugins/shared/logger';

export class TestJobContext implements JobContext {
  readonly tally = new Tally();
  /** Checkpoints passed (one before every batch of writes). */
  checkpoints = 0;
  readonly items: JobItem[] = [];
  readonly progressLog: { percent: number; message: string }[] = [];
  readonly log = silentLogger();
  readonly job: JobRecord;
  readonly signal: AbortSignal;

  constructor(job: Partial<JobRecord> & { providerId: string }, signal: AbortSignal = new AbortController().signal) {
    this.job = {
      id: job.id ?? '00000000-0000-0000-0000-0000000000aa',
      name: 'test',
      operation: 'SyncSubscriptions',
      trigger: 'Manual',
      status: 'Running',
      parameters: {},
      ...job,
    };
    this.signal = signal;
  }

  /** The counts so far (a copy). */
  get counts(): JobCounts {
    return this.tally.snapshot();
  }

  async checkpoint(): Promise<void> {
    this.checkpoints++;
    this.signal.throwIfAborted();
  }

  progress(percent: number, message: string): void {
    this.progressLog.push({ percent, message });
  }

  item(item: JobItem): void {
    this.items.push(item);
  }

  get warningCount(): number {
    return this.items.filter((i) => i.severity === 'Warning').length;
  }

  get errorCount(): number {
    return this.items.filter((i) => i.severity === 'Error').length;
  }

  codes(): string[] {
    return this.items.map((i) => i.code);
  }
}
