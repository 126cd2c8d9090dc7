/**
 * The distributor's side of Sync Provider Accounts: its customers, read in full (duplicates and
 * unreadable records reported and skipped), and automap's decisions for the ones not mapped yet.
 */
import type { DataverseApi } from '../../dataverse/api';
import type { JobContext } from '../../jobs/types';
import type { DistributorCustomer, ProviderConfig, ProviderConnector, RecordProblem } from '../../providers/types';
import { automap } from '../automap';
import type { AutomapCrmAccount, AutomapDecision } from '../automap/types';
import { automapEligible } from './plan';
import type { SyncDeps } from '../deps';
import { readCrmAccounts, readProviderAccounts, type ExistingProviderAccount } from './read';

export interface CustomerListing {
  customers: DistributorCustomer[];
  unreadable: RecordProblem[];
}

export async function listCustomers(
  connector: ProviderConnector,
  config: ProviderConfig,
  ctx: JobContext,
): Promise<CustomerListing> {
  const listing: CustomerListing = { customers: [], unreadable: [] };
  const ids = new Set<string>();
  for await (const parsed of connector.listCustomers(config, { signal: ctx.signal })) {
    if (!parsed.ok) {
      skip(
        ctx,
        parsed.problem.code,
        `Skipped ${parsed.problem.record}: ${parsed.problem.message}`,
        parsed.problem.record,
      );
      listing.unreadable.push(parsed.problem);
      continue;
    }
    const c = parsed.value;
    if (ids.has(c.providerSpecificId)) {
      const message = `The distributor listed customer ${c.providerSpecificId} twice; the second (${c.name}) was skipped.`;
      skip(ctx, 'PROVIDER_ACCOUNT_DUPLICATE', message, c.name);
      continue;
    }
    ids.add(c.providerSpecificId);
    listing.customers.push(c);
    if (listing.customers.length % 500 === 0)
      ctx.progress(
        10 + Math.min(40, listing.customers.length / 250),
        `Waiting for ${config.name}: ${listing.customers.length} customers listed so far`,
      );
  }
  return listing;
}

function skip(ctx: JobContext, code: string, message: string, recordName: string): void {
  ctx.tally.add('skipped');
  ctx.item({ severity: 'Warning', code, message, recordName });
}

/**
 * What a sync decides from: the provider's accounts in Dataverse, the distributor's listing and
 * automap's decisions; `at` is the job's progress (percent) as each step starts.
 */
export async function readAndDecide(
  deps: SyncDeps,
  ctx: JobContext,
  { config, connector }: { config: ProviderConfig; connector: ProviderConnector },
  at: readonly [reading: number, listing: number, matching: number],
): Promise<{ existing: ExistingProviderAccount[]; listing: CustomerListing; decisions: Map<string, AutomapDecision> }> {
  ctx.progress(at[0], 'Reading provider accounts in Dataverse');
  const existing = await readProviderAccounts(deps.dv, config.providerId, ctx.signal);
  ctx.progress(at[1], `Waiting for ${config.name} to list customers`);
  const listing = await listCustomers(connector, config, ctx);
  ctx.progress(at[2], 'Matching unmapped accounts to CRM accounts');
  const decisions = await automapCandidates(deps.dv, ctx.signal, existing, listing.customers);
  return { existing, listing, decisions };
}

/** Automap's decisions for the customers automap may decide (never a mapped, excluded or person-decided row). */
export async function automapCandidates(
  dv: DataverseApi,
  signal: AbortSignal,
  existing: readonly ExistingProviderAccount[],
  customers: readonly DistributorCustomer[],
): Promise<Map<string, AutomapDecision>> {
  const byProviderId = new Map(existing.map((e) => [e.providerSpecificId, e]));
  const candidates = customers.filter((c) => automapEligible(byProviderId.get(c.providerSpecificId)));
  if (!candidates.length) return new Map();
  const crmAccounts = await readCrmAccounts(dv, signal);
  const mapped = new Set(existing.filter((e) => e.accountId).map((e) => e.accountId as string));
  return automapToFixpoint(candidates, crmAccounts, mapped);
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
