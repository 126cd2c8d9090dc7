/**
 * Sync Subscriptions as a job, for a whole provider (nightly or from the provider) or for one billing
 * contract (only that contract's customer). Streams the distributor's subscriptions, decides each one
 * against Dataverse, and writes change sets in $batch requests of up to 1,000 operations as it goes, so
 * memory stays flat however many subscriptions a provider has.
 */
import { Tables } from '../../../solution/schema';
import type { JobContext, JobItem, OperationHandler, OperationResult } from '../../jobs/types';
import { writeUnits, type WriteUnit } from '../../dataverse/writer';
import { W365Error } from '../../../common/errors';
import type { DistributorSubscription } from '../../providers/types';
import type { SyncDeps } from '../deps';
import { loadProvider } from '../provider-config';
import { BILLING_CYCLE_VALUES, decideGone, decideSubscription, type ContractResolution, type Decision } from './decide';
import { readExistingSubscriptions } from './existing';
import { planProductMappings, recordSku, resolveProduct, type SkuSeen } from './products';
import { readReferenceData, type ScopeAccount } from './reference';
import { ChangeList, subscriptionSummary } from './summary';

export const SubscriptionErrorCodes = {
  ContractNotFound: 'SUBSCRIPTION_CONTRACT_NOT_FOUND',
} as const;

/** Operations buffered before a flush: four $batch requests of 1,000 in flight at once. */
const FLUSH_AT_OPERATIONS = 4000;

export interface SubscriptionSyncOutcome extends OperationResult {
  writes: number;
}

