/**
 * Sync Provider Accounts as a job: list the distributor's customers, compare with the provider's
 * accounts in Dataverse, run automap for the unmapped ones, and write only what changed, in batches.
 */
import { Tables } from '../../../solution/schema';
import type { JobContext, OperationHandler, OperationResult } from '../../jobs/types';
import type { DistributorCustomer } from '../../providers/types';
import { writeUnits } from '../../dataverse/writer';
import { automap } from '../automap';
import type { AutomapCrmAccount, AutomapDecision } from '../automap/types';
import type { SyncDeps } from '../deps';
import { loadProvider } from '../provider-config';
import { automapEligible, planAccountSync } from './plan';
import { readCrmAccounts, readProviderAccounts } from './read';

const PA = Tables.providerAccount;

export interface AccountSyncOutcome extends OperationResult {
  writes: number;
}

export async function syncProviderAccounts(deps: SyncDeps, ctx: JobContext): Promise<AccountSyncOutcome> {
  const loaded = await loadProvider(deps.dv, ctx.job.providerId, deps.redactor);
  const { config } = loaded;
  const connector = deps.connectors.create(config.internalName, deps.connectorDeps(ctx.log));
  const problems = connector.validateConfig(config);
  if (problems.length) {
    return {
      status: 'Failed',
      errorCode: problems[0].code,
      summary: `Not synced: the provider's settings need fixing first: ${problems.map((p) => p.message).join(' ')}`,
      writes: 0,
    };
  }

  ctx.progress(5, 'Reading provider accounts in Dataverse');
  const existing = await readProviderAccounts(deps.dv, config.providerId, ctx.signal);

  ctx.progress(10, `Listing customers at ${config.name}`);
  const customers: DistributorCustomer[] = [];
  const ids = new Set<string>();
  for await (const parsed of connector.listCustomers(config, { signal: ctx.signal })) {
    if (!parsed.ok) {
      ctx.counts.skipped++;
      ctx.item({
        severity: 'Warning',
        code: parsed.problem.code,
        message: `Skipped ${parsed.problem.record}: ${parsed.problem.message}`,
        recordName: parsed.problem.record,
      });
      continue;
    }
    if (ids.has(parsed.value.providerSpecificId)) {
      ctx.counts.skipped++;
      ctx.item({
        severity: 'Warning',
        code: 'PROVIDER_ACCOUNT_DUPLICATE',
        message: `The distributor listed customer ${parsed.value.providerSpecificId} twice; the second (${parsed.value.name}) was skipped.`,
        recordName: parsed.value.name,
      });
      continue;
    }
    ids.add(parsed.value.providerSpecificId);
    customers.push(parsed.value);
    if (customers.length % 500 === 0)
      ctx.progress(10 + Math.min(40, customers.length / 250), `Listed ${customers.length} customers`);
  }

  ctx.progress(55, 'Matching unmapped accounts to CRM accounts');
  const byProviderId = new Map(existing.map((e) => [e.providerSpecificId, e]));
  const candidates = customers.filter((c) => automapEligible(byProviderId.get(c.providerSpecificId)));
  let decisions = new Map<string, AutomapDecision>();
  if (candidates.length) {
    const crmAccounts = await readCrmAccounts(deps.dv, ctx.signal);
    const mapped = new Set(existing.filter((e) => e.accountId).map((e) => e.accountId as string));
    decisions = automapToFixpoint(candidates, crmAccounts, mapped);
  }

  const plan = planAccountSync({
    providerId: config.providerId,
    existing,
    customers,
    decisions,
    now: (deps.now ?? (() => new Date()))(),
  });
  for (const item of plan.items) ctx.item(item);
  ctx.counts.created += plan.counts.created;
  ctx.counts.updated += plan.counts.updated;
  ctx.counts.unchanged += plan.counts.unchanged;

  ctx.progress(70, `Writing ${plan.writes.length} changes`);
  const results = await writeUnits(
    deps.dv,
    plan.writes.map((w) => ({
      tag: w,
      operations: [
        w.kind === 'create'
          ? { method: 'POST' as const, path: PA.entitySetName, body: w.body }
          : {
              method: 'PATCH' as const,
              path: `${PA.entitySetName}(${w.id})`,
              body: w.body,
              headers: { 'If-Match': '*' },
            },
      ],
    })),
    {
      signal: ctx.signal,
      maxOperationsPerBatch: deps.writes?.maxOperationsPerBatch,
      concurrentBatches: deps.writes?.concurrentBatches,
      onProgress: (done, total) => ctx.progress(70 + (25 * done) / Math.max(1, total), `Written ${done} of ${total}`),
    },
  );
  let failedWrites = 0;
  for (const r of results) {
    if (r.ok) continue;
    failedWrites++;
    ctx.counts.failed++;
    if (r.tag.kind === 'create') ctx.counts.created--;
    else ctx.counts.updated--;
    ctx.item({
      severity: 'Error',
      code: 'PROVIDER_ACCOUNT_WRITE_FAILED',
      message: `Could not save ${r.tag.name}: ${r.error?.message ?? 'unknown error'} (${r.error?.code ?? r.error?.status}). The next sync tries again.`,
      recordType: PA.logicalName,
      recordId: r.tag.id,
      recordName: r.tag.name,
    });
  }

  await deps.dv.update(Tables.provider.entitySetName, config.providerId, {
    [Tables.provider.col.lastAccountSyncOn]: new Date().toISOString(),
  });

  const s = plan.stats;
  const parts = [
    `Listed ${s.listed} customer${s.listed === 1 ? '' : 's'} at ${config.name}`,
    `${ctx.counts.created} new (${s.autoMapped} mapped automatically, ${s.suggested} with a suggestion)`,
    `${ctx.counts.updated} updated`,
    `${ctx.counts.unchanged} unchanged`,
  ];
  if (s.removed) parts.push(`${s.removed} marked removed at the provider (kept, never deleted)`);
  if (ctx.counts.skipped) parts.push(`${ctx.counts.skipped} skipped (malformed or duplicate records)`);
  if (failedWrites) parts.push(`${failedWrites} could not be saved`);
  let summary = `${parts.join(', ')}.`;
  if (s.newUnmapped.length) {
    const shown = s.newUnmapped.slice(0, 5).join('; ');
    summary += ` New unmapped accounts: ${shown}${s.newUnmapped.length > 5 ? ` and ${s.newUnmapped.length - 5} more` : ''}.`;
  }
  if (s.unmappedTotal)
    summary += ` ${s.unmappedTotal} account${s.unmappedTotal === 1 ? ' is' : 's are'} not mapped yet: map them on the Provider form.`;
  return {
    summary,
    writes: plan.writes.length - failedWrites,
    ...(failedWrites && failedWrites === plan.writes.length ? { status: 'Failed' as const } : {}),
  };
}

