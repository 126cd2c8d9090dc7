/**
 * One distributor subscription against what Dataverse holds: the change set to write (the subscription
 * and its License Change Log entries together, so a crash can never leave one without the other), the
 * job items it raises, and what changed for the summary. Pure: no I/O.
 *
 * Rules: quantity, status, dates and the distributor's facts follow the distributor; the customer
 * follows the provider account's mapping; price and cost come from the catalog on create (and fill an
 * empty price later); a price, cost, product or billing contract a person changed since the last sync
 * is never overwritten, only reported as a difference; the name follows the distributor's description
 * only when the account's Sync Description is Always On.
 */
import { Choices, Tables } from '../../../solution/schema';
import type { BatchOperation } from '../../dataverse/batch';
import type { Row } from '../../dataverse/client';
import { diff, sameValue, toBody, type Desired, type Scalar } from '../../dataverse/diff';
import type { JobItem } from '../../jobs/types';
import type { BillingCycleName, DistributorSubscription, SubscriptionStatusName } from '../../providers/types';
import type { ExistingSubscription, SyncedValues } from './existing';
import { stableId } from './ids';
import { etagVersion, logEntryBody, type LogEntryInput } from './license-log';
import type { ProductResolution } from './products';
import type { ScopeAccount } from './reference';

const S = Tables.subscription;
const SS = Choices.subscriptionStatus;

export const STATUS_VALUES: Record<SubscriptionStatusName, number> = {
  active: SS.Active,
  suspended: SS.Suspended,
  cancelled: SS.Cancelled,
  expired: SS.Expired,
  pending: SS.Pending,
};

export const BILLING_CYCLE_VALUES: Record<BillingCycleName, number> = {
  monthly: Choices.billingCycle.Monthly,
  annual: Choices.billingCycle.Annual,
  triennial: Choices.billingCycle.Triennial,
  onetime: Choices.billingCycle.OneTime,
  none: Choices.billingCycle.None,
};

const LIVE = new Set<number>([SS.Active, SS.Pending]);

export type ContractResolution =
  { kind: 'default'; id: string } | { kind: 'none' } | { kind: 'several'; count: number };

export interface DecisionInput {
  providerId: string;
  jobId?: string;
  sub: DistributorSubscription;
  account: ScopeAccount;
  existing?: ExistingSubscription;
  product: ProductResolution;
  contract: ContractResolution;
  currencyId?: string;
  now: Date;
}

export interface Decision {
  kind: 'create' | 'update' | 'unchanged';
  subscriptionId: string;
  name: string;
  operations: BatchOperation[];
  items: JobItem[];
  change: { quantityFrom?: number; quantityTo: number; suspended: boolean; reactivated: boolean };
}

const dateOnly = (v: string | undefined) => (v ? v.slice(0, 10) : undefined);

function productOf(p: ProductResolution) {
  return p.kind === 'mapping' || p.kind === 'partnumber' ? p.product : undefined;
}

function distributorFacts(sub: DistributorSubscription): Record<string, Scalar | undefined> {
  return {
    [S.col.quantity]: sub.quantity,
    [S.col.subscriptionStatus]: STATUS_VALUES[sub.status],
    [S.col.microsoftSubscriptionId]: sub.microsoftSubscriptionId,
    [S.col.providerPartNumber]: sub.sku,
    [S.col.productDescription]: sub.description.slice(0, 500),
    [S.col.billingCycle]: sub.billingCycle ? BILLING_CYCLE_VALUES[sub.billingCycle] : undefined,
    [S.col.term]: sub.term,
    [S.col.startDate]: dateOnly(sub.startDate),
    [S.col.endDate]: dateOnly(sub.endDate),
    [S.col.renewalDate]: dateOnly(sub.renewalDate),
    [S.col.autoRenew]: sub.autoRenew,
    [S.col.removedAtProvider]: false,
  };
}

/** Whether a person changed a tracked column since the service last wrote it. */
function handEdited(
  current: string | number | undefined,
  lastWritten: string | number | null | undefined,
  money: boolean,
): boolean {
  if (lastWritten === undefined) return current !== undefined; // set by someone else, never by us
  const a = current ?? null;
  const b = lastWritten ?? null;
  if (a === null || b === null) return a !== b;
  if (money) return Math.round(Number(a) * 10000) !== Math.round(Number(b) * 10000);
  return String(a).toLowerCase() !== String(b).toLowerCase();
}

