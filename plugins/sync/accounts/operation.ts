/**
 * Sync Provider Accounts as a job: list the distributor's customers, compare with the provider's
 * accounts in Dataverse, run automap for the unmapped ones, and write only what changed, in batches.
 */
import { Tables } from '../../../solution/schema';
import type { WriteResult } from '../../dataverse/api';
import { BatchedWriter } from '../../dataverse/batched-writer';
import { updateRow } from '../../dataverse/intents';
import type { JobContext, OperationHandler, OperationResult } from '../../jobs/types';
import type { ProviderConfig, ProviderConnector } from '../../providers/types';
import type { SyncDeps } from '../deps';
import { loadProvider } from '../provider-config';
import { accountSummary } from './summary';
import { readAndDecide } from './listing';
import { planAccountSync, type AccountPlan, type AccountStats, type AccountWrite } from './plan';

const PA = Tables.providerAccount;

/** The provider's settings and its connector, or the Failed result when the settings need fixing first. */
export async function accountsConnector(
  deps: SyncDeps,
  ctx: JobContext,
): Promise<{ config: ProviderConfig; connector: ProviderConnector } | { result: OperationResult }> {
  const { config } = await loadProvider(deps.dv, ctx.job.providerId, deps.redactor);
  const connector = deps.connectors.create(config.internalName, deps.connectorDeps(ctx.log));
  const problems = connector.validateConfig(config);
  if (!problems.length) return { config, connector };
  return {
    result: {
      status: 'Failed',
      errorCode: problems[0].code,
      summary: `Not synced: the provider's settings need fixing first: ${problems.map((p) => p.message).join(' ')}`,
    },
  };
}

export async function syncProviderAccounts(deps: SyncDeps, ctx: JobContext): Promise<OperationResult> {
  const loaded = await accountsConnector(deps, ctx);
  if ('result' in loaded) return loaded.result;
  const { config } = loaded;
  const { existing, listing, decisions } = await readAndDecide(deps, ctx, loaded, [5, 10, 55]);
  const plan = planAccountSync({
    providerId: config.providerId,
    existing,
    customers: listing.customers,
    decisions,
    unreadable: listing.unreadable,
    now: (deps.now ?? (() => new Date()))(),
  });
  for (const item of plan.items) ctx.item(item);
  ctx.tally.add('unchanged', plan.unchanged);

  ctx.progress(70, `Writing ${plan.writes.length} changes to Dataverse`);
  const failedWrites = await writeAccounts(deps, ctx, plan);
  return endAccountSync(deps, ctx, config, {
    ...plan.stats,
    newUnmappedCount: plan.stats.newUnmapped.length,
    writes: plan.writes.length,
    failedWrites,
  });
}

/** What an accounts sync adds up to: its stats, with how many new unmapped accounts and writes (some failed). */
export interface AccountOutcome extends AccountStats {
  /** How many new unmapped accounts there are (`newUnmapped` may name only the first few). */
  newUnmappedCount: number;
  writes: number;
  failedWrites: number;
}

/** The end of an accounts sync, whole or in parts: Last Account Sync, the summary, Failed when no write landed. */
export async function endAccountSync(
  deps: SyncDeps,
  ctx: JobContext,
  config: { providerId: string; name: string },
  o: AccountOutcome,
): Promise<OperationResult> {
  await deps.dv.write(
    updateRow(Tables.provider, config.providerId, {
      values: { [Tables.provider.col.lastAccountSyncOn]: new Date().toISOString() },
    }),
  );
  return {
    summary: accountSummary(config.name, o, ctx.tally.snapshot(), o.failedWrites, o.newUnmappedCount),
    ...(o.failedWrites && o.failedWrites === o.writes ? { status: 'Failed' as const } : {}),
  };
}

/** Writes the plan; a row counts as created or updated once its write succeeded. Returns the failures. */
export async function writeAccounts(deps: SyncDeps, ctx: JobContext, plan: AccountPlan): Promise<number> {
  let failed = 0;
  const onResult = (r: WriteResult<AccountWrite>) => {
    if (r.ok) return ctx.tally.add(r.tag.kind === 'create' ? 'created' : 'updated');
    failed++;
    ctx.tally.add('failed');
    ctx.item({
      severity: 'Error',
      code: 'PROVIDER_ACCOUNT_WRITE_FAILED',
      message: `Could not save ${r.tag.name}: ${r.error?.message ?? 'unknown error'} (${r.error?.code || r.error?.status}). The next sync tries again.`,
      recordType: PA.logicalName,
      recordId: r.tag.kind === 'update' ? r.tag.id : undefined,
      recordName: r.tag.name,
    });
  };
  const total = plan.writes.length;
  const writer = new BatchedWriter<AccountWrite>(deps.dv, {
    signal: ctx.signal,
    maxOperationsPerBatch: deps.writes?.maxOperationsPerBatch,
    concurrentBatches: deps.writes?.concurrentBatches,
    flushAtOperations: Number.MAX_SAFE_INTEGER, // one flush: the plan is already in memory
    beforeFlush: () => ctx.checkpoint(),
    onProgress: (done) => ctx.progress(70 + (25 * done) / Math.max(1, total), `Written ${done} of ${total}`),
    onResult,
  });
  for (const w of plan.writes) await writer.add({ intents: [w.intent], tag: w });
  await writer.flush();
  return failed;
}

export function syncProviderAccountsOperation(deps: SyncDeps): OperationHandler {
  return (ctx) => syncProviderAccounts(deps, ctx);
}
