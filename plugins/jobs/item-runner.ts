/**
 * Runs one work item of a job split into items (`split.ts`), on whichever worker received it:
 *
 * 1. reads the job and its ledger: a job that is no longer Running, a planning that is not the
 *    ledger's, or an item already counted is acknowledged and left alone (a second delivery);
 * 2. runs the item (its writes are keyed, so running it again changes nothing);
 * 3. writes its job items (keyed: a second delivery adds no copies), then counts it in the ledger
 *    with a conditional write, read again and retried when another item won the race;
 * 4. the worker whose write counted the last item runs the operation's final step and finishes the
 *    job (a later delivery of that item takes the final step over if that worker died doing it).
 *
 * A failure is the queue's to retry; one that cannot succeed on a retry (a W365Error that is not
 * retryable: the distributor refused the credentials) ends the job as Failed at once instead of being
 * retried by every item. An item that failed as often as allowed (poisoned) is counted as an Error
 * item on its job, never lost.
 */
import { randomInt } from 'node:crypto';
import { errorMessage, isW365Error } from '../../common/errors';
import { delay } from '../shared/abort';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
import { NoopTelemetry, type ActiveSpan, type Telemetry } from '../telemetry';
import { DistributedErrorCodes } from './distributed-errors';
import { ItemJobContext, type ItemContextOptions } from './item-context';
import { allItemsDone, countItem, isItemDone, type ItemContribution, type WorkLedger } from './ledger';
import type { Delivery, PoisonedItem } from './queue';
import { finishSplitJob } from './finish-split';
import { itemPosition, type SplitOperation } from './split';
import type { JobStore, WorkState } from './store';
import { zeroCounts } from './tally';
import type { FinalStatus, JobRecord, OperationName } from './types';
import type { WorkItemEnvelope } from './work-item';

export interface ItemRunnerOptions {
  store: JobStore;
  splits: Partial<Record<OperationName, SplitOperation>>;
  logger: Logger;
  redactor: Redactor;
  workerId: string;
  onFinished?: (job: JobRecord, status: FinalStatus) => void;
  /** How long another worker's final step is trusted before a later delivery takes it over. Default 5 min. */
  finishTakeoverInMs?: number;
  /** How long an item waits for its job's ledger (the planning worker writes it right after sending). Default 15 s. */
  ledgerWaitInMs?: number;
  context?: Pick<ItemContextOptions, 'statusCheckInMs'>;
  now?: () => number;
  /** Each item a span (`work-item <kind>`) in its job's trace, and the items metric; default none. */
  telemetry?: Telemetry;
}

type Commit = { state: WorkState; ledger: WorkLedger; counted: boolean };

export class ItemRunner {
  private readonly telemetry: Telemetry;

  constructor(private readonly o: ItemRunnerOptions) {
    this.telemetry = o.telemetry ?? new NoopTelemetry();
  }

  /** Runs one delivery of an item, as a span in its job's trace (the envelope's traceparent). */
  run(envelope: WorkItemEnvelope, delivery: Delivery): Promise<void> {
    const attributes = {
      'w365.job.id': envelope.jobId,
      'w365.item.kind': envelope.item?.kind,
      'w365.item.key': envelope.item?.key,
      'w365.environment': envelope.environment,
      'w365.worker.id': this.o.workerId,
    };
    return this.telemetry.span(
      `work-item ${envelope.item?.kind ?? 'job'}`,
      attributes,
      (span) => this.runItem(envelope, delivery, span),
      { traceparent: envelope.traceparent, kind: 'consumer' },
    );
  }

  private async runItem(envelope: WorkItemEnvelope, delivery: Delivery, span: ActiveSpan): Promise<void> {
    const ref = envelope.item;
    const position = ref ? itemPosition(ref) : undefined;
    const log = this.o.logger.child({ jobId: envelope.jobId, item: ref?.key });
    if (!ref || !position) return void log.warn('work item without a planning and position; dropped');
    const state = await this.current(envelope.jobId, position.plan, delivery.signal);
    if (!state?.ledger) return void log.debug('job not running this planning; item dropped');
    const split = this.o.splits[state.job.operation];
    if (!split) return void log.warn({ operation: state.job.operation }, 'no split operation; item dropped');
    if (isItemDone(state.ledger, position.index)) {
      span.setAttributes({ 'w365.item.outcome': 'already-counted' });
      return this.finishIfDue(state, split, log);
    }
    if (state.ledger.failure) return void span.setAttributes({ 'w365.item.outcome': 'job-failed' });
    const ctx = new ItemJobContext(state.job, delivery.signal, log, {
      store: this.o.store,
      redact: (text) => this.o.redactor.redactString(text),
      ...this.o.context,
    });
    let contribution: ItemContribution;
    try {
      const r = await split.runItem(ctx, ref);
      contribution = ctx.contribution(r.clean, r.agg);
    } catch (err) {
      if (delivery.signal.aborted || !isW365Error(err) || err.retryable || err.code === DistributedErrorCodes.LeaseLost)
        throw err;
      this.counted(span, 'failed', ref.kind);
      return this.failJob(state.job.id, position.plan, err, split, log);
    }
    await this.o.store.addItems(state.job.id, ctx.items, { key: ref.key });
    const commit = await this.count(state.job.id, position, contribution, split);
    if (commit?.counted) this.counted(span, 'done', ref.kind);
    if (commit?.counted && commit.ledger.finishing?.by === this.o.workerId) await this.finish(commit, split, log);
  }

