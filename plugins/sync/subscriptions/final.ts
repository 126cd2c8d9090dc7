/**
 * The last step of a subscription sync split into parts, once every part is counted: what needs the
 * whole listing.
 * - "Gone": the subscriptions parts found unlisted are read again (their current version) and marked
 *   Removed At Provider (a live one also Suspended, with its log entry), only if every part read its
 *   listing cleanly (issue 13: one unreadable record, or one part that failed, blocks it).
 * - Product mappings for every SKU seen, and one warning per unresolved SKU.
 * - The provider's Last Subscription Sync, for a whole-provider sync.
 * Then the summary, from the parts' totals and what this step wrote.
 */
import { Tables } from '../../../solution/schema';
import type { DataverseApi } from '../../dataverse/api';
import { updateRow } from '../../dataverse/intents';
import { eq } from '../../dataverse/odata';
import type { ItemsView } from '../../jobs/split';
import type { JobContext, OperationResult } from '../../jobs/types';
import { providerAlerts } from '../alerts/run';
import type { SyncDeps } from '../deps';
import { SUBSCRIPTION_COLUMNS, toExisting, type ExistingSubscription } from './existing';
import { resolveProduct } from './products';
import { isEligible } from './reference';
import { goneCheckSkipped, SubscriptionRun } from './run';
import type { JobBasics } from './split';
import { subscriptionSummary } from './summary';
import { emptyTotals, restoreChanges, restoreSkus, type SubscriptionTotals } from './totals';
import { reportWarnings } from './warnings';

const S = Tables.subscription;

/** The candidates as they stand now (a part's read may be minutes old), by provider subscription id. */
async function readCandidates(dv: DataverseApi, ids: readonly string[], signal: AbortSignal) {
  const out = new Map<string, ExistingSubscription>();
  for (let i = 0; i < ids.length; i += 50) {
    const filter = ids
      .slice(i, i + 50)
      .map((guid) => eq(S.col.id, { guid }))
      .join(' or ');
    for await (const r of dv.rows(S, { select: SUBSCRIPTION_COLUMNS, filter }, { signal })) {
      const e = toExisting(r);
      out.set(e.providerSubscriptionId, e);
    }
  }
  return out;
}

export async function finishSubscriptionSync(
  deps: SyncDeps,
  ctx: JobContext,
  b: JobBasics,
  view: ItemsView,
): Promise<OperationResult> {
  const totals: SubscriptionTotals = (view.agg as SubscriptionTotals | undefined) ?? emptyTotals();
  const eligible = b.ref.accounts.filter(isEligible);
  const checkGone = view.clean && totals.unreadable === 0 && !totals.goneOverflow;
  const existing = checkGone ? await readCandidates(deps.dv, totals.gone, ctx.signal) : new Map();
  const run = new SubscriptionRun(deps, ctx, { ...b, eligible, existing });
  for (const [sku, s] of restoreSkus(totals.skus, (k) => resolveProduct(k, b.ref, b.config.providerId)))
    run.skus.set(sku, s);
  ctx.progress(90, 'Checking for subscriptions no longer listed');
  if (checkGone) await run.markGone();
  else if (totals.goneOverflow)
    ctx.item({
      severity: 'Warning',
      code: 'SUBSCRIPTION_GONE_CHECK_SKIPPED',
      message: `More than ${totals.gone.length || 'ten thousand'} subscriptions were missing from the distributor's listing at once, which looks like a listing problem rather than cancellations: none was marked as gone. Check the distributor's listing; the next sync checks again.`,
    });
  else ctx.item(goneCheckSkipped(totals.unreadable, view.poisoned));
  await run.writeProductMappings();
  await run.flush();
  reportWarnings(ctx, run.skus, new Map(), new Map());
  if (!b.customerId) await providerAlerts(deps.dv, ctx, b.config, (deps.now ?? (() => new Date()))());
  if (!b.customerId)
    await deps.dv.write(
      updateRow(Tables.provider, b.config.providerId, {
        values: { [Tables.provider.col.lastSubscriptionSyncOn]: new Date().toISOString() },
      }),
    );
  const changes = restoreChanges(totals.changes, run.changes);
  return {
    summary: subscriptionSummary({
      providerName: b.config.name,
      scope: b.scope,
      listed: totals.listed,
      changes,
      ...ctx.tally.snapshot(),
      warnings: ctx.warningCount,
      notSyncedAccounts: totals.notSyncedAccounts,
    }),
    result: changes.counts(),
  };
}
