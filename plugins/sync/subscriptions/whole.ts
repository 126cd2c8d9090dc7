/**
 * Sync Subscriptions in one process, without work items: the distributor's provider-wide listing
 * streamed page by page (one paged listing, not one per customer), each subscription decided against
 * the provider's rows read once and written in change sets as it goes, then the same final step the
 * parts end with (`final.ts`). A split job is for many workers; one worker gains nothing from parts and
 * pays for them: 50,000 subscriptions of 5,000 customers took 5,000 per-customer listings and 200 parts'
 * reads and batches (437 Dataverse requests, 49 s) where this takes one listing and about 100 requests.
 */
import type { JobContext, OperationResult } from '../../jobs/types';
import type { SyncDeps } from '../deps';
import { readExistingSubscriptions } from './existing';
import { finishSubscriptionSync } from './final';
import type { ScopeAccount } from './reference';
import { SubscriptionRun } from './run';
import { prepareSubscriptionSync, runTotals, type JobBasics } from './split';
import { mergeTotals, type SubscriptionTotals } from './totals';
import { reportWarnings } from './warnings';

/** The listings in scope: one billing contract's customer account by account, else the whole provider at once. */
function listings(b: JobBasics, eligible: readonly ScopeAccount[], signal: AbortSignal) {
  return b.customerId
    ? eligible.map((a) => b.connector.listSubscriptions(b.config, { signal, customerId: a.providerSpecificId }))
    : [b.connector.listSubscriptions(b.config, { signal })];
}

export async function syncSubscriptionsWhole(deps: SyncDeps, ctx: JobContext): Promise<OperationResult> {
  const prepared = await prepareSubscriptionSync(deps, ctx);
  if (prepared.kind === 'result') return prepared.result;
  const { basics: b, eligible } = prepared;
  ctx.progress(10, 'Reading the subscriptions Dynamics already has');
  // A whole-provider sync reads every synced subscription of the provider in one paged query.
  const scopeIds = b.customerId ? eligible.map((a) => a.id) : undefined;
  const existing = await readExistingSubscriptions(deps.dv, b.config.providerId, scopeIds, ctx.signal);
  const run = new SubscriptionRun(deps, ctx, { ...b, eligible, existing });
  ctx.progress(15, `Listing subscriptions at ${b.config.name}`);
  for (const listing of listings(b, eligible, ctx.signal)) {
    for await (const parsed of listing) {
      if (parsed.ok) await run.handle(parsed.value);
      else await run.skip(parsed.problem);
    }
  }
  await run.flush();
  reportWarnings(ctx, new Map(), run.contractProblems, run.notSynced);
  const { agg, clean } = runTotals(run);
  // Through the same merge as the parts', so the "too many gone at once" guard applies alike.
  const totals = mergeTotals(undefined, agg as SubscriptionTotals);
  return finishSubscriptionSync(deps, ctx, b, { agg: totals, clean, total: 1, poisoned: 0 });
}
