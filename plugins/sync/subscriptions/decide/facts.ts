/** The columns that always follow the distributor, create or update. */
import { Tables } from '../../../../solution/schema';
import type { Scalar } from '../../../dataverse/intents';
import type { DistributorSubscription } from '../../../providers/types';
import { BILLING_CYCLE_VALUES, STATUS_VALUES, dateOnly } from './decision';

const S = Tables.subscription;

export function distributorFacts(sub: DistributorSubscription): Record<string, Scalar | undefined> {
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
