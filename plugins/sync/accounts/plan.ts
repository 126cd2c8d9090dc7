/**
 * The pure heart of Sync Provider Accounts: from what Dataverse holds, what the distributor listed and
 * what automap decided, the writes to make (only changed columns), the counts and the job items.
 * Rules: upsert by (provider, provider-specific id); keep tenant id and domain where known; mark
 * accounts gone from the distributor as removed (never delete); never touch an existing mapping (a
 * CRM account set, or Excluded, or mapped by a person); report new unmapped accounts.
 */
import { Choices, Tables } from '../../../solution/schema';
import type { Row } from '../../dataverse/client';
import { diff, toBody, type Desired } from '../../dataverse/diff';
import type { JobCounts, JobItem } from '../../jobs/types';
import type { DistributorCustomer } from '../../providers/types';
import type { AutomapDecision } from '../automap/types';
import type { ExistingProviderAccount } from './read';

const PA = Tables.providerAccount;
const MS = Choices.mappingStatus;

export interface AccountWrite {
  kind: 'create' | 'update';
  /** Existing row id for updates. */
  id?: string;
  providerSpecificId: string;
  name: string;
  body: Row;
}

export interface AccountPlan {
  writes: AccountWrite[];
  counts: JobCounts;
  items: JobItem[];
  stats: {
    listed: number;
    created: number;
    autoMapped: number;
    suggested: number;
    removed: number;
    returned: number;
    unmappedTotal: number;
    newUnmapped: string[];
  };
}

/** Whether automap may (re)decide this row: never when it has a mapping, is excluded, or a person decided. */
export function automapEligible(e: ExistingProviderAccount | undefined): boolean {
  if (!e) return true;
  if (e.accountId) return false;
  if (e.mappingStatus === MS.Mapped || e.mappingStatus === MS.Excluded) return false;
  if (e.mappingSource === Choices.mappingSource.Person) return false;
  return !e.removed;
}

/**
 * Whether automap's decision differs from what the row holds. Only the decision (status, account,
 * suggested account) counts: a reworded reason or a score that moved because other accounts were mapped
 * in the meantime is not worth a write, so a rerun with nothing new writes nothing.
 */
export function decisionChanged(e: ExistingProviderAccount, decision: AutomapDecision | undefined): boolean {
  const suggested = (e.row[PA.val.suggestedAccount] as string | null) ?? undefined;
  const status =
    !decision || decision.decision === 'none' ? MS.NotSetup : decision.decision === 'auto' ? MS.Mapped : MS.Suggested;
  if (status !== e.mappingStatus) return true;
  if (decision?.decision === 'auto') return true; // an unmapped row that now maps
  if (decision?.decision === 'suggest')
    return (suggested ?? '').toLowerCase() !== (decision.crmAccountId ?? '').toLowerCase();
  return false;
}

function customerValues(c: DistributorCustomer): Desired['values'] {
  // `undefined` leaves a column as it is: a tenant id or domain we knew is kept when the distributor stops telling it.
  return {
    [PA.col.name]: c.name.slice(0, 400),
    [PA.col.tenantId]: c.tenantId,
    [PA.col.primaryDomain]: c.primaryDomain,
    [PA.col.email]: c.email,
    [PA.col.providerStatus]: c.status,
    [PA.col.removedAtProvider]: false,
  };
}

function mappingFields(decision: AutomapDecision | undefined): Desired {
  const account = Tables.account;
  if (!decision || decision.decision === 'none') {
    return {
      values: {
        [PA.col.mappingStatus]: MS.NotSetup,
        [PA.col.matchScore]: decision && decision.score > 0 ? decision.score : null,
        [PA.col.matchReason]: decision?.reason.slice(0, 500) ?? null,
        [PA.col.matchCode]: decision?.reasonCode ?? null,
      },
    };
  }
  if (decision.decision === 'auto') {
    return {
      values: {
        [PA.col.mappingStatus]: MS.Mapped,
        [PA.col.mappingSource]: Choices.mappingSource.Automap,
        [PA.col.matchScore]: decision.score,
        [PA.col.matchReason]: decision.reason.slice(0, 500),
        [PA.col.matchCode]: decision.reasonCode,
      },
      lookups: { [PA.col.account]: { table: account, id: decision.crmAccountId as string } },
    };
  }
  return {
    values: {
      [PA.col.mappingStatus]: MS.Suggested,
      [PA.col.matchScore]: decision.score,
      [PA.col.matchReason]: decision.reason.slice(0, 500),
      [PA.col.matchCode]: decision.reasonCode,
    },
    lookups: { [PA.col.suggestedAccount]: { table: account, id: decision.crmAccountId as string } },
  };
}

