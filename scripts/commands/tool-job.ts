/**
 * Running one sync operation from the command line, in this process, without a Sync Job row (as
 * `w365 migrate-manual` does): the job's items and counts are kept in memory and printed, Ctrl+C stops
 * it at the next checkpoint. The same operations run as Sync Jobs in the service.
 */
import { randomUUID } from 'node:crypto';
import { deriveStatus } from '../../plugins/jobs/runner';
import { Tally } from '../../plugins/jobs/tally';
import type {
  FinalStatus,
  JobContext,
  JobCounts,
  JobItem,
  JobRecord,
  OperationHandler,
  OperationName,
  OperationResult,
} from '../../plugins/jobs/types';
import { silentLogger } from '../../plugins/shared/logger';

export class ToolJobContext implements JobContext {
  readonly tally = new Tally();
  readonly log = silentLogger();
  readonly items: JobItem[] = [];
  readonly job: JobRecord;
  private readonly controller = new AbortController();

  constructor(
    operation: OperationName,
    providerId: string,
    parameters: Record<string, unknown>,
    private readonly onProgress: (message: string) => void = () => {},
  ) {
    this.job = {
      id: randomUUID(),
      name: operation,
      operation,
      providerId,
      trigger: 'Manual',
      status: 'Running',
      parameters,
    };
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(reason: string): void {
    this.controller.abort(new Error(reason));
  }

  progress(_percent: number, message: string): void {
    this.onProgress(message);
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

  async checkpoint(): Promise<void> {
    this.signal.throwIfAborted();
  }
}

export interface ToolJobOutcome {
  status: FinalStatus;
  summary: string;
  errorCode?: string;
  counts: JobCounts;
  items: JobItem[];
  result?: unknown;
}

/** Runs `handler` with `ctx` (Ctrl+C stops it at the next checkpoint) and the status the service would give. */
export async function runToolJob(handler: OperationHandler, ctx: ToolJobContext): Promise<ToolJobOutcome> {
  const onSigint = () => ctx.stop('stopped with Ctrl+C');
  process.once('SIGINT', onSigint);
  let result: OperationResult;
  try {
    result = await handler(ctx);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const counts = ctx.tally.snapshot();
  return {
    status: result.status ?? deriveStatus(counts, ctx.warningCount, ctx.errorCount),
    summary: result.summary,
    ...(result.errorCode ? { errorCode: result.errorCode } : {}),
    counts,
    items: ctx.items,
    result: result.result,
  };
}

/** The outcome as a person reads it: status, summary, then the items (the first `maxItems`). */
export function outcomeText(outcome: ToolJobOutcome, maxItems = 50): string {
  const items = outcome.items
    .slice(0, maxItems)
    .map((i) => `  ${i.severity} ${i.code}${i.recordName ? ` (${i.recordName})` : ''}: ${i.message}`);
  const more = outcome.items.length > maxItems ? [`  ... and ${outcome.items.length - maxItems} more items`] : [];
  return [`${outcome.status}: ${outcome.summary}`, ...items, ...more].join('\n');
}
