/** What the subscription deciders take and give: pure data, no I/O. */
import { Choices, Tables } from '../../../../solution/schema';
import type { WriteIntent } from '../../../dataverse/intents';
import type { JobItem } from '../../../jobs/types';
import type { BillingCycleName, DistributorSubscription, SubscriptionStatusName } from '../../../providers/types';
import type { ExistingSubscription } from '../existing';
import type { ProductResolution } from '../products';
import type { ScopeAccount } from '../reference';

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

/** Statuses in which a subscription is live (billed); leaving them is a suspension. */
export const LIVE = new Set<number>([SS.Active, SS.Pending]);

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

export interface SubscriptionChange {
  quantityFrom?: number;
  quantityTo: number;
  suspended: boolean;
  reactivated: boolean;
}

export interface Decision {
  kind: 'create' | 'update' | 'unchanged';
  subscriptionId: string;
  name: string;
  /** One change set: the subscription and its License Change Log entries succeed or fail together. */
  intents: WriteIntent[];
  items: JobItem[];
  change: SubscriptionChange;
}

export function productOf(p: ProductResolution) {
  return p.kind === 'mapping' || p.kind === 'partnumber' ? p.product : undefined;
}

export const dateOnly = (v: string | undefined) => (v ? v.slice(0, 10) : undefined);

/** The name a subscription gets from the distributor: its description, or else its SKU. */
export function displayNameOf(sub: DistributorSubscription): string {
  return (sub.description || sub.sku).slice(0, 400);
}

/** The record fields of a job item about a subscription. */
export function subscriptionRecord(id: string | undefined, name: string, account: ScopeAccount) {
  return { recordType: S.logicalName, recordId: id, recordName: `${name} (${account.name})` };
}
