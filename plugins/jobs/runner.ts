/**
 * Runs one job from start to end: claim (Queued -> Running, one per provider and operation), run the
 * operation, and finish with a final status, counts, a summary and items, whatever the operation did,
 * threw or forgot. A heartbeat renews the job's lease so that a job whose worker died can be told from
 * one that is merely slow; a worker that lost its lease ends without touching the job row, which by
 * then belongs to whoever took it over.
 */
import { Choices } from '../../solution/schema';
import { errorMessage, isW365Error } from '../../common/errors';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
import { NoopTelemetry, type Telemetry } from '../telemetry';
import { RunningJobContext, type JobContextOptions } from './context';
import { dispatchItems, type ItemDispatch } from './dispatch';
import { JobErrorCodes } from './errors';
import type { SplitOperation } from './split';
import type { JobLease, JobOutcome, JobStore } from './store';
import { zeroCounts } from './tally';
import type { FinalStatus, JobRecord, OperationHandler, OperationName, OperationResult } from './types';

export { JobErrorCodes } from './errors';

export interface JobRunnerOptions {
  store: JobStore;
  handlers: Partial<Record<OperationName, OperationHandler>>;
  logger: Logger;
  redactor: Redactor;
  workerId: string;
  heartbeatIntervalInMs?: number;
  progressIntervalInMs?: number;
  /** Lease validity and throttling signal for the job contexts. */
  context?: Pick<JobContextOptions, 'leaseValidityInMs' | 'throttled'>;
  /** Called when a job reaches a final status (tests and the demo wait on it). */
  onFinished?: (job: JobRecord, status: FinalStatus) => void;
  /**
   * Operations that split into work items, and where their items go. With both, a claimed job of such
   * an operation is planned and its items sent; the item runner (`item-runner.ts`) finishes it.
   */
  splits?: Partial<Record<OperationName, SplitOperation>>;
  items?: ItemDispatch;
  /** Each claimed job is a trace (`job <Operation>`); default none. */
  telemetry?: Telemetry;
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

/** The abort reason when a person cancelled the job (Cancel Requested, read at the heartbeat). */
class CancelRequested extends Error {}
const CANCELLED =
  'Cancelled: stopped at the next checkpoint, as asked. What was written before stays; run the job again to finish the rest.';

const INTERRUPTED =
  'Failed (interrupted): the service stopped while this job was running. Start it again; it picks up where the data stands.';

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
    if (claim.claimed) {
      const { job: claimed, lease } = claim;
      const telemetry = this.options.telemetry ?? new NoopTelemetry();
      const attributes = {
        'w365.job.id': claimed.id,
        'w365.job.operation': claimed.operation,
        'w365.worker.id': workerId,
      };
      // The job's trace: its Dataverse requests, connector calls and (through the envelopes) its work items.
      return telemetry.span(`job ${claimed.operation}`, attributes, async (span) => {
        span.setAttributes({ 'w365.job.status': await this.execute(claimed, this.contextFor(claimed, lease)) });
      });
    }
    if (claim.reason === 'locked') await this.refuse(job, claim.holder);
    else logger.debug({ jobId, reason: claim.reason }, 'job not claimed');
  }

  private contextFor(job: JobRecord, lease: JobLease): RunningJobContext {
    const controller = new AbortController();
    this.controllers.set(job.id, controller);
    const log = this.options.logger.child({ jobId: job.id, operation: job.operation });
    return new RunningJobContext(job, controller.signal, log, this.options.store, lease, {
      progressIntervalInMs: this.options.progressIntervalInMs,
      ...this.options.context,
      redact: (text) => this.options.redactor.redactString(text),
      onLeaseLost: (err) => controller.abort(err),
    });
  }

  private async refuse(job: JobRecord, holder: JobRecord | undefined): Promise<void> {
    const operation = Choices.syncOperation.label(Choices.syncOperation[job.operation]);
    const summary = holder
      ? `Not started: job "${holder.name}" (${holder.id}), started ${holder.startedOn ?? 'earlier'}, is already running ${operation} for this provider. Follow that job; start this one again once it has finished.`
      : `Not started: another ${operation} job is already running for this provider.`;
    await this.options.store.finish(job, {
      status: 'NotStarted',
      summary,
      counts: zeroCounts(),
      warnings: 0,
      errorCode: JobErrorCodes.AlreadyRunning,
    });
    this.options.onFinished?.(job, 'NotStarted');
  }

  /** Runs the job; its final status, or `Dispatched` when its work items will finish it. */
  private async execute(job: JobRecord, ctx: RunningJobContext): Promise<string> {
    const heartbeat = setInterval(
      () => void ctx.heartbeat().then(() => this.cancelIfAsked(job, ctx)),
      this.options.heartbeatIntervalInMs ?? 15_000,
    );
    heartbeat.unref();
    let outcome: JobOutcome;
    try {
      const split = this.options.items ? this.options.splits?.[job.operation] : undefined;
      if (split && this.options.items) {
        ctx.log.info('job started: planning its parts');
        const d = await dispatchItems(split, ctx, this.options.store, this.options.items);
        if (d.dispatched) {
          ctx.log.info({ items: d.items }, 'job planned; its parts are queued');
          return 'Dispatched';
        }
        outcome = this.outcomeOf(ctx, d.result);
      } else outcome = this.outcomeOf(ctx, await this.handle(job, ctx));
    } catch (err) {
      outcome = this.failure(ctx, err);
    } finally {
      clearInterval(heartbeat);
      this.controllers.delete(job.id);
    }
    await ctx.drain();
    await this.finish(job, ctx, outcome);
    return outcome.status;
  }

  private async handle(job: JobRecord, ctx: RunningJobContext): Promise<OperationResult> {
    const handler = this.options.handlers[job.operation];
    if (!handler)
      return {
        status: 'Failed',
        errorCode: JobErrorCodes.UnknownOperation,
        summary: `This service cannot run operation "${job.operation}".`,
      };
    ctx.log.info('job started');
    return handler(ctx);
  }

  /** At the heartbeat: a person asked to cancel, so the operation's signal is aborted. */
  private async cancelIfAsked(job: JobRecord, ctx: RunningJobContext): Promise<void> {
    const asked = await this.options.store.cancelRequested(job.id).catch((err: unknown) => {
      ctx.log.warn({ err }, 'could not read Cancel Requested');
      return false;
    });
    if (asked) this.controllers.get(job.id)?.abort(new CancelRequested('cancelled by a person'));
  }

  private outcomeOf(ctx: RunningJobContext, result: OperationResult): JobOutcome {
    // An operation that stopped early on the cancel without throwing still ends Cancelled.
    const cancelled = ctx.signal.reason instanceof CancelRequested;
    return {
      status: cancelled ? 'Cancelled' : (result.status ?? deriveStatus(ctx.counts, ctx.warningCount, ctx.errorCount)),
      ...(cancelled ? { errorCode: JobErrorCodes.Cancelled } : {}),
      summary: this.options.redactor.redactString(cancelled ? `${CANCELLED} ${result.summary}` : result.summary),
      counts: ctx.counts,
      warnings: ctx.warningCount + ctx.errorCount,
      ...(cancelled ? {} : { errorCode: result.errorCode }),
      result: result.result,
    };
  }

  private failure(ctx: RunningJobContext, err: unknown): JobOutcome {
    if (ctx.signal.reason instanceof CancelRequested) {
      ctx.log.info('job cancelled');
      return {
        status: 'Cancelled',
        summary: `${CANCELLED}${progressSoFar(ctx)}`,
        counts: ctx.counts,
        warnings: ctx.warningCount + ctx.errorCount,
        errorCode: JobErrorCodes.Cancelled,
      };
    }
    ctx.log.error({ err }, 'job failed');
    const interrupted = ctx.signal.aborted;
    const reason = interrupted ? INTERRUPTED : `Failed: ${this.options.redactor.redactString(errorMessage(err))}`;
    return {
      status: 'Failed',
      summary: withProgress(reason, progressSoFar(ctx)),
      counts: ctx.counts,
      warnings: ctx.warningCount + ctx.errorCount,
      errorCode: interrupted ? JobErrorCodes.Interrupted : isW365Error(err) ? err.code : JobErrorCodes.Failed,
    };
  }

  private async finish(job: JobRecord, ctx: RunningJobContext, outcome: JobOutcome): Promise<void> {
    const lost = ctx.lostLease();
    if (lost) {
      // The row is another worker's now: its verdict stands, and this run's outcome goes to the log only.
      ctx.log.warn({ status: outcome.status, counts: outcome.counts, err: lost }, 'job lease lost; row left as it is');
      return;
    }
    try {
      await this.options.store.finish(ctx.currentLease(), outcome);
    } catch (err) {
      if (isW365Error(err) && err.code === JobErrorCodes.LeaseLost) {
        ctx.log.warn({ err, status: outcome.status }, 'job lease lost at the end; row left as it is');
        return;
      }
      throw err;
    }
    ctx.log.info({ status: outcome.status, counts: outcome.counts }, 'job finished');
    this.options.onFinished?.(job, outcome.status);
  }
}

function withProgress(reason: string, soFar: string): string {
  if (!soFar) return reason;
  return `${reason}${/[.!?]$/.test(reason) ? '' : '.'}${soFar}`;
}

/** "How far it got", for a job that failed part-way: what it wrote before it stopped. */
function progressSoFar(ctx: RunningJobContext): string {
  const c = ctx.counts;
  if (!c.created && !c.updated && !c.failed) return '';
  return ` Before it stopped it had written ${c.created} new and ${c.updated} updated rows${c.failed ? ` (${c.failed} could not be saved)` : ''}; starting it again continues from there without duplicates.`;
}