export async function syncSubscriptions(deps: SyncDeps, ctx: JobContext): Promise<SubscriptionSyncOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const { config, currencyCode } = await loadProvider(deps.dv, ctx.job.providerId, deps.redactor);
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

  let customerId: string | undefined;
  let scope: string | undefined;
  if (ctx.job.billingContractId) {
    const BC = Tables.billingContract;
    const contract = await deps.dv.retrieve(BC.entitySetName, ctx.job.billingContractId, [
      BC.col.name,
      BC.val.customer,
    ]);
    if (!contract)
      throw new W365Error(
        SubscriptionErrorCodes.ContractNotFound,
        `Billing contract ${ctx.job.billingContractId} does not exist.`,
      );
    customerId = (contract[BC.val.customer] as string | null) ?? undefined;
    scope = `billing contract ${String(contract[BC.col.name])}`;
    if (!customerId)
      throw new W365Error(
        SubscriptionErrorCodes.ContractNotFound,
        `Billing contract ${String(contract[BC.col.name])} has no customer.`,
      );
  }

  ctx.progress(5, 'Reading products, mappings, contracts and accounts');
  const ref = await readReferenceData(deps.dv, {
    providerId: config.providerId,
    customerId,
    currencyCode,
    signal: ctx.signal,
  });
  if (currencyCode && !ref.currencyId) {
    ctx.item({
      severity: 'Warning',
      code: 'SUBSCRIPTION_CURRENCY_NOT_FOUND',
      message: `The provider's Currency Code ${currencyCode} is not a currency in Dynamics; new subscriptions get no currency until it is added.`,
    });
  }
  const eligible = ref.accounts.filter((a) => a.accountId && a.syncEnabled && !a.excluded);
  const byCustomer = new Map(ref.accounts.map((a) => [a.providerSpecificId, a]));
  if (customerId && !eligible.length) {
    ctx.item({
      severity: 'Warning',
      code: 'SUBSCRIPTION_NO_MAPPED_ACCOUNT',
      message: `The customer of this ${scope} is not mapped to any enabled provider account of ${config.name}: map it on the Provider form, then sync again.`,
    });
    return {
      summary: `Nothing synced: the customer of this ${scope} has no mapped, enabled provider account at ${config.name}.`,
      writes: 0,
    };
  }

  ctx.progress(10, 'Reading subscriptions in Dataverse');
  const existing = await readExistingSubscriptions(
    deps.dv,
    config.providerId,
    customerId ? eligible.map((a) => a.id) : undefined,
    ctx.signal,
  );

  const units: WriteUnit<Decision>[] = [];
  let buffered = 0;
  let writes = 0;
  const failures: { decision: Decision; message: string }[] = [];
  const flush = async () => {
    if (!units.length) return;
    const batch = units.splice(0);
    buffered = 0;
    for (const r of await writeUnits(deps.dv, batch, {
      signal: ctx.signal,
      maxOperationsPerBatch: deps.writes?.maxOperationsPerBatch,
      concurrentBatches: deps.writes?.concurrentBatches,
    })) {
      if (r.ok) writes += r.tag.operations.length;
      else
        failures.push({
          decision: r.tag,
          message: `${r.error?.message ?? 'unknown error'} (${r.error?.code || r.error?.status})`,
        });
    }
  };
  const queue = async (d: Decision) => {
    if (!d.operations.length) return;
    units.push({ operations: d.operations, tag: d });
    buffered += d.operations.length;
    if (buffered >= (deps.writes?.flushAtOperations ?? FLUSH_AT_OPERATIONS)) await flush();
  };

  const created = new ChangeList();
  const quantityChanged = new ChangeList();
  const suspended = new ChangeList();
  const reactivated = new ChangeList();
  let updatedOther = 0;
  const skus = new Map<string, SkuSeen>();
  const seen = new Set<string>();
  const notSynced = new Map<string, { account?: ScopeAccount; customerId: string; count: number }>();
  const contractProblems = new Map<string, { account: ScopeAccount; resolution: ContractResolution; count: number }>();
  let listed = 0;

  const handle = async (sub: DistributorSubscription) => {
    listed++;
    const account = byCustomer.get(sub.customerId);
    if (!account || !account.accountId || !account.syncEnabled || account.excluded) {
      const key = sub.customerId;
      const entry = notSynced.get(key) ?? { account, customerId: key, count: 0 };
      entry.count++;
      notSynced.set(key, entry);
      ctx.counts.skipped++;
      return;
    }
    if (seen.has(sub.providerSubscriptionId)) {
      ctx.counts.skipped++;
      ctx.item({
        severity: 'Warning',
        code: 'SUBSCRIPTION_DUPLICATE',
        message: `The distributor listed subscription ${sub.providerSubscriptionId} twice; the second was skipped.`,
      });
      return;
    }
    seen.add(sub.providerSubscriptionId);
    const product = resolveProduct(sub.sku, ref, config.providerId);
    recordSku(skus, sub, product, sub.billingCycle ? BILLING_CYCLE_VALUES[sub.billingCycle] : undefined);
    const contracts = ref.defaultContractsByCustomer.get(account.accountId) ?? [];
    const contract: ContractResolution =
      contracts.length === 1
        ? { kind: 'default', id: contracts[0] }
        : contracts.length === 0
          ? { kind: 'none' }
          : { kind: 'several', count: contracts.length };
    if (contract.kind !== 'default') {
      const entry = contractProblems.get(account.id) ?? { account, resolution: contract, count: 0 };
      entry.count++;
      contractProblems.set(account.id, entry);
    }
    const d = decideSubscription({
      providerId: config.providerId,
      jobId: ctx.job.id,
      sub,
      account,
      existing: existing.get(sub.providerSubscriptionId),
      product,
      contract,
      currencyId: ref.currencyId,
      now,
    });
    for (const item of d.items) ctx.item(item);
    const line = { name: d.name, customer: account.name, from: d.change.quantityFrom, to: d.change.quantityTo };
    if (d.kind === 'create') {
      ctx.counts.created++;
      created.push(line);
    } else if (d.kind === 'update') {
      ctx.counts.updated++;
      if (d.change.quantityFrom !== d.change.quantityTo) quantityChanged.push(line);
      if (d.change.suspended) suspended.push(line);
      if (d.change.reactivated) reactivated.push(line);
      if (d.change.quantityFrom === d.change.quantityTo && !d.change.suspended && !d.change.reactivated) updatedOther++;
    } else ctx.counts.unchanged++;
    await queue(d);
    if (listed % 1000 === 0) ctx.progress(15 + Math.min(60, listed / 1000), `Processed ${listed} subscriptions`);
  };

  ctx.progress(15, `Listing subscriptions at ${config.name}`);
  const listings = customerId
    ? eligible.map((a) => connector.listSubscriptions(config, { signal: ctx.signal, customerId: a.providerSpecificId }))
    : [connector.listSubscriptions(config, { signal: ctx.signal })];
  for (const listing of listings) {
    for await (const parsed of listing) {
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
      await handle(parsed.value);
    }
  }

  // Only a complete listing can say a subscription is gone (a listing that failed has thrown by now).
  const eligibleIds = new Set(eligible.map((a) => a.id));
  for (const e of existing.values()) {
    if (seen.has(e.providerSubscriptionId) || !e.providerAccountId || !eligibleIds.has(e.providerAccountId)) continue;
    const d = decideGone(e, ctx.job.id, now);
    if (!d) continue;
    ctx.counts.updated++;
    suspended.push({
      name: e.name,
      customer: ref.accounts.find((a) => a.id === e.providerAccountId)?.name ?? '',
      to: e.quantity,
    });
    ctx.item({
      severity: 'Warning',
      code: 'SUBSCRIPTION_GONE_AT_PROVIDER',
      message: `${e.name} is no longer listed at the distributor: it was marked Suspended (kept, never deleted).`,
      recordType: Tables.subscription.logicalName,
      recordId: e.id,
      recordName: e.name,
    });
    await queue(d);
  }

  for (const op of planProductMappings(config.providerId, skus.values(), ref)) {
    units.push({
      operations: [op],
      tag: {
        kind: 'update',
        subscriptionId: '',
        name: 'product mapping',
        operations: [op],
        items: [],
        change: { quantityTo: 0, suspended: false, reactivated: false },
      },
    });
  }
  ctx.progress(80, 'Writing changes');
  await flush();

  for (const f of failures) {
    ctx.counts.failed++;
    if (f.decision.kind === 'create') ctx.counts.created--;
    else if (f.decision.subscriptionId) ctx.counts.updated--;
    ctx.item({
      severity: 'Error',
      code: 'SUBSCRIPTION_WRITE_FAILED',
      message: `Could not save ${f.decision.name}: ${f.message}. Nothing of it was written; the next sync tries again.`,
      recordType: Tables.subscription.logicalName,
      recordId: f.decision.subscriptionId || undefined,
      recordName: f.decision.name,
    });
  }
  reportWarnings(ctx, skus, contractProblems, notSynced);
  if (!customerId)
    await deps.dv.update(Tables.provider.entitySetName, config.providerId, {
      [Tables.provider.col.lastSubscriptionSyncOn]: now.toISOString(),
    });

  const summary = subscriptionSummary({
    providerName: config.name,
    scope,
    listed,
    created,
    quantityChanged,
    suspended,
    reactivated,
    updatedOther,
    unchanged: ctx.counts.unchanged,
    skipped: ctx.counts.skipped,
    failed: ctx.counts.failed,
    warnings: ctx.warningCount,
    notSyncedAccounts: [...notSynced.values()].filter((n) => n.account).length,
  });
  return {
    summary,
    writes,
    result: {
      created: created.length,
      quantityChanged: quantityChanged.length,
      suspended: suspended.length,
      reactivated: reactivated.length,
    },
  };
}

