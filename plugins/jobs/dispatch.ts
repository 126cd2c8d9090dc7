/**
 * Planning a claimed job into work items and handing them to the queue. The order makes a crash at
 * any point safe:
 * 1. plan (reads only);
 * 2. send every item, each naming this planning (`plan`) and its position;
 * 3. write the ledger (the planning and the number of items) under the job's lease.
 * A worker that dies before 3 leaves items of a planning no ledger names: they are dropped when they
 * arrive, and the job, never given a ledger, is marked interrupted as any job whose worker died. One
 * that dies after 3 has sent everything: the items run wherever they land.
 */
import { randomUUID } from 'node:crypto';
import { newLedger } from './ledger';
import type { RunningJobContext } from './context';
import type { SplitOperation } from './split';
import type { JobStore } from './store';
import type { OperationResult } from './types';
import { WORK_ITEM_ENVELOPE_VERSION, type WorkItemEnvelope } from './work-item';

export interface ItemDispatch {
  /** The environment the job's items name. */
  environment: string;
  send(envelope: WorkItemEnvelope): Promise<void>;
  /** The job's trace, for the items' spans to join. */
  traceparent?: () => string | undefined;
  /** Sends at once. Default 8. */
  concurrency?: number;
}

export type DispatchResult = { dispatched: true; items: number } | { dispatched: false; result: OperationResult };

export async function dispatchItems(
  split: SplitOperation,
  ctx: RunningJobContext,
  store: JobStore,
  dispatch: ItemDispatch,
): Promise<DispatchResult> {
  const planned = await split.plan(ctx);
  if (planned.kind === 'result') return { dispatched: false, result: planned.result };
  if (planned.items.length === 0) {
    // Nothing to hand out: the final step runs here, as the only "item".
    return {
      dispatched: false,
      result: await split.finish(ctx, { agg: planned.agg, clean: true, total: 0, poisoned: 0 }),
    };
  }
  const plan = randomUUID().slice(0, 8);
  const traceparent = dispatch.traceparent?.();
  const envelopes: WorkItemEnvelope[] = planned.items.map((item, index) => ({
    v: WORK_ITEM_ENVELOPE_VERSION,
    environment: dispatch.environment,
    jobId: ctx.job.id,
    item: { kind: item.kind, key: `${plan}-${index}`, data: { ...item.data, plan, index } },
    ...(traceparent ? { traceparent } : {}),
  }));
  let next = 0;
  const sender = async () => {
    while (next < envelopes.length) {
      // Take the envelope before awaiting: another sender may move `next` on meanwhile.
      const envelope = envelopes[next++];
      await ctx.checkpoint();
      await dispatch.send(envelope);
    }
  };
  await Promise.all(Array.from({ length: Math.min(dispatch.concurrency ?? 8, envelopes.length) }, sender));
  ctx.progress(15, `Planned ${envelopes.length} parts`);
  await ctx.drain();
  const ledger = newLedger(plan, envelopes.length, {
    counts: ctx.counts,
    warnings: ctx.warningCount,
    errors: ctx.errorCount,
    agg: planned.agg,
  });
  await store.startWork(ctx.currentLease(), ledger);
  return { dispatched: true, items: envelopes.length };
}
