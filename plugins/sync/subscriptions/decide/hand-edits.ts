/**
 * Hand edits win: the product, billing contract, unit price and unit cost of a synced subscription
 * follow the sync only while nobody changed them in Dynamics since the sync last wrote them (the
 * subscription remembers what it last wrote in `w365_syncedvalues`). A kept edit is reported as an
 * Info item with both values, never overwritten.
 */
import { Tables } from '../../../../solution/schema';
import { bind, type Desired, type Scalar } from '../../../dataverse/intents';
import type { JobItem } from '../../../jobs/types';
import type { ExistingSubscription, SyncedValues } from '../existing';
import type { ScopeAccount } from '../reference';
import { subscriptionRecord } from './decision';

const S = Tables.subscription;

/** The update being drafted: the columns to set, and what the sync will have last written. */
export interface UpdateDraft {
  values: Record<string, Scalar | undefined>;
  lookups: NonNullable<Desired['lookups']>;
  synced: SyncedValues;
  items: JobItem[];
}

/** Whether a person changed a tracked column since the service last wrote it. */
export function handEdited(
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

const LOOKUPS = {
  productId: { column: S.col.product, table: Tables.product, label: 'product' },
  billingContractId: { column: S.col.billingContract, table: Tables.billingContract, label: 'billing contract' },
} as const;

/** The product or billing contract: follows `desiredId` unless a person changed it. */
export function followLookup(
  draft: UpdateDraft,
  existing: ExistingSubscription,
  account: ScopeAccount,
  field: keyof typeof LOOKUPS,
  desiredId: string | undefined,
): void {
  const { column, table, label } = LOOKUPS[field];
  const current = existing[field];
  const differs = desiredId !== undefined && desiredId.toLowerCase() !== (current ?? '').toLowerCase();
  if (!handEdited(current, draft.synced[field], false)) {
    if (differs) {
      draft.lookups[column] = bind(table, desiredId);
      draft.synced[field] = desiredId;
    }
    return;
  }
  if (differs)
    draft.items.push({
      severity: 'Info',
      code: 'SUBSCRIPTION_HAND_EDIT_KEPT',
      message: `The ${label} of ${existing.name} was changed in Dynamics after the last sync and was kept; the sync would have set another ${label}.`,
      providerValue: desiredId,
      crmValue: current ?? '(empty)',
      ...subscriptionRecord(existing.id, existing.name, account),
    });
}

const MONEY = {
  unitPrice: { column: S.col.unitPrice, label: 'unit price', distributorLabel: 'price' },
  unitCost: { column: S.col.unitCost, label: 'unit cost', distributorLabel: 'cost' },
} as const;

/**
 * Unit price or cost: from the catalog on create; later only an empty one is filled (e.g. once the SKU
 * is mapped), and one a person changed is kept and reported beside the distributor's value.
 */
export function fillMoney(
  draft: UpdateDraft,
  existing: ExistingSubscription,
  account: ScopeAccount,
  field: keyof typeof MONEY,
  catalogValue: number | undefined,
  distributorValue: number | undefined,
): void {
  const { column, label, distributorLabel } = MONEY[field];
  const current = existing[field];
  if (handEdited(current, draft.synced[field], true)) {
    draft.items.push({
      severity: 'Info',
      code: 'SUBSCRIPTION_HAND_EDIT_KEPT',
      message: `The ${label} of ${existing.name} was changed in Dynamics after the last sync and was kept (${current ?? 'empty'}); the distributor's ${distributorLabel} is ${distributorValue ?? 'not given'}.`,
      providerValue: distributorValue === undefined ? '' : String(distributorValue),
      crmValue: current === undefined ? '(empty)' : String(current),
      ...subscriptionRecord(existing.id, existing.name, account),
    });
    return;
  }
  if (current === undefined && catalogValue !== undefined) {
    draft.values[column] = catalogValue;
    draft.synced[field] = catalogValue;
  }
}
