/**
 * Sync Subscriptions as a job, for a whole provider (nightly or from the provider) or for one billing
 * contract (only that contract's customer). Streams the distributor's subscriptions, decides each one
 * against Dataverse, and writes change sets in $batch requests of up to 1,000 operations as it goes, so
 * memory stays flat however many subscriptions a provider has.
 */
import { Tables } from '../../../solution/schema';
import { updateRow } from '../../dataverse/intents';
import type { JobContext, OperationHandler, OperationResult } from '../../jobs/types';
import { providerAlerts } from '../alerts/run';
import type { SyncDeps } from '../deps';
import { SubscriptionRun } from './run';
import { prepareSubscriptionSync, type SyncSetup } from './setup';
import { subscriptionSummary } from './summary';
import { reportWarnings } from './warnings';

export { SubscriptionErrorCodes } from './setup';

export async function syncSubscriptions(deps: SyncDeps, ctx: JobContext): Promise<OperationResult> {
  const prepared = await prepareSubscriptionSync(deps, ctx);
  if (!prepared.ok) return prepared.result;
  const { setup } = prepared;
  const run = new SubscriptionRun(deps, ctx, setup);

  ctx.progress(15, `Waiting for ${setup.config.name} to list subscriptions`);
  for (const listing of listingsOf(setup, ctx)) {
    for await (const parsed of listing) {
      if (parsed.ok) await run.handle(parsed.value);
      else await run.skip(parsed.problem);
    }
  }
  // A listing that failed part-way has thrown by now: only a complete one reaches the "gone" pass.
  await run.markGone();
  await run.writeProductMappings();
  await run.flush();

  reportWarnings(ctx, run.skus, run.contractProblems, run.notSynced);
  if (!setup.customerId) await providerAlerts(deps.dv, ctx, setup.config, (deps.now ?? (() => new Date()))());
  if (!setup.customerId)
    await deps.dv.write(
      updateRow(Tables.provider, setup.config.providerId, {
        values: { [Tables.provider.col.lastSubscriptionSyncOn]: new Date().toISOString() },
      }),
    );
  return {
    summary: subscriptionSummary({
      providerName: setup.config.name,
      scope: setup.scope,
      listed: run.listed,
      changes: run.changes,
      ...ctx.tally.snapshot(),
      warnings: ctx.warningCount,
      notSyncedAccounts: [...run.notSynced.values()].filter((n) => n.account).length,
    }),
    result: run.changes.counts(),
  };
}

/** One listing for the whole provider, or one per synced account of a billing contract's customer. */
function listingsOf(setup: SyncSetup, ctx: JobContext) {
  const { connector, config } = setup;
  return setup.customerId
    ? setup.eligible.map((a) =>
        connector.listSubscriptions(config, { signal: ctx.signal, customerId: a.providerSpecificId }),
      )
    : [connector.listSubscriptions(config, { signal: ctx.signal })];
}

export function syncSubscriptionsOperation(deps: SyncDeps): OperationHandler {
  return (ctx) => syncSubscriptions(deps, ctx);
}
