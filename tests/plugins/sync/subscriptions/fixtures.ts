/**
 * Builders for the subscription deciders' tests: a distributor subscription, a mapped provider
 * account, a catalog product, a decision input, and `readBack`, which turns what a decision wrote into
 * the row Dataverse would hold (read back the way the sync reads it), so that a test can decide again
 * against it, as the next sync would.
 */
import { Choices, Tables } from '../../../../solution/schema';
import type { Row } from '../../../../plugins/dataverse/client';
import type { WriteIntent } from '../../../../plugins/dataverse/intents';
import type { DistributorSubscription } from '../../../../plugins/providers/types';
import type { Decision, DecisionInput } from '../../../../plugins/sync/subscriptions/decide';
import { toExisting, type ExistingSubscription } from '../../../../plugins/sync/subscriptions/existing';
import type { CatalogProduct, ScopeAccount } from '../../../../plugins/sync/subscriptions/reference';

export const S = Tables.subscription;
export const L = Tables.licenseChangeLog;
export const PROVIDER_ID = '0b5c1a9e-1111-4000-8000-000000000001';
export const JOB_ID = '0b5c1a9e-2222-4000-8000-000000000002';
export const CUSTOMER_ID = '0b5c1a9e-3333-4000-8000-000000000003';
export const CONTRACT_ID = '0b5c1a9e-4444-4000-8000-000000000004';
export const CURRENCY_ID = '0b5c1a9e-5555-4000-8000-000000000005';
export const NOW = new Date('2026-03-01T09:00:00.000Z');

export function distributorSub(over: Partial<DistributorSubscription> = {}): DistributorSubscription {
  return {
    providerSubscriptionId: 'SUB-1001',
    customerId: 'CUST-1',
    microsoftSubscriptionId: '7d3c2b1a-0000-4000-8000-00000000a001',
    sku: 'MS-365-E3-M',
    microsoftOfferId: 'CFQ7TTC0LFLX:0001',
    description: 'Microsoft 365 E3 (monthly)',
    quantity: 10,
    status: 'active',
    billingCycle: 'monthly',
    term: 'P1M',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    renewalDate: '2027-01-01',
    autoRenew: true,
    unitPrice: 33.6,
    unitCost: 30.2,
    currencyCode: 'USD',
    ...over,
  };
}

export function scopeAccount(over: Partial<ScopeAccount> = {}): ScopeAccount {
  return {
    id: '0b5c1a9e-6666-4000-8000-000000000006',
    providerSpecificId: 'CUST-1',
    name: 'Contoso Ltd',
    accountId: CUSTOMER_ID,
    syncEnabled: true,
    syncDescriptionOn: false,
    excluded: false,
    removed: false,
    ...over,
  };
}

export function catalogProduct(over: Partial<CatalogProduct> = {}): CatalogProduct {
  return { id: '0b5c1a9e-7777-4000-8000-000000000007', name: 'Microsoft 365 E3', price: 36, cost: 30, ...over };
}

export function decisionInput(over: Partial<DecisionInput> = {}): DecisionInput {
  return {
    providerId: PROVIDER_ID,
    jobId: JOB_ID,
    sub: distributorSub(),
    account: scopeAccount(),
    product: { kind: 'partnumber', product: catalogProduct() },
    contract: { kind: 'default', id: CONTRACT_ID },
    currencyId: CURRENCY_ID,
    now: NOW,
    ...over,
  };
}

/** An intent's row fields as Dataverse answers a read: values by name, lookups as `_x_value`. */
function fieldsOf(intent: WriteIntent): Row {
  const row: Row = { ...intent.changes.values };
  for (const [name, ref] of Object.entries(intent.changes.lookups)) row[`_${name}_value`] = ref.id;
  return row;
}

/**
 * The subscription as the next sync reads it after `decision` was written (on top of `before`, for an
 * update), at version `etag`, with `edits` a person made since (columns by logical name or `_x_value`).
 */
export function readBack(
  decision: Decision,
  options: { before?: ExistingSubscription; etag?: string; edits?: Row } = {},
): ExistingSubscription {
  const written = decision.intents.find((i) => i.table === S);
  const row: Row = { ...options.before?.row, ...(written ? fieldsOf(written) : {}), ...options.edits };
  if (options.before && !written) throw new Error('readBack: the decision wrote no subscription');
  row['@odata.etag'] = options.etag ?? 'W/"5001"';
  return toExisting(row);
}

/** The subscription intent of a decision (the first of its change set). */
export function subscriptionIntent(d: Decision): WriteIntent {
  const i = d.intents.find((x) => x.table === S);
  if (!i) throw new Error(`decision ${d.kind} wrote no subscription`);
  return i;
}

/** The License Change Log entries of a decision, in the terms a person reads them. */
export function logEntries(d: Decision) {
  return d.intents
    .filter((i) => i.table === L)
    .map((i) => ({
      kind: i.kind,
      changeType: Choices.changeType.label(Number(i.changes.values[L.col.changeType])),
      quantityDelta: i.changes.values[L.col.quantityDelta],
      quantityAfter: i.changes.values[L.col.quantityAfter],
      changeKey: i.changes.values[L.col.changeKey],
      id: i.changes.values[L.col.id],
      subscription: i.changes.lookups[L.col.subscription]?.id,
      job: i.changes.lookups[L.col.syncJob]?.id,
      source: i.changes.values[L.col.source],
      provisioning: i.changes.values[L.col.provisioningStatus],
    }));
}
