/**
 * The pure heart of Sync Provider Accounts: from what Dataverse holds, what the distributor listed and
 * what automap decided, the writes to make (only changed columns), the counts and the job items.
 * Rules: upsert by (provider, provider-specific id); keep tenant id and domain where known; mark
 * accounts gone from the distributor as removed (never delete); never touch an existing mapping (a
 * CRM account set, or Excluded, or mapped by a person); report new unmapped accounts.
 */
import { Choices, Tables } from '../../../solution/schema';
import { diff } from '../../dataverse/diff';
import { bind, createRow, updateRow, type Desired, type WriteIntent } from '../../dataverse/intents';
import type { JobItem } from '../../jobs/types';
import type { DistributorCustomer } from '../../providers/types';
import type { AutomapDecision } from '../automap/types';
import { stableId } from '../ids';
import type { ExistingProviderAccount } from './read';

const PA = Tables.providerAccount;
const MS = Choices.mappingStatus;

export interface AccountWrite {
  kind: 'create' | 'update';
  /** The row's id: existing, or the deterministic id a new row gets. */
  id: string;
  providerSpecificId: string;
  name: string;
  intent: WriteIntent;
}

export interface AccountStats {
  listed: number;
  created: number;
  autoMapped: number;
  suggested: number;
  removed: number;
  returned: number;
  unmappedTotal: number;
  newUnmapped: string[];
}

export interface AccountPlan {
  writes: AccountWrite[];
  /** Rows that need no write. */
  unchanged: number;
  items: JobItem[];
  stats: AccountStats;
}

