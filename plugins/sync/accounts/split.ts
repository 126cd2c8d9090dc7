/**
 * Sync Provider Accounts split into parts, so that the writes of a provider with thousands of
 * customers are shared by every worker (the first sync of a partner creates a row per customer).
 *
 * What needs the whole listing stays in the planning: the distributor's customers are listed once,
 * automap decides over all of them at once (a CRM account is given to one provider account only, and
 * "contested" needs every candidate), and the accounts no longer listed are found. Each part then
 * carries a few customers as listed, with automap's decisions for them, and plans its own rows against
 * them as they stand when it runs: a part run twice, or after a person mapped one of its accounts in
 * the meantime, writes nothing a person decided and nothing twice (creates have deterministic ids and
 * are planned as updates once the row exists). Parts of accounts no longer listed mark them removed.
 * Customers that need no write are only counted: a rerun with nothing new sends no part at all.
 *
 * A part's customers travel in its queue message, which Azure Storage caps at 64 KiB: parts are cut
 * by size as well as by count.
 */
import type { ItemResult, ItemsView, PlanResult, SplitOperation } from '../../jobs/split';
import type { JobContext, OperationResult } from '../../jobs/types';
import type { WorkItemRef } from '../../jobs/work-item';
import type { DistributorCustomer } from '../../providers/types';
import type { AutomapDecision } from '../automap/types';
import type { SyncDeps } from '../deps';
import { loadProvider, requireProviderId } from '../provider-config';
import { readAndDecide } from './listing';
import { accountsConnector, endAccountSync, writeAccounts, type AccountOutcome } from './operation';
import { emptyStats, planCustomers, planRemovals, removalSkipped, unlistedAccounts, type AccountPlan } from './plan';
import { readProviderAccountsIn } from './read';

export const ACCOUNTS_ITEM_KIND = 'provider-accounts';
export const REMOVED_ITEM_KIND = 'provider-accounts-removed';

/**
 * JSON bytes of one part's data at most: base64 makes it 4/3 larger, and with the envelope it stays
 * well under the queue's 64 KiB (a customer with its decision is 0.3 to 1.5 KB).
 */
export const MAX_ITEM_DATA_BYTES = 36 * 1024;

export interface AccountSplitOptions {
  /** Customers per part at most (parts are also cut at `MAX_ITEM_DATA_BYTES`). Default 100. */
  accountsPerItem?: number;
}

/**
 * The job's running total: what the planning counted, and what every part adds. `newUnmapped` keeps
 * the first few names only (the summary shows five).
 */
export type AccountTotals = AccountOutcome;

const SHOWN_NAMES = 5;

function emptyTotals(): AccountTotals {
  return { ...emptyStats(0), newUnmappedCount: 0, writes: 0, failedWrites: 0 };
}

export function mergeAccountTotals(into?: AccountTotals, add?: AccountTotals): AccountTotals {
  const a = into ?? emptyTotals();
  if (!add) return a;
  const sum = (k: keyof Omit<AccountTotals, 'newUnmapped'>) => a[k] + add[k];
  return {
    listed: sum('listed'),
    created: sum('created'),
    autoMapped: sum('autoMapped'),
    suggested: sum('suggested'),
    removed: sum('removed'),
    returned: sum('returned'),
    unmappedTotal: sum('unmappedTotal'),
    newUnmapped: [...a.newUnmapped, ...add.newUnmapped].slice(0, SHOWN_NAMES),
    newUnmappedCount: sum('newUnmappedCount'),
    writes: sum('writes'),
    failedWrites: sum('failedWrites'),
  };
}

/** What one part adds (its customers were counted as listed by the planning). */
function totalsOf(plan: AccountPlan, failedWrites: number): AccountTotals {
  const s = plan.stats;
  return {
    ...s,
    listed: 0,
    newUnmapped: s.newUnmapped.slice(0, SHOWN_NAMES),
    newUnmappedCount: s.newUnmapped.length,
    writes: plan.writes.length,
    failedWrites,
  };
}

