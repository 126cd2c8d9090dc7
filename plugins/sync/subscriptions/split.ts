/**
 * Sync Subscriptions split into parts: each part is a few customers' subscriptions (listed at the
 * distributor customer by customer, decided and written as one run would), so that any number of
 * workers can share a provider with hundreds of thousands of subscriptions. The plan names the
 * customers (the provider's accounts in Dataverse and, for a whole-provider sync, the distributor's
 * customer list too, so that customers without a provider account are still reported); the final
 * step, once every part is counted, does what needs the whole picture: the "gone" check (only when
 * every part read its listing cleanly), the product mappings and their warnings (one per SKU), and the
 * provider's Last Subscription Sync.
 */
import type { ItemResult, ItemsView, PlanResult, SplitOperation } from '../../jobs/split';
import type { JobContext, OperationResult } from '../../jobs/types';
import type { WorkItemRef } from '../../jobs/work-item';
import type { ProviderConfig, ProviderConnector } from '../../providers/types';
import type { SyncDeps } from '../deps';
import { JobCache } from '../job-cache';
import { loadProvider } from '../provider-config';
import { readExistingSubscriptions } from './existing';
import { finishSubscriptionSync } from './final';
import { isEligible, readReferenceData, type ReferenceData, type ScopeAccount } from './reference';
import { SubscriptionRun } from './run';
import { contractScope, noMappedAccount } from './setup';
import { changesTotal, mergeTotals, skuTotals, type SubscriptionTotals } from './totals';
import { reportWarnings } from './warnings';

export const CUSTOMER_ITEM_KIND = 'customer-subscriptions';

/** What every part of one job decides against, read once per job and worker. */
export interface JobBasics {
  config: ProviderConfig;
  connector: ProviderConnector;
  currencyCode?: string;
  customerId?: string;
  scope?: string;
  ref: ReferenceData;
}

export interface SubscriptionSplitOptions {
  /** Customers per part. Default 25. */
  customersPerItem?: number;
  /** Customers of one part listed at the distributor at once. Default 4. */
  listConcurrency?: number;
}

export async function loadBasics(
  deps: SyncDeps,
  ctx: JobContext,
): Promise<JobBasics | { problem: string; code: string }> {
  const { config, currencyCode } = await loadProvider(deps.dv, ctx.job.providerId, deps.redactor);
  const connector = deps.connectors.create(
    config.internalName,
    deps.connectorDeps(ctx.log, { providerId: config.providerId }),
  );
  const problems = connector.validateConfig(config);
  if (problems.length) return { code: problems[0].code, problem: problems.map((p) => p.message).join(' ') };
  const { customerId, scope } = await contractScope(deps, ctx);
  const ref = await readReferenceData(deps.dv, {
    providerId: config.providerId,
    customerId,
    currencyCode,
    signal: ctx.signal,
  });
  return { config, connector, currencyCode, customerId, scope, ref };
}

/** Every customer id the distributor lists (readable ones); unreadable customer records are the accounts sync's to report. */
async function distributorCustomers(b: JobBasics, ctx: JobContext): Promise<string[]> {
  const ids: string[] = [];
  for await (const parsed of b.connector.listCustomers(b.config, { signal: ctx.signal })) {
    const id = parsed.ok ? parsed.value.providerSpecificId : parsed.problem.id;
    if (id) ids.push(id);
  }
  return ids;
}

/**
 * What planning and the whole-listing run share: the provider's basics read and checked, the currency
 * warning, and the accounts in scope; or the job's result when there is nothing to sync.
 */
export async function prepareSubscriptionSync(
  deps: SyncDeps,
  ctx: JobContext,
): Promise<
  { kind: 'result'; result: OperationResult } | { kind: 'ready'; basics: JobBasics; eligible: ScopeAccount[] }
> {
  ctx.progress(5, 'Reading products, mappings, contracts and accounts in Dataverse');
  const loaded = await loadBasics(deps, ctx);
  if ('problem' in loaded)
    return {
      kind: 'result',
      result: {
        status: 'Failed',
        errorCode: loaded.code,
        summary: `Not synced: the provider's settings need fixing first: ${loaded.problem}`,
      },
    };
  const { ref, config, customerId, scope, currencyCode } = loaded;
  if (currencyCode && !ref.currencyId)
    ctx.item({
      severity: 'Warning',
      code: 'SUBSCRIPTION_CURRENCY_NOT_FOUND',
      message: `The provider's Currency Code ${currencyCode} is not a currency in Dynamics; new subscriptions get no currency until it is added.`,
    });
  const eligible = ref.accounts.filter(isEligible);
  if (customerId && !eligible.length) return { kind: 'result', result: noMappedAccount(ctx, config, scope) };
  return { kind: 'ready', basics: loaded, eligible };
}

