/**
 * An operation split into work items: a large job (a provider's subscriptions) planned into keyed
 * items that any worker may run (one customer's subscriptions, or a few customers'), each idempotent
 * because every write it makes is keyed, and a final step once the last item is counted.
 *
 * The same operation runs two ways, with the same code:
 * - through the queue (`dispatch.ts`, `item-runner.ts`): the worker that claims the job plans it and
 *   sends its items; whichever workers receive them run them and count them in the job's ledger; the
 *   worker that counts the last one runs the final step and finishes the job;
 * - in one process (`runSplitInline`): plan, the items a few at a time, the final step. That is what a
 *   test or a benchmark that calls the operation directly gets, and what one worker does in effect.
 */
import { setMaxListeners } from 'node:events';
import type { WorkItemRef } from './work-item';
import type { JobContext, OperationResult } from './types';

export type PlanResult =
  /** Nothing to split (the settings need fixing, nothing is in scope): the job ends with this. */
  | { kind: 'result'; result: OperationResult }
  /** The items to run; `agg` is the operation's running total before any item (merged with theirs). */
  | { kind: 'items'; items: WorkItemRef[]; agg?: unknown };

export interface ItemResult {
  /** What the item adds to the operation's running total (merged with `merge`). */
  agg?: unknown;
  /** False when the item could not read everything (a malformed record): final checks are then skipped. */
  clean: boolean;
}

/** What the final step knows of the items. */
export interface ItemsView {
  agg: unknown;
  /** Every item finished and read everything: no malformed record, none poisoned. */
  clean: boolean;
  total: number;
  poisoned: number;
}

export interface SplitOperation {
  plan(ctx: JobContext): Promise<PlanResult>;
  /** Runs one item. Throws to have it retried (or, for an error that is not retryable, to fail the job). */
  runItem(ctx: JobContext, item: WorkItemRef): Promise<ItemResult>;
  /** Adds one item's running total to another (either may be undefined). Pure. */
  merge(into: unknown, add: unknown): unknown;
  /** Once every item is counted: the job's last writes and its result. */
  finish(ctx: JobContext, items: ItemsView): Promise<OperationResult>;
}

/** What an item's data carries besides the operation's own: its planning and its position in it. */
export function itemPosition(item: WorkItemRef): { plan: string; index: number } | undefined {
  const plan = item.data?.plan;
  const index = item.data?.index;
  if (typeof plan !== 'string' || typeof index !== 'number' || !Number.isInteger(index)) return undefined;
  return { plan, index };
}

/** A context for one item that counts into `parent` (the inline path: one job, one tally). */
function childContext(parent: JobContext, signal: AbortSignal): JobContext {
  return {
    job: parent.job,
    signal,
    log: parent.log,
    tally: parent.tally,
    progress: () => undefined,
    item: (i) => parent.item(i),
    get warningCount() {
      return parent.warningCount;
    },
    get errorCount() {
      return parent.errorCount;
    },
    checkpoint: async () => {
      signal.throwIfAborted();
      await parent.checkpoint();
    },
  };
}

/**
 * The whole operation in this process: plan, `concurrency` items at a time, then the final step. The
 * first item that fails stops the others and fails the operation (as one listing failing part-way
 * does), so a direct call behaves as the operation always did.
 */
export async function runSplitInline(
  op: SplitOperation,
  ctx: JobContext,
  options: {
    concurrency?: number;
    progress?: { from: number; to: number; message: (done: number, total: number) => string };
  } = {},
): Promise<OperationResult> {
  const planned = await op.plan(ctx);
  if (planned.kind === 'result') return planned.result;
  const stop = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stop.signal]);
  // Every request of every item in flight listens to it: many more than the default warning's 10.
  setMaxListeners(1000, signal);
  let agg = planned.agg;
  let clean = true;
  let next = 0;
  let done = 0;
  const total = planned.items.length;
  const worker = async () => {
    while (next < total && !signal.aborted) {
      const item = planned.items[next++];
      const r = await op.runItem(childContext(ctx, signal), item);
      agg = op.merge(agg, r.agg);
      clean &&= r.clean;
      done++;
      const p = options.progress;
      if (p) ctx.progress(p.from + ((p.to - p.from) * done) / total, p.message(done, total));
    }
  };
  let failure: { err: unknown } | undefined;
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, total)) }, () =>
    worker().catch((err: unknown) => {
      // The first failure is the one to report; the others are the items it stopped.
      failure ??= { err };
      stop.abort(err);
    }),
  );
  await Promise.all(workers);
  if (failure) throw failure.err;
  ctx.signal.throwIfAborted();
  return op.finish(ctx, { agg, clean, total, poisoned: 0 });
}