  /** An item that failed as often as allowed: an Error item on its job, and counted (so the job can end). */
  async poisoned(p: PoisonedItem): Promise<void> {
    const envelope = p.envelope;
    if (!envelope) return;
    const log = this.o.logger.child({ jobId: envelope.jobId, item: envelope.item?.key });
    const position = envelope.item ? itemPosition(envelope.item) : undefined;
    const key = envelope.item?.key ?? 'job';
    await this.o.store.addItems(
      envelope.jobId,
      [
        {
          severity: 'Error',
          code: DistributedErrorCodes.ItemPoisoned,
          message: this.o.redactor.redactString(
            `Part ${key} of this job failed ${p.dequeueCount} times and was set aside (${p.errorCode}: ${p.reason}). What it would have written is not in Dynamics; run the job again once the cause is fixed.`,
          ),
          recordName: key,
        },
      ],
      { key: `poisoned-${key}` },
    );
    if (!position) return;
    const split = (await this.o.store.get(envelope.jobId))?.operation;
    const op = split ? this.o.splits[split] : undefined;
    if (!op) return;
    const add: ItemContribution = { counts: zeroCounts(), warnings: 0, errors: 1, clean: false, poisoned: true };
    const commit = await this.count(envelope.jobId, position, add, op);
    if (commit?.counted) this.telemetry.itemsProcessed(1, { outcome: 'poisoned', kind: envelope.item?.kind });
    if (commit?.counted && commit.ledger.finishing?.by === this.o.workerId) await this.finish(commit, op, log);
  }

  /** The job as it stands, waiting a little for the ledger of a job that is being planned. */
  private async current(jobId: string, plan: string, signal: AbortSignal): Promise<WorkState | undefined> {
    const until = (this.o.now ?? Date.now)() + (this.o.ledgerWaitInMs ?? 15_000);
    for (;;) {
      const state = await this.o.store.readWork(jobId);
      if (!state || state.job.status !== 'Running') return undefined;
      if (state.ledger) return state.ledger.plan === plan ? state : undefined;
      if ((this.o.now ?? Date.now)() > until) throw new Error(`Job ${jobId} has no work ledger yet.`);
      await delay(250, signal);
    }
  }

  /**
   * Counts the item in the ledger: read, add, write if unchanged since read; again on a lost race.
   * Undefined when the job stopped running meanwhile (nothing counted, nothing to do).
   */
  private async count(
    jobId: string,
    position: { plan: string; index: number },
    add: ItemContribution,
    split: SplitOperation,
  ): Promise<Commit | undefined> {
    for (let attempt = 0; ; attempt++) {
      const state = await this.o.store.readWork(jobId);
      if (!state?.ledger || state.job.status !== 'Running' || state.ledger.plan !== position.plan) return undefined;
      const next = countItem(state.ledger, position.index, add, (a, b) => split.merge(a, b));
      if (!next) return { state, ledger: state.ledger, counted: false };
      if (allItemsDone(next)) next.finishing = { by: this.o.workerId, at: new Date(this.nowMs()).toISOString() };
      const etag = await this.o.store.writeWork(state.job, next);
      if (etag) return { state: { job: { ...state.job, etag }, ledger: next }, ledger: next, counted: true };
      // Another item was counted in between: back off a little (jittered, so racing workers spread out).
      await delay(randomInt(5, 40 + Math.min(attempt, 10) * 20));
    }
  }

  /** A later delivery of an item already counted: take over a final step that nobody finished. */
  private async finishIfDue(state: WorkState, split: SplitOperation, log: Logger): Promise<void> {
    const ledger = state.ledger as WorkLedger;
    if (!allItemsDone(ledger)) return;
    const since = ledger.finishing ? this.nowMs() - Date.parse(ledger.finishing.at) : Infinity;
    if (since < (this.o.finishTakeoverInMs ?? 300_000)) return;
    const claimed = { ...ledger, finishing: { by: this.o.workerId, at: new Date(this.nowMs()).toISOString() } };
    const etag = await this.o.store.writeWork(state.job, claimed);
    if (!etag) return;
    log.warn({ previous: ledger.finishing?.by }, 'taking over the final step of a job');
    await this.finish(
      { state: { job: { ...state.job, etag }, ledger: claimed }, ledger: claimed, counted: true },
      split,
      log,
    );
  }

  /** A failure no retry can mend: recorded on the ledger, and the job ends Failed with its code. */
  private async failJob(jobId: string, plan: string, err: Error, split: SplitOperation, log: Logger) {
    const failure = {
      code: isW365Error(err) ? err.code : 'JOB_FAILED',
      message: this.o.redactor.redactString(errorMessage(err)),
    };
    for (;;) {
      const state = await this.o.store.readWork(jobId);
      if (!state?.ledger || state.job.status !== 'Running' || state.ledger.plan !== plan || state.ledger.failure)
        return;
      const next = {
        ...state.ledger,
        failure,
        finishing: { by: this.o.workerId, at: new Date(this.nowMs()).toISOString() },
      };
      const etag = await this.o.store.writeWork(state.job, next);
      if (!etag) continue;
      log.error({ err: failure.message, code: failure.code }, 'work item failed for good: the job ends');
      return this.finish(
        { state: { job: { ...state.job, etag }, ledger: next }, ledger: next, counted: true },
        split,
        log,
      );
    }
  }

  private finish(commit: Commit, split: SplitOperation, log: Logger): Promise<void> {
    return finishSplitJob({ ...this.o, log, split, state: commit.state });
  }

  /** The item's outcome, on its span and in the items metric. */
  private counted(span: ActiveSpan, outcome: 'done' | 'failed', kind: string): void {
    span.setAttributes({ 'w365.item.outcome': outcome });
    this.telemetry.itemsProcessed(1, { outcome, kind });
  }

  private nowMs(): number {
    return (this.o.now ?? Date.now)();
  }
}
