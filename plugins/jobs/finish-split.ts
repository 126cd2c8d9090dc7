/**
 * The end of a job split into items, run by the worker that counted its last item: the operation's
 * final step (e.g. the "gone" check of a subscription sync), its items, and the job's final status,
 * counts and summary, written if the row is still the one this worker last wrote (or re-read while it
 * still says this worker is finishing it).
 */
import { errorMessage, isW365Error } from '../../common/errors';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
import { DistributedErrorCodes } from './distributed-errors';
import { JobErrorCodes } from './errors';
import { ItemJobContext } from './item-context';
import type { WorkLedger } from './ledger';
import { deriveStatus } from './runner';
import type { SplitOperation } from './split';
import type { JobOutcome, JobStore, WorkState } from './store';
import type { FinalStatus, JobRecord, OperationResult } from './types';

export interface FinishSplitOptions {
  store: JobStore;
  redactor: Redactor;
  workerId: string;
  log: Logger;
  split: SplitOperation;
  /** The job as this worker last wrote it, with the ledger that says every item is counted. */
  state: WorkState;
  onFinished?: (job: JobRecord, status: FinalStatus) => void;
}

function outcomeOf(ctx: ItemJobContext, ledger: WorkLedger, result: OperationResult, redactor: Redactor): JobOutcome {
  const allPoisoned = ledger.total > 0 && ledger.poisoned === ledger.total;
  return {
    status:
      result.status ?? (allPoisoned ? 'Failed' : deriveStatus(ctx.tally.snapshot(), ctx.warningCount, ctx.errorCount)),
    summary: redactor.redactString(result.summary),
    counts: ctx.tally.snapshot(),
    warnings: ctx.warningCount + ctx.errorCount,
    errorCode: result.errorCode ?? (allPoisoned ? DistributedErrorCodes.ItemPoisoned : undefined),
    result: {
      ...(result.result !== undefined ? { value: result.result } : {}),
      parts: ledger.total,
      poisonedParts: ledger.poisoned,
    },
  };
}

const CANCELLED =
  'Cancelled: stopped at the next checkpoint, as asked. What was written before stays; run the job again to finish the rest.';

function failedOutcome(ctx: ItemJobContext, code: string, message: string): JobOutcome {
  const c = ctx.tally.snapshot();
  if (code === JobErrorCodes.Cancelled)
    return {
      status: 'Cancelled',
      summary: CANCELLED,
      counts: c,
      warnings: ctx.warningCount + ctx.errorCount,
      errorCode: code,
    };
  const sofar =
    c.created || c.updated
      ? ` Before it stopped it had written ${c.created} new and ${c.updated} updated rows; starting it again continues from there without duplicates.`
      : '';
  return {
    status: 'Failed',
    summary: `Failed: ${message}${sofar}`,
    counts: c,
    warnings: ctx.warningCount + ctx.errorCount,
    errorCode: code,
  };
}

async function decide(o: FinishSplitOptions, ctx: ItemJobContext, ledger: WorkLedger): Promise<JobOutcome> {
  if (ledger.failure) return failedOutcome(ctx, ledger.failure.code, ledger.failure.message);
  try {
    const result = await o.split.finish(ctx, {
      agg: ledger.agg,
      clean: ledger.unclean === 0 && ledger.poisoned === 0,
      total: ledger.total,
      poisoned: ledger.poisoned,
    });
    return outcomeOf(ctx, ledger, result, o.redactor);
  } catch (err) {
    o.log.error({ err }, 'final step of a job failed');
    const code = isW365Error(err) ? err.code : JobErrorCodes.Failed;
    return failedOutcome(ctx, code, o.redactor.redactString(errorMessage(err)));
  }
}

export async function finishSplitJob(o: FinishSplitOptions): Promise<void> {
  const ledger = o.state.ledger as WorkLedger;
  let job = o.state.job;
  const ctx = new ItemJobContext(job, new AbortController().signal, o.log, {
    store: o.store,
    redact: (text) => o.redactor.redactString(text),
    start: { counts: ledger.counts, warnings: ledger.warnings, errors: ledger.errors },
  });
  const outcome = await decide(o, ctx, ledger);
  await o.store.addItems(job.id, ctx.items, { key: `${ledger.plan}-final` });
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await o.store.finish(job, outcome)) {
      o.log.info({ status: outcome.status, counts: outcome.counts }, 'job finished');
      o.onFinished?.(job, outcome.status);
      return;
    }
    // The row moved since this worker wrote it (someone edited another column): finish it if it is
    // still running and still this worker's to finish.
    const state = await o.store.readWork(job.id);
    if (!state || state.job.status !== 'Running' || state.ledger?.finishing?.by !== o.workerId) return;
    job = state.job;
  }
  o.log.warn('job could not be finished: its row kept moving');
}