function reportWarnings(
  ctx: JobContext,
  skus: Map<string, SkuSeen>,
  contractProblems: Map<string, { account: ScopeAccount; resolution: ContractResolution; count: number }>,
  notSynced: Map<string, { account?: ScopeAccount; customerId: string; count: number }>,
): void {
  const items: JobItem[] = [];
  for (const s of skus.values()) {
    if (s.resolution.kind === 'none') {
      items.push({
        severity: 'Warning',
        code: 'SUBSCRIPTION_UNMAPPED_SKU',
        message: `SKU ${s.sku} (${s.description}) matches no product: ${s.subscriptions} subscription${s.subscriptions === 1 ? '' : 's'} have no product. Map it once in Product Mappings, or set a product's Provider Part Number to ${s.sku}; the next sync fills every customer's subscriptions.`,
        recordType: Tables.productMapping.logicalName,
        recordName: s.sku,
        providerValue: s.description,
      });
    } else if (s.resolution.kind === 'ambiguous') {
      items.push({
        severity: 'Warning',
        code: 'SUBSCRIPTION_AMBIGUOUS_PRODUCT',
        message: `SKU ${s.sku} is the Provider Part Number of ${s.resolution.candidates.length} products (${s.resolution.candidates.map((p) => p.name).join('; ')}): pick one in Product Mappings.`,
        recordType: Tables.productMapping.logicalName,
        recordName: s.sku,
      });
    }
  }
  for (const c of contractProblems.values()) {
    const why =
      c.resolution.kind === 'several'
        ? `has ${c.resolution.count} default billing contracts`
        : 'has no default billing contract';
    items.push({
      severity: 'Warning',
      code: 'SUBSCRIPTION_NO_BILLING_CONTRACT',
      message: `${c.account.name} ${why}, so ${c.count} subscription${c.count === 1 ? '' : 's'} were left without one. Mark exactly one contract of the customer as default, or set the contract on the subscriptions.`,
      recordType: Tables.providerAccount.logicalName,
      recordId: c.account.id,
      recordName: c.account.name,
    });
  }
  for (const n of notSynced.values()) {
    if (n.account && n.account.accountId && (!n.account.syncEnabled || n.account.excluded)) continue; // disabled on purpose
    if (n.account) {
      items.push({
        severity: 'Warning',
        code: 'SUBSCRIPTION_UNMAPPED_ACCOUNT',
        message: `Provider account ${n.account.name} is not mapped to a CRM account: its ${n.count} subscription${n.count === 1 ? '' : 's'} were not synced.`,
        recordType: Tables.providerAccount.logicalName,
        recordId: n.account.id,
        recordName: n.account.name,
      });
    } else {
      items.push({
        severity: 'Warning',
        code: 'SUBSCRIPTION_UNKNOWN_CUSTOMER',
        message: `Customer ${n.customerId} at the distributor has no provider account yet: run Sync Provider Accounts. ${n.count} subscription${n.count === 1 ? ' was' : 's were'} not synced.`,
        recordName: n.customerId,
      });
    }
  }
  for (const item of items) ctx.item(item);
}

export function syncSubscriptionsOperation(deps: SyncDeps): OperationHandler {
  return (ctx) => syncSubscriptions(deps, ctx);
}
