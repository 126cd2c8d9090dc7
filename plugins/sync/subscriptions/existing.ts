/** The provider's synced subscriptions as Dataverse holds them, by provider subscription id. */
import { Choices, Tables } from '../../../solution/schema';
import type { DataverseApi } from '../../dataverse/api';
import type { Row } from '../../dataverse/client';
import { eq } from '../../dataverse/odata';

const S = Tables.subscription;

/** What the service last wrote to the columns people may change; a difference now means a hand edit. */
export interface SyncedValues {
  unitPrice?: number | null;
  unitCost?: number | null;
  productId?: string | null;
  billingContractId?: string | null;
  name?: string | null;
}

export interface ExistingSubscription {
  id: string;
  etag: string;
  providerSubscriptionId: string;
  providerAccountId?: string;
  quantity: number;
  status: number;
  name: string;
  productId?: string;
  billingContractId?: string;
  customerId?: string;
  unitPrice?: number;
  unitCost?: number;
  removed: boolean;
  synced: SyncedValues;
  row: Row;
}

export const SUBSCRIPTION_COLUMNS = [
  S.col.id,
  S.col.providerSubscriptionId,
  S.col.name,
  S.col.quantity,
  S.col.subscriptionStatus,
  S.col.unitPrice,
  S.col.unitCost,
  S.col.syncedValues,
  S.col.removedAtProvider,
  S.col.microsoftSubscriptionId,
  S.col.providerPartNumber,
  S.col.productDescription,
  S.col.billingCycle,
  S.col.term,
  S.col.startDate,
  S.col.endDate,
  S.col.renewalDate,
  S.col.autoRenew,
  // NCE commitment columns (issue 17), so that a rerun compares them and writes nothing.
  S.col.termEndDate,
  S.col.cancellationAllowedUntil,
  S.col.refundableQuantity,
  S.col.scheduledChanges,
  S.col.channel,
  S.col.isSynced,
  S.val.provider,
  S.val.providerAccount,
  S.val.customer,
  S.val.billingContract,
  S.val.product,
  S.val.currency,
];

function parseSynced(v: unknown): SyncedValues {
  if (typeof v !== 'string' || !v) return {};
  try {
    const parsed: unknown = JSON.parse(v);
    return parsed && typeof parsed === 'object' ? (parsed as SyncedValues) : {};
  } catch {
    return {};
  }
}

export function toExisting(r: Row): ExistingSubscription {
  const n = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
  return {
    id: String(r[S.col.id]),
    etag: String(r['@odata.etag'] ?? '*'),
    providerSubscriptionId: String(r[S.col.providerSubscriptionId] ?? ''),
    providerAccountId: (r[S.val.providerAccount] as string | null) ?? undefined,
    quantity: Number(r[S.col.quantity] ?? 0),
    status: Number(r[S.col.subscriptionStatus] ?? Choices.subscriptionStatus.Active),
    name: String(r[S.col.name] ?? ''),
    productId: (r[S.val.product] as string | null) ?? undefined,
    billingContractId: (r[S.val.billingContract] as string | null) ?? undefined,
    customerId: (r[S.val.customer] as string | null) ?? undefined,
    unitPrice: n(r[S.col.unitPrice]),
    unitCost: n(r[S.col.unitCost]),
    removed: Boolean(r[S.col.removedAtProvider]),
    synced: parseSynced(r[S.col.syncedValues]),
    row: r,
  };
}

/**
 * Synced subscriptions of the provider (all of them, or those of some provider accounts), by provider
 * subscription id. Manual subscriptions have no provider subscription id and are never touched here.
 */
export async function readExistingSubscriptions(
  dv: DataverseApi,
  providerId: string,
  providerAccountIds: readonly string[] | undefined,
  signal?: AbortSignal,
): Promise<Map<string, ExistingSubscription>> {
  const out = new Map<string, ExistingSubscription>();
  const base = `${eq(S.val.provider, { guid: providerId })} and ${S.col.providerSubscriptionId} ne null`;
  const filters: string[] = [];
  if (!providerAccountIds) filters.push(base);
  else {
    // A handful of accounts (one billing contract's customer): one filter per 50 ids keeps URLs short.
    for (let i = 0; i < providerAccountIds.length; i += 50) {
      const ids = providerAccountIds.slice(i, i + 50).map((guid) => eq(S.val.providerAccount, { guid }));
      filters.push(`${base} and (${ids.join(' or ')})`);
    }
  }
  for (const filter of filters) {
    for await (const r of dv.rows(S, { select: SUBSCRIPTION_COLUMNS, filter }, { signal })) {
      const e = toExisting(r);
      out.set(e.providerSubscriptionId, e);
    }
  }
  return out;
}