/** Values cut into runs of at most `maxCount`, each at most `maxBytes` of JSON (one value alone may be more). */
export function chunkBySize<T>(values: readonly T[], maxCount: number, maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const v of values) {
    const size = Buffer.byteLength(JSON.stringify(v)) + 1;
    if (current.length && (current.length >= maxCount || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(v);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

interface CustomerPart {
  customer: DistributorCustomer;
  decision?: AutomapDecision;
}

/**
 * The planning: the customers listed and decided once, those needing no write counted, the others in
 * parts, and the accounts no longer listed in parts of their own.
 */
async function planParts(deps: SyncDeps, ctx: JobContext, options: AccountSplitOptions): Promise<PlanResult> {
  const loaded = await accountsConnector(deps, ctx);
  if ('result' in loaded) return { kind: 'result', result: loaded.result };
  const { config } = loaded;
  const { existing, listing, decisions } = await readAndDecide(deps, ctx, loaded, [2, 4, 12]);
  const input = { providerId: config.providerId, existing, decisions, now: (deps.now ?? (() => new Date()))() };

  const changed = new Set(
    planCustomers({ ...input, customers: listing.customers }).writes.map((w) => w.providerSpecificId),
  );
  const quiet = planCustomers({
    ...input,
    customers: listing.customers.filter((c) => !changed.has(c.providerSpecificId)),
  });
  ctx.tally.add('unchanged', quiet.unchanged);
  if (listing.unreadable.length) ctx.item(removalSkipped(listing.unreadable.length));

  const parts = listing.customers
    .filter((c) => changed.has(c.providerSpecificId))
    .map((customer): CustomerPart => {
      const decision = decisions.get(customer.providerSpecificId);
      return decision ? { customer, decision } : { customer };
    });
  // While any record is unreadable, no account is marked removed (one may be a customer still there).
  const unlisted = listing.unreadable.length ? [] : unlistedAccounts(existing, listing.customers);
  return {
    kind: 'items',
    items: [...customerItems(parts, options), ...removedItems(unlisted.map((e) => e.id))],
    agg: { ...emptyTotals(), listed: listing.customers.length, unmappedTotal: quiet.stats.unmappedTotal },
  };
}

function customerItems(parts: readonly CustomerPart[], options: AccountSplitOptions): WorkItemRef[] {
  const size = Math.max(1, options.accountsPerItem ?? 100);
  return chunkBySize(parts, size, MAX_ITEM_DATA_BYTES).map((chunk) => ({
    kind: ACCOUNTS_ITEM_KIND,
    key: '',
    data: { customers: chunk },
  }));
}

/** Row ids only (36 characters each): 500 a part stay far under the message cap. */
function removedItems(ids: readonly string[]): WorkItemRef[] {
  const items: WorkItemRef[] = [];
  for (let i = 0; i < ids.length; i += 500)
    items.push({ kind: REMOVED_ITEM_KIND, key: '', data: { ids: ids.slice(i, i + 500) } });
  return items;
}

/** One part's customers, planned against their rows as they stand now, and written. */
async function runCustomersPart(deps: SyncDeps, ctx: JobContext, parts: readonly CustomerPart[]): Promise<ItemResult> {
  const providerId = requireProviderId(ctx.job.providerId);
  const customers = parts.map((p) => p.customer);
  const existing = await readProviderAccountsIn(
    deps.dv,
    providerId,
    'providerSpecificId',
    customers.map((c) => c.providerSpecificId),
    ctx.signal,
  );
  // Planning's decisions stand only for rows automap may still decide: planCustomers ignores one for a
  // row a person mapped or excluded since.
  const decisions = new Map<string, AutomapDecision>();
  for (const p of parts) if (p.decision) decisions.set(p.customer.providerSpecificId, p.decision);
  const now = (deps.now ?? (() => new Date()))();
  const plan = planCustomers({ providerId, existing, customers, decisions, now });
  return writePart(deps, ctx, plan);
}

/** One part of accounts no longer listed: each marked removed unless it already is. */
async function runRemovedPart(deps: SyncDeps, ctx: JobContext, ids: readonly string[]): Promise<ItemResult> {
  const current = await readProviderAccountsIn(deps.dv, requireProviderId(ctx.job.providerId), 'id', ids, ctx.signal);
  return writePart(deps, ctx, planRemovals(current));
}

async function writePart(deps: SyncDeps, ctx: JobContext, plan: AccountPlan): Promise<ItemResult> {
  for (const item of plan.items) ctx.item(item);
  ctx.tally.add('unchanged', plan.unchanged);
  const failed = await writeAccounts(deps, ctx, plan);
  return { agg: totalsOf(plan, failed), clean: true };
}

async function finishAccountSync(deps: SyncDeps, ctx: JobContext, view: ItemsView): Promise<OperationResult> {
  const { config } = await loadProvider(deps.dv, ctx.job.providerId, deps.redactor);
  return endAccountSync(deps, ctx, config, (view.agg as AccountTotals | undefined) ?? emptyTotals());
}

export function accountSplit(deps: SyncDeps, options: AccountSplitOptions = {}): SplitOperation {
  return {
    plan: (ctx) => planParts(deps, ctx, options),
    runItem: (ctx, item) =>
      item.kind === REMOVED_ITEM_KIND
        ? runRemovedPart(deps, ctx, (item.data?.ids as string[] | undefined) ?? [])
        : runCustomersPart(deps, ctx, (item.data?.customers as CustomerPart[] | undefined) ?? []),
    merge: (into, add) => mergeAccountTotals(into as AccountTotals | undefined, add as AccountTotals | undefined),
    finish: (ctx, view) => finishAccountSync(deps, ctx, view),
  };
}
