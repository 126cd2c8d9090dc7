/** A JobContext for benchmarks: counts and items in memory, progress to the log. */
import { Tally } from '../../plugins/jobs/tally';
import type { JobContext, JobItem, JobRecord, OperationName } from '../../plugins/jobs/types';
import { silentLogger } from '../../plugins/shared/logger';

export class BenchJobContext implements JobContext {
  readonly tally = new Tally();
  readonly log = silentLogger();
  readonly signal = new AbortController().signal;
  readonly job: JobRecord;
  warningCount = 0;
  errorCount = 0;
  readonly codes = new Map<string, number>();

  constructor(jobId: string, providerId: string, operation: OperationName, parameters: Record<string, unknown> = {}) {
    this.job = {
      id: jobId,
      name: 'bench',
      operation,
      providerId,
      trigger: 'Manual',
      status: 'Running',
      parameters,
    };
  }

  progress(): void {}

  async checkpoint(): Promise<void> {}

  item(item: JobItem): void {
    if (item.severity === 'Warning') this.warningCount++;
    if (item.severity === 'Error') this.errorCount++;
    this.codes.set(item.code, (this.codes.get(item.code) ?? 0) + 1);
  }
}