export function decideSubscription(input: DecisionInput): Decision {
  const { sub, account, existing, providerId } = input;
  const product = productOf(input.product);
  const contractId = input.contract.kind === 'default' ? input.contract.id : undefined;
  const items: JobItem[] = [];
  const nowIso = input.now.toISOString();
  const displayName = (sub.description || sub.sku).slice(0, 400);
  const record = (id: string | undefined, name: string) => ({
    recordType: S.logicalName,
    recordId: id,
    recordName: `${name} (${account.name})`,
  });

  if (!existing) {
    const id = stableId('subscription', providerId, sub.providerSubscriptionId);
    const synced: SyncedValues = {
      unitPrice: product?.price ?? null,
      unitCost: product?.cost ?? null,
      productId: product?.id ?? null,
      billingContractId: contractId ?? null,
      name: displayName,
    };
    const desired: Desired = {
      values: {
        [S.col.id]: id,
        [S.col.name]: displayName,
        [S.col.providerSubscriptionId]: sub.providerSubscriptionId,
        ...distributorFacts(sub),
        [S.col.unitPrice]: product?.price,
        [S.col.unitCost]: product?.cost,
        [S.col.channel]: Choices.channel.Provider,
        [S.col.isSynced]: true,
        [S.col.lastSyncedOn]: nowIso,
        [S.col.syncedValues]: JSON.stringify(synced),
      },
      lookups: {
        [S.col.provider]: { table: Tables.provider, id: providerId },
        [S.col.providerAccount]: { table: Tables.providerAccount, id: account.id },
        ...(account.accountId ? { [S.col.customer]: { table: Tables.account, id: account.accountId } } : {}),
        ...(contractId ? { [S.col.billingContract]: { table: Tables.billingContract, id: contractId } } : {}),
        ...(product ? { [S.col.product]: { table: Tables.product, id: product.id } } : {}),
        ...(input.currencyId ? { [S.col.currency]: { table: Tables.transactionCurrency, id: input.currencyId } } : {}),
      },
    };
    if (product && product.price === undefined)
      items.push({
        severity: 'Warning',
        code: 'SUBSCRIPTION_MISSING_PRICE',
        message: `Product ${product.name} has no list price in the catalog, so ${displayName} for ${account.name} was created without a unit price.`,
        ...record(id, displayName),
      });
    const log: LogEntryInput = {
      subscriptionId: id,
      subscriptionName: displayName,
      changeType: 'Create',
      quantityDelta: sub.quantity,
      quantityAfter: sub.quantity,
      changeKey: `create:${providerId}:${sub.providerSubscriptionId}`,
      jobId: input.jobId,
      effectiveDate: nowIso,
      unitPrice: product?.price,
    };
    return {
      kind: 'create',
      subscriptionId: id,
      name: displayName,
      operations: [
        { method: 'POST', path: S.entitySetName, body: toBody(S, desired) },
        { method: 'POST', path: Tables.licenseChangeLog.entitySetName, body: logEntryBody(log) },
      ],
      items,
      change: { quantityTo: sub.quantity, suspended: false, reactivated: false },
    };
  }

  // Update: facts follow the distributor; tracked columns follow it only while nobody edited them.
  const synced: SyncedValues = { ...existing.synced };
  const values: Record<string, Scalar | undefined> = { ...distributorFacts(sub) };
  const lookups: Desired['lookups'] = { [S.col.providerAccount]: { table: Tables.providerAccount, id: account.id } };
  if (account.accountId) lookups[S.col.customer] = { table: Tables.account, id: account.accountId };

  const track = (
    field: 'productId' | 'billingContractId',
    column: string,
    table: typeof Tables.product | typeof Tables.billingContract,
    desiredId: string | undefined,
    label: string,
  ) => {
    const current = field === 'productId' ? existing.productId : existing.billingContractId;
    if (handEdited(current, synced[field], false)) {
      if (desiredId && desiredId.toLowerCase() !== (current ?? '').toLowerCase()) {
        items.push({
          severity: 'Info',
          code: 'SUBSCRIPTION_HAND_EDIT_KEPT',
          message: `The ${label} of ${existing.name} was changed in Dynamics after the last sync and was kept; the sync would have set another ${label}.`,
          providerValue: desiredId,
          crmValue: current ?? '(empty)',
          ...record(existing.id, existing.name),
        });
      }
      return;
    }
    if (desiredId && desiredId.toLowerCase() !== (current ?? '').toLowerCase()) {
      lookups[column] = { table, id: desiredId };
      synced[field] = desiredId;
    }
  };
  track('productId', S.col.product, Tables.product, product?.id, 'product');
  track('billingContractId', S.col.billingContract, Tables.billingContract, contractId, 'billing contract');

  const money = (
    field: 'unitPrice' | 'unitCost',
    column: string,
    catalogValue: number | undefined,
    distributorValue: number | undefined,
  ) => {
    const current = field === 'unitPrice' ? existing.unitPrice : existing.unitCost;
    if (handEdited(current, synced[field], true)) {
      const label = field === 'unitPrice' ? 'unit price' : 'unit cost';
      items.push({
        severity: 'Info',
        code: 'SUBSCRIPTION_HAND_EDIT_KEPT',
        message: `The ${label} of ${existing.name} was changed in Dynamics after the last sync and was kept (${current ?? 'empty'}); the distributor's ${field === 'unitPrice' ? 'price' : 'cost'} is ${distributorValue ?? 'not given'}.`,
        providerValue: distributorValue === undefined ? '' : String(distributorValue),
        crmValue: current === undefined ? '(empty)' : String(current),
        ...record(existing.id, existing.name),
      });
      return;
    }
    // Prices come from the catalog on create; later only an empty one is filled (e.g. once the SKU is mapped).
    if (current === undefined && catalogValue !== undefined) {
      values[column] = catalogValue;
      synced[field] = catalogValue;
    }
  };
  money('unitPrice', S.col.unitPrice, product?.price, sub.unitPrice);
  money('unitCost', S.col.unitCost, product?.cost, sub.unitCost);

  // Sync Description Always On: the name follows the distributor's description on every sync (that is
  // the setting's purpose); Always Off: the name was set on create and is left to people.
  if (account.syncDescriptionOn) {
    values[S.col.name] = displayName;
    synced.name = displayName;
  }

  const patch = diff(S, existing.row, { values, lookups });
  const statusTo = STATUS_VALUES[sub.status];
  const quantityChanged = existing.quantity !== sub.quantity;
  const suspended = LIVE.has(existing.status) && !LIVE.has(statusTo);
  const reactivated = !LIVE.has(existing.status) && LIVE.has(statusTo);
  if (!patch)
    return {
      kind: 'unchanged',
      subscriptionId: existing.id,
      name: existing.name,
      operations: [],
      items,
      change: { quantityFrom: existing.quantity, quantityTo: sub.quantity, suspended: false, reactivated: false },
    };

  const body: Row = { ...patch, [S.col.lastSyncedOn]: nowIso };
  const syncedJson = JSON.stringify(synced);
  if (
    !sameValue(
      S.columns.find((c) => c.logicalName === S.col.syncedValues)!,
      existing.row[S.col.syncedValues],
      syncedJson,
    )
  )
    body[S.col.syncedValues] = syncedJson;
  const version = etagVersion(existing.etag);
  const logs: LogEntryInput[] = [];
  const name = String(values[S.col.name] ?? existing.name);
  if (quantityChanged) {
    logs.push({
      subscriptionId: existing.id,
      subscriptionName: name,
      changeType: sub.quantity > existing.quantity ? 'Increase' : 'Decrease',
      quantityDelta: sub.quantity - existing.quantity,
      quantityAfter: sub.quantity,
      changeKey: `${existing.id}:v${version}:quantity`,
      jobId: input.jobId,
      effectiveDate: nowIso,
    });
  }
  if (suspended || reactivated) {
    logs.push({
      subscriptionId: existing.id,
      subscriptionName: name,
      changeType: suspended ? 'Suspend' : 'Reactivate',
      quantityDelta: 0,
      quantityAfter: sub.quantity,
      changeKey: `${existing.id}:v${version}:status`,
      jobId: input.jobId,
      effectiveDate: nowIso,
    });
  }
  return {
    kind: 'update',
    subscriptionId: existing.id,
    name,
    operations: [
      // If-Match on the version we read: a person saving the row in the meantime makes the whole change set fail, never lose their edit.
      { method: 'PATCH', path: `${S.entitySetName}(${existing.id})`, body, headers: { 'If-Match': existing.etag } },
      ...logs.map((l) => ({
        method: 'POST' as const,
        path: Tables.licenseChangeLog.entitySetName,
        body: logEntryBody(l),
      })),
    ],
    items,
    change: { quantityFrom: existing.quantity, quantityTo: sub.quantity, suspended, reactivated },
  };
}

