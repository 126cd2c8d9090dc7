/**
 * A subscription the distributor lists and Dataverse does not hold: created with a deterministic id,
 * the distributor's facts, the mapped customer, the default billing contract, the catalog's price and
 * cost, and its Create entry in the License Change Log (one change set).
 */
import { Choices, Tables } from '../../../../solution/schema';
import { bind, createRow } from '../../../dataverse/intents';
import type { JobItem } from '../../../jobs/types';
import type { SyncedValues } from '../existing';
import { stableId } from '../../ids';
import { logEntryIntent } from '../license-log';
import { displayNameOf, productOf, subscriptionRecord, type Decision, type DecisionInput } from './decision';
import { distributorFacts } from './facts';

const S = Tables.subscription;

export function decideCreate(input: DecisionInput): Decision {
  const { sub, account, providerId } = input;
  const product = productOf(input.product);
  const contractId = input.contract.kind === 'default' ? input.contract.id : undefined;
  const nowIso = input.now.toISOString();
  const name = displayNameOf(sub);
  const id = stableId('subscription', providerId, sub.providerSubscriptionId);
  const synced: SyncedValues = {
    unitPrice: product?.price ?? null,
    unitCost: product?.cost ?? null,
    productId: product?.id ?? null,
    billingContractId: contractId ?? null,
    name,
  };
  const subscription = createRow(S, {
    values: {
      [S.col.id]: id,
      [S.col.name]: name,
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
      [S.col.provider]: bind(Tables.provider, providerId),
      [S.col.providerAccount]: bind(Tables.providerAccount, account.id),
      [S.col.customer]: account.accountId ? bind(Tables.account, account.accountId) : undefined,
      [S.col.billingContract]: contractId ? bind(Tables.billingContract, contractId) : undefined,
      [S.col.product]: product ? bind(Tables.product, product.id) : undefined,
      [S.col.currency]: input.currencyId ? bind(Tables.transactionCurrency, input.currencyId) : undefined,
    },
  });
  const created = logEntryIntent({
    subscriptionId: id,
    subscriptionName: name,
    changeType: 'Create',
    quantityDelta: sub.quantity,
    quantityAfter: sub.quantity,
    changeKey: `create:${providerId}:${sub.providerSubscriptionId}`,
    jobId: input.jobId,
    effectiveDate: nowIso,
    unitPrice: product?.price,
  });
  const items: JobItem[] = [];
  if (product && product.price === undefined)
    items.push({
      severity: 'Warning',
      code: 'SUBSCRIPTION_MISSING_PRICE',
      message: `Product ${product.name} has no list price in the catalog, so ${name} for ${account.name} was created without a unit price.`,
      ...subscriptionRecord(id, name, account),
    });
  return {
    kind: 'create',
    subscriptionId: id,
    name,
    intents: [subscription, created],
    items,
    change: { quantityTo: sub.quantity, suspended: false, reactivated: false },
  };
}