/**
 * Automap until nothing new maps. A CRM account mapped in this run is no longer a candidate for the
 * others, which can turn a contested or ambiguous match into a unique one, or change a suggestion: the
 * next run would see exactly that. Deciding it now means a rerun with nothing new writes nothing.
 */
export function automapToFixpoint(
  candidates: readonly DistributorCustomer[],
  crmAccounts: AutomapCrmAccount[],
  alreadyMapped: ReadonlySet<string>,
  maxRounds = 5,
): Map<string, AutomapDecision> {
  const final = new Map<string, AutomapDecision>();
  const mapped = new Set(alreadyMapped);
  let pending = candidates;
  for (let round = 0; round < maxRounds && pending.length; round++) {
    const result = automap({
      providerAccounts: pending.map((c) => ({
        id: c.providerSpecificId,
        name: c.name,
        domain: c.primaryDomain ?? c.email,
        tenantId: c.tenantId,
      })),
      crmAccounts,
      mappedCrmAccountIds: mapped,
    });
    const autos = result.filter((d) => d.decision === 'auto');
    for (const d of result) final.set(d.providerAccountId, d);
    if (!autos.length) break;
    for (const d of autos) mapped.add(d.crmAccountId as string);
    const done = new Set(autos.map((d) => d.providerAccountId));
    pending = pending.filter((c) => !done.has(c.providerSpecificId));
  }
  return final;
}

export function syncProviderAccountsOperation(deps: SyncDeps): OperationHandler {
  return (ctx) => syncProviderAccounts(deps, ctx);
}