/** The plan: the provider's basics (kept for the job's items on this worker) and its customers in parts. */
async function planItems(
  deps: SyncDeps,
  ctx: JobContext,
  options: SubscriptionSplitOptions,
  remember: (b: JobBasics) => void,
): Promise<PlanResult> {
  const prepared = await prepareSubscriptionSync(deps, ctx);
  if (prepared.kind === 'result') return prepared;
  const { basics, eligible } = prepared;
  remember(basics);
  ctx.progress(10, `Waiting for ${basics.config.name} to list customers`);
  // A whole-provider sync also lists the distributor's customers, so that subscriptions of customers
  // with no provider account (or an unmapped one) are reported as a whole listing did.
  const ids = basics.customerId
    ? eligible.map((a) => a.providerSpecificId)
    : [
        ...new Set([
          ...basics.ref.accounts.map((a) => a.providerSpecificId),
          ...(await distributorCustomers(basics, ctx)),
        ]),
      ];
  const size = Math.max(1, options.customersPerItem ?? 25);
  const items: WorkItemRef[] = [];
  for (let i = 0; i < ids.length; i += size)
    items.push({ kind: CUSTOMER_ITEM_KIND, key: '', data: { customers: ids.slice(i, i + size) } });
  return { kind: 'items', items };
}

/** What one run (a part, or the whole listing) adds to the job's totals. */
export function runTotals(run: SubscriptionRun): ItemResult {
  const totals: SubscriptionTotals = {
    listed: run.listed,
    changes: changesTotal(run.changes),
    skus: skuTotals(run.skus),
    gone: run.unreadable.length ? [] : run.goneCandidates(),
    unreadable: run.unreadable.length,
    notSyncedAccounts: [...run.notSynced.values()].filter((n) => n.account).length,
  };
  return { agg: totals, clean: run.unreadable.length === 0 };
}

/** One part: its customers' subscriptions listed, decided and written; what it adds to the job's totals. */
async function runCustomers(
  deps: SyncDeps,
  ctx: JobContext,
  b: JobBasics,
  customers: readonly string[],
  listConcurrency: number,
): Promise<ItemResult> {
  const wanted = new Set(customers);
  const eligible = b.ref.accounts.filter((a) => isEligible(a) && wanted.has(a.providerSpecificId));
  const existing = eligible.length
    ? await readExistingSubscriptions(
        deps.dv,
        b.config.providerId,
        eligible.map((a) => a.id),
        ctx.signal,
      )
    : new Map();
  const run = new SubscriptionRun(deps, ctx, { ...b, eligible, existing });
  let next = 0;
  const lister = async () => {
    while (next < customers.length) {
      const customerId = customers[next++];
      for await (const parsed of b.connector.listSubscriptions(b.config, { signal: ctx.signal, customerId })) {
        if (parsed.ok) await run.handle(parsed.value);
        else await run.skip(parsed.problem);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(listConcurrency, customers.length) }, lister));
  await run.flush();
  reportWarnings(ctx, new Map(), run.contractProblems, run.notSynced);
  return runTotals(run);
}

export function subscriptionSplit(deps: SyncDeps, options: SubscriptionSplitOptions = {}): SplitOperation {
  const cache = new JobCache<JobBasics>();
  const basics = (ctx: JobContext): Promise<JobBasics> =>
    cache.get(ctx.job.id, async () => {
      const loaded = await loadBasics(deps, ctx);
      if ('problem' in loaded) throw new Error(loaded.problem);
      return loaded;
    });

  const plan = (ctx: JobContext) =>
    planItems(deps, ctx, options, (loaded) => {
      cache.forget(ctx.job.id);
      void cache.get(ctx.job.id, async () => loaded);
    });

  const runItem = async (ctx: JobContext, item: WorkItemRef) =>
    runCustomers(
      deps,
      ctx,
      await basics(ctx),
      (item.data?.customers as string[] | undefined) ?? [],
      options.listConcurrency ?? 4,
    );

  async function finish(ctx: JobContext, view: ItemsView) {
    try {
      return await finishSubscriptionSync(deps, ctx, await basics(ctx), view);
    } finally {
      cache.forget(ctx.job.id);
    }
  }

  return {
    plan,
    runItem,
    merge: (into, add) => mergeTotals(into as SubscriptionTotals | undefined, add as SubscriptionTotals | undefined),
    finish,
  };
}
