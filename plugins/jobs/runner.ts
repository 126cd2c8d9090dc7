/**
 * Runs one job from start to end: claim (Queued -> Running, one per provider and operation), run the
 * operation, and finish with a final status, counts, a summary and items, whatever the operation did,
 * threw or forgot. A heartbeat keeps `heartbeatOn` fresh so that a job whose worker died can be told
 * from one that is merely slow.
 */
import { Choices } from '../../solution/schema';
import { errorMessage, isW365Error } from '../../common/errors';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
import { RunningJobContext } from './context';
import type { DataverseJobStore } from './store';
import type { FinalStatus, JobRecord, OperationHandler, OperationName } from './types';

export const JobErrorCodes = {
  UnknownOperation: 'JOB_UNKNOWN_OPERATION',
  Interrupted: 'JOB_INTERRUPTED',
  Failed: 'JOB_FAILED',
  AlreadyRunning: 'JOB_ALREADY_RUNNING',
  Cancelled: 'JOB_CANCELLED',
} as const;

/** The abort reason when a person cancelled the job (checked at the heartbeat). */
class CancelRequested extends Error {}
const CANCELLED_SUMMARY =
  'Cancelled: stopped at the next checkpoint, as asked. What was written before stays; run the job again to finish the rest.';

export interface JobRunnerOptions {
  store: DataverseJobStore;
  handlers: Partial<Record<OperationName, OperationHandler>>;
  logger: Logger;
  redactor: Redactor;
  workerId: string;
  heartbeatIntervalInMs?: number;
  progressIntervalInMs?: number;
  /** Called when a job reaches a final status (tests and the demo wait on it). */
  onFinished?: (job: JobRecord, status: FinalStatus) => void;
}

export function deriveStatus(
  counts: { created: number; updated: number },
  warnings: number,
  errors: number,
): FinalStatus {
  if (warnings + errors > 0) return 'SucceededWithWarnings';
  if (counts.created + counts.updated === 0) return 'NoChange';
  return 'Succeeded';
}

export class JobRunner {
  private readonly controllers = new Map<string, AbortController>();

  constructor(private readonly options: JobRunnerOptions) {}

  /** Aborts every running job (service shutdown); they end as Failed (interrupted). */
  abortAll(): void {
    for (const c of this.controllers.values()) c.abort(new Error('service shutting down'));
  }

  async run(jobId: string): Promise<void> {
    const { store, logger, workerId } = this.options;
    const job = await store.get(jobId);
    if (!job) {
      logger.warn({ jobId }, 'job not found');
      return;
    }
    const claim = await store.claim(job, workerId);
    if (!claim.claimed) {
      if (claim.reason === 'locked') await this.refuse(job, claim.holder);
      else logger.debug({ jobId, reason: claim.reason }, 'job not claimed');
      return;
    }
    await this.execute(claim.job);
  }

  private async refuse(job: JobRecord, holder: JobRecord | undefined): Promise<void> {
    const operation = Choices.syncOperation.label(Choices.syncOperation[job.operation]);
    const summary = holder
      ? `Not started: job "${holder.name}" (${holder.id}), started ${holder.startedOn ?? 'earlier'}, is already running ${operation} for this provider. Follow that job; start this one again once it has finished.`
      : `Not started: another ${operation} job is already running for this provider.`;
    await this.options.store.finish(job.id, {
      status: 'NotStarted',
      summary,
      counts: { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
      warnings: 0,
      errorCode: JobErrorCodes.AlreadyRunning,
    });
    this.options.onFinished?.(job, 'NotStarted');
  }

  private async execute(job: JobRecord): Promise<void> {
    const { store, logger, redactor } = this.options;
    const log = logger.child({ jobId: job.id, operation: job.operation });
    const controller = new AbortController();
    this.controllers.set(job.id, controller);
    const ctx = new RunningJobContext(job, controller.signal, log, store, {
      progressIntervalInMs: this.options.progressIntervalInMs,
    });
    const heartbeat = setInterval(() => {
      const p = ctx.lastProgress() ?? { percent: 0, message: 'Running' };
      store
        .progress(job.id, p.percent, p.message)
        .then(() => store.cancelRequested(job.id))
        .then((cancel) => cancel && controller.abort(new CancelRequested('cancelled by a person')))
        .catch((err) => log.warn({ err }, 'heartbeat failed'));
    }, this.options.heartbeatIntervalInMs ?? 15_000);
    heartbeat.unref();
    let status: FinalStatus;
    let summary: string;
    let errorCode: string | undefined;
    let result: unknown;
    try {
      const handler = this.options.handlers[job.operation];
      if (!handler) {
        status = 'Failed';
        errorCode = JobErrorCodes.UnknownOperation;
        summary = `This service cannot run operation "${job.operation}".`;
      } else {
        log.info('job started');
        const outcome = await handler(ctx);
        summary = outcome.summary;
        errorCode = outcome.errorCode;
        result = outcome.result;
        status = outcome.status ?? deriveStatus(ctx.counts, ctx.warningCount, ctx.errorCount);
        // An operation that stopped early on the cancel, without throwing, still ends Cancelled.
        if (controller.signal.reason instanceof CancelRequested) {
          [status, errorCode] = ['Cancelled', JobErrorCodes.Cancelled];
          summary = `${CANCELLED_SUMMARY} ${summary}`;
        }
      }
    } catch (err) {
      status = 'Failed';
      if (controller.signal.reason instanceof CancelRequested) {
        [status, errorCode, summary] = ['Cancelled', JobErrorCodes.Cancelled, CANCELLED_SUMMARY];
      } else if (controller.signal.aborted) {
        errorCode = JobErrorCodes.Interrupted;
        summary =
          'Failed (interrupted): the service stopped while this job was running. Start it again; it picks up where the data stands.';
      } else {
        errorCode = isW365Error(err) ? err.code : JobErrorCodes.Failed;
        summary = `Failed: ${redactor.redactString(errorMessage(err))}`;
      }
      log.error({ err }, 'job failed');
    } finally {
      clearInterval(heartbeat);
      this.controllers.delete(job.id);
    }
    await ctx.drain();
    await store.finish(job.id, {
      status,
      summary: redactor.redactString(summary),
      counts: ctx.counts,
      warnings: ctx.warningCount + ctx.errorCount,
      errorCode,
      result,
    });
    log.info({ status, counts: ctx.counts }, 'job finished');
    this.options.onFinished?.(job, status);
  }
}