export function planAccountSync(input: {
  providerId: string;
  existing: readonly ExistingProviderAccount[];
  customers: readonly DistributorCustomer[];
  decisions: ReadonlyMap<string, AutomapDecision>;
  now: Date;
}): AccountPlan {
  const { existing, customers, decisions } = input;
  const byProviderId = new Map(existing.map((e) => [e.providerSpecificId, e]));
  const counts: JobCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  const items: JobItem[] = [];
  const writes: AccountWrite[] = [];
  const stats: AccountPlan['stats'] = {
    listed: customers.length,
    created: 0,
    autoMapped: 0,
    suggested: 0,
    removed: 0,
    returned: 0,
    unmappedTotal: 0,
    newUnmapped: [],
  };
  const seen = new Set<string>();
  const nowIso = input.now.toISOString();
  const provider = { table: Tables.provider, id: input.providerId };

  for (const c of customers) {
    seen.add(c.providerSpecificId);
    const current = byProviderId.get(c.providerSpecificId);
    const decision = automapEligible(current) ? decisions.get(c.providerSpecificId) : undefined;
    const desired: Desired = { values: { ...customerValues(c) }, lookups: {} };
    if (automapEligible(current) && (!current || decisionChanged(current, decision))) {
      const m = mappingFields(decision);
      Object.assign(desired.values as object, m.values);
      Object.assign(desired.lookups as object, m.lookups);
      if (decision?.decision === 'auto') stats.autoMapped++;
      if (decision?.decision === 'suggest') stats.suggested++;
    }
    const mappedAfter = Boolean(current?.accountId) || decision?.decision === 'auto';
    const excluded = current?.mappingStatus === MS.Excluded;
    if (!mappedAfter && !excluded) stats.unmappedTotal++;
    if (!current) {
      const body = toBody(PA, {
        values: {
          ...desired.values,
          [PA.col.providerSpecificId]: c.providerSpecificId,
          [PA.col.lastSeenOn]: nowIso,
          [PA.col.syncEnabled]: true,
        },
        lookups: { ...desired.lookups, [PA.col.provider]: provider },
      });
      writes.push({ kind: 'create', providerSpecificId: c.providerSpecificId, name: c.name, body });
      counts.created++;
      stats.created++;
      if (!mappedAfter) stats.newUnmapped.push(c.name);
      continue;
    }
    const patch = diff(PA, current.row, desired);
    if (!patch) {
      counts.unchanged++;
      continue;
    }
    if (current.removed) {
      stats.returned++;
      items.push({
        severity: 'Info',
        code: 'PROVIDER_ACCOUNT_RETURNED',
        message: `${c.name} is listed at the distributor again.`,
        recordType: PA.logicalName,
        recordId: current.id,
        recordName: c.name,
      });
    }
    // "Last seen" moves only with a change, so that a rerun with nothing new writes nothing; the
    // provider's Last Account Sync says when every listed account was last confirmed.
    patch[PA.col.lastSeenOn] = nowIso;
    writes.push({
      kind: 'update',
      id: current.id,
      providerSpecificId: c.providerSpecificId,
      name: c.name,
      body: patch,
    });
    counts.updated++;
  }

  for (const e of existing) {
    if (seen.has(e.providerSpecificId) || e.removed) continue;
    const name = String(e.row[PA.col.name] ?? e.providerSpecificId);
    writes.push({
      kind: 'update',
      id: e.id,
      providerSpecificId: e.providerSpecificId,
      name,
      body: { [PA.col.removedAtProvider]: true },
    });
    counts.updated++;
    stats.removed++;
    items.push({
      severity: 'Warning',
      code: 'PROVIDER_ACCOUNT_REMOVED',
      message: `${name} is no longer listed at the distributor. It is marked "Removed At Provider" and kept, with its mapping.`,
      recordType: PA.logicalName,
      recordId: e.id,
      recordName: name,
    });
  }

  for (const name of stats.newUnmapped) {
    items.push({
      severity: 'Warning',
      code: 'PROVIDER_ACCOUNT_UNMAPPED',
      message: `New provider account ${name} is not mapped to a CRM account yet; its subscriptions will not sync until it is.`,
      recordType: PA.logicalName,
      recordName: name,
    });
  }
  return { writes, counts, items, stats };
}