export interface AccountPlanInput {
  providerId: string;
  existing: readonly ExistingProviderAccount[];
  customers: readonly DistributorCustomer[];
  decisions: ReadonlyMap<string, AutomapDecision>;
  /**
   * Customers the distributor listed but we could not read. While there are any, no account is
   * marked removed: an unreadable record may be a customer that is still there. Their ids, where
   * readable, count as listed.
   */
  unreadable?: readonly { id?: string }[];
  now: Date;
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

export function planAccountSync(input: AccountPlanInput): AccountPlan {
  const plan = planCustomers(input);
  const unreadable = input.unreadable ?? [];
  if (unreadable.length) plan.items.push(removalSkipped(unreadable.length));
  else for (const e of unlistedAccounts(input.existing, input.customers)) planRemoved(plan, e);
  return plan;
}

/** The listed customers' rows only: no removal check (a part of a split sync, which sees only its own customers). */
export function planCustomers(input: Omit<AccountPlanInput, 'unreadable'>): AccountPlan {
  const byProviderId = new Map(input.existing.map((e) => [e.providerSpecificId, e]));
  const plan: AccountPlan = { writes: [], unchanged: 0, items: [], stats: emptyStats(input.customers.length) };
  for (const c of input.customers) planCustomer(plan, input, c, byProviderId.get(c.providerSpecificId));
  return plan;
}

/** Accounts the distributor no longer lists that are not marked removed yet. */
export function unlistedAccounts(
  existing: readonly ExistingProviderAccount[],
  customers: readonly DistributorCustomer[],
): ExistingProviderAccount[] {
  const listed = new Set(customers.map((c) => c.providerSpecificId));
  return existing.filter((e) => !listed.has(e.providerSpecificId) && !e.removed);
}

/** The removal writes alone: each account marked "Removed At Provider" (kept, with its mapping). */
export function planRemovals(unlisted: readonly ExistingProviderAccount[]): AccountPlan {
  const plan: AccountPlan = { writes: [], unchanged: 0, items: [], stats: emptyStats(0) };
  for (const e of unlisted) if (!e.removed) planRemoved(plan, e);
  return plan;
}

export function emptyStats(listed: number): AccountStats {
  return {
    listed,
    created: 0,
    autoMapped: 0,
    suggested: 0,
    removed: 0,
    returned: 0,
    unmappedTotal: 0,
    newUnmapped: [],
  };
}

/** What the row should hold: the distributor's facts, and automap's decision where automap may decide. */
function desiredFor(
  plan: AccountPlan,
  c: DistributorCustomer,
  current: ExistingProviderAccount | undefined,
  decision: AutomapDecision | undefined,
): Desired {
  const desired: Desired = { values: { ...customerValues(c) }, lookups: {} };
  if (automapEligible(current) && (!current || decisionChanged(current, decision))) {
    const m = mappingFields(decision);
    Object.assign(desired.values as object, m.values);
    Object.assign(desired.lookups as object, m.lookups);
    if (decision?.decision === 'auto') plan.stats.autoMapped++;
    if (decision?.decision === 'suggest') plan.stats.suggested++;
  }
  return desired;
}

function planCustomer(
  plan: AccountPlan,
  input: Omit<AccountPlanInput, 'unreadable'>,
  c: DistributorCustomer,
  current: ExistingProviderAccount | undefined,
): void {
  const decision = automapEligible(current) ? input.decisions.get(c.providerSpecificId) : undefined;
  const desired = desiredFor(plan, c, current, decision);
  const mappedAfter = Boolean(current?.accountId) || decision?.decision === 'auto';
  if (!mappedAfter && current?.mappingStatus !== MS.Excluded) plan.stats.unmappedTotal++;
  if (!current) return planCreate(plan, input, c, desired, mappedAfter);
  const changes = diff(PA, current.row, desired);
  if (!changes) {
    plan.unchanged++;
    return;
  }
  if (current.removed) {
    plan.stats.returned++;
    plan.items.push({
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
  changes.values[PA.col.lastSeenOn] = input.now.toISOString();
  plan.writes.push({
    kind: 'update',
    id: current.id,
    providerSpecificId: c.providerSpecificId,
    name: c.name,
    intent: updateRow(PA, current.id, changes),
  });
}

function planCreate(
  plan: AccountPlan,
  input: Omit<AccountPlanInput, 'unreadable'>,
  c: DistributorCustomer,
  desired: Desired,
  mappedAfter: boolean,
): void {
  // A deterministic id: a create retried after a crash collides with itself, and items can name the row.
  const id = stableId('provideraccount', input.providerId, c.providerSpecificId);
  const intent = createRow(PA, {
    values: {
      ...desired.values,
      [PA.col.id]: id,
      [PA.col.providerSpecificId]: c.providerSpecificId,
      [PA.col.lastSeenOn]: input.now.toISOString(),
      [PA.col.syncEnabled]: true,
    },
    lookups: { ...desired.lookups, [PA.col.provider]: bind(Tables.provider, input.providerId) },
  });
  plan.writes.push({ kind: 'create', id, providerSpecificId: c.providerSpecificId, name: c.name, intent });
  plan.stats.created++;
  if (mappedAfter) return;
  plan.stats.newUnmapped.push(c.name);
  plan.items.push({
    severity: 'Warning',
    code: 'PROVIDER_ACCOUNT_UNMAPPED',
    message: `New provider account ${c.name} is not mapped to a CRM account yet; its subscriptions will not sync until it is.`,
    recordType: PA.logicalName,
    recordId: id,
    recordName: c.name,
  });
}

function planRemoved(plan: AccountPlan, e: ExistingProviderAccount): void {
  const name = String(e.row[PA.col.name] ?? e.providerSpecificId);
  plan.writes.push({
    kind: 'update',
    id: e.id,
    providerSpecificId: e.providerSpecificId,
    name,
    intent: updateRow(PA, e.id, { values: { [PA.col.removedAtProvider]: true } }),
  });
  plan.stats.removed++;
  plan.items.push({
    severity: 'Warning',
    code: 'PROVIDER_ACCOUNT_REMOVED',
    message: `${name} is no longer listed at the distributor. It is marked "Removed At Provider" and kept, with its mapping.`,
    recordType: PA.logicalName,
    recordId: e.id,
    recordName: name,
  });
}

export function removalSkipped(unreadable: number): JobItem {
  return {
    severity: 'Warning',
    code: 'PROVIDER_ACCOUNT_REMOVAL_CHECK_SKIPPED',
    message: `${unreadable} customer record${unreadable === 1 ? '' : 's'} of the distributor's listing could not be read, so no provider account was marked as removed this time: an unreadable record may be a customer that is still there. Once the listing reads cleanly, the next sync does this check.`,
  };
}
