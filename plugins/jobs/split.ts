/**
 * An operation split into work items: a large job (a provider's subscriptions) planned into keyed
 * items that any worker may run (one customer's subscriptions, or a few customers'), each idempotent
 * because every write it makes is keyed, and a final step once the last item is counted.
 *
 * A large job runs one of two ways, with the same decisions and writes:
 * - through the queue (`dispatch.ts`, `item-runner.ts`): the worker that claims the job plans it and
 *   sends its items; whichever workers receive them run them and count them in the job's ledger; the
 *   worker that counts the last one runs the final step and finishes the job;
 * - in one process, an operation does not split at all: one worker gains nothing from parts and pays
 *   for them (a listing per customer instead of one paged listing; see `sync/subscriptions/whole.ts`).
 */
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
