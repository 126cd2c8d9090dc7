/** The columns that always follow the distributor, create or update. */
import { Tables } from '../../../../solution/schema';
import type { Scalar } from '../../../dataverse/intents';
import type { DistributorSubscription, ScheduledChange } from '../../../providers/types';
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
    ...nceFacts(sub),
  };
}

/** The Scheduled Change at Renewal column's room (2,000 characters): changes past it are left out. */
const SCHEDULED_CHANGES_MAX_LENGTH = 2000;

/**
 * The scheduled changes as JSON, keys in a fixed order (so the same changes always read the same and a
 * rerun writes nothing); an empty list clears the column (the distributor says none are scheduled),
 * no list at all leaves it as it is (the distributor does not say).
 */
export function scheduledChangesJson(changes: readonly ScheduledChange[] | undefined): string | null | undefined {
  if (changes === undefined) return undefined;
  if (!changes.length) return null;
  const ordered = changes.map((c) =>
    Object.fromEntries(
      (['effectiveDate', 'quantity', 'sku', 'term', 'billingCycle'] as const)
        .filter((k) => c[k] !== undefined)
        .map((k) => [k, c[k]]),
    ),
  );
  for (let n = ordered.length; n > 0; n--) {
    const json = JSON.stringify(ordered.slice(0, n));
    if (json.length <= SCHEDULED_CHANGES_MAX_LENGTH) return json;
  }
  return undefined;
}

/**
 * NCE commitment facts (issue 17) follow the distributor where it states them and are never guessed:
 * a connector that does not know one leaves the column as it is (empty on a create).
 */
function nceFacts(sub: DistributorSubscription): Record<string, Scalar | undefined> {
  return {
    [S.col.termEndDate]: dateOnly(sub.termEndDate),
    [S.col.cancellationAllowedUntil]: sub.cancellationAllowedUntil,
    [S.col.refundableQuantity]: sub.refundableQuantity,
    [S.col.scheduledChanges]: scheduledChangesJson(sub.scheduledChanges),
  };
}