/** A subscription that is no longer listed at the distributor: Suspended (kept, never deleted), with a log entry. */
export function decideGone(existing: ExistingSubscription, jobId: string | undefined, now: Date): Decision | undefined {
  if (existing.removed && !LIVE.has(existing.status)) return undefined;
  const nowIso = now.toISOString();
  const ops: BatchOperation[] = [
    {
      method: 'PATCH',
      path: `${S.entitySetName}(${existing.id})`,
      body: { [S.col.subscriptionStatus]: SS.Suspended, [S.col.removedAtProvider]: true, [S.col.lastSyncedOn]: nowIso },
      headers: { 'If-Match': existing.etag },
    },
  ];
  if (LIVE.has(existing.status)) {
    ops.push({
      method: 'POST',
      path: Tables.licenseChangeLog.entitySetName,
      body: logEntryBody({
        subscriptionId: existing.id,
        subscriptionName: existing.name,
        changeType: 'Suspend',
        quantityDelta: 0,
        quantityAfter: existing.quantity,
        changeKey: `${existing.id}:v${etagVersion(existing.etag)}:gone`,
        jobId,
        effectiveDate: nowIso,
      }),
    });
  }
  return {
    kind: 'update',
    subscriptionId: existing.id,
    name: existing.name,
    operations: ops,
    items: [],
    change: {
      quantityFrom: existing.quantity,
      quantityTo: existing.quantity,
      suspended: LIVE.has(existing.status),
      reactivated: false,
    },
  };
}
