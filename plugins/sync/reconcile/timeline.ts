/**
 * A subscription's billable quantity over time, from its License Change Log: the quantity after each
 * entry holds from the entry's day until the next one; a suspension bills nothing until the
 * reactivation. Reconciliation compares quantity-days (seats x days) over the billing period, so a
 * mid-period increase and the distributor's proration line for it agree instead of looking like a
 * quantity mismatch.
 */
import { dayOf, overlap, daysIn, type DayRange } from './days';
import type { LicenseChangeFacts, SubscriptionFacts } from './types';

/** `quantity` is billable from day `from` until the next step's day. */
export interface Step {
  from: number;
  quantity: number;
}

const BEFORE_TIME = Number.NEGATIVE_INFINITY;

/** Without a log, only an active subscription bills, for as long as it runs [I: suspended NCE lines are not billed]. */
function withoutLog(sub: SubscriptionFacts): Step[] {
  const live = sub.status === 'active' ? sub.quantity : 0;
  const steps: Step[] = [{ from: BEFORE_TIME, quantity: 0 }];
  steps.push({ from: sub.startDate ? dayOf(sub.startDate) : BEFORE_TIME, quantity: live });
  return steps;
}

/** What the subscription billed before its first log entry: the entry undone. */
function quantityBefore(first: LicenseChangeFacts): { quantity: number; suspended: boolean } {
  switch (first.changeType) {
    case 'create':
      return { quantity: 0, suspended: false };
    case 'increase':
    case 'decrease':
      return { quantity: first.quantityAfter - first.quantityDelta, suspended: false };
    case 'reactivate':
      return { quantity: first.quantityAfter, suspended: true };
    default:
      return { quantity: first.quantityAfter, suspended: false };
  }
}

/**
 * The steps of one subscription. `changes` are its own entries in any order. A create entry counts from
 * the subscription's start date when that is earlier: the sync logs the create when it first sees a
 * subscription, which may have run for months at the distributor already.
 */
export function timelineOf(sub: SubscriptionFacts, changes: readonly LicenseChangeFacts[]): Step[] {
  if (changes.length === 0) return finish(sub, withoutLog(sub));
  const sorted = [...changes].sort((a, b) => dayOf(a.effectiveDate) - dayOf(b.effectiveDate));
  const before = quantityBefore(sorted[0]);
  let suspended = before.suspended;
  let seats = before.quantity;
  const steps: Step[] = [{ from: BEFORE_TIME, quantity: suspended ? 0 : seats }];
  for (const [i, c] of sorted.entries()) {
    let from = dayOf(c.effectiveDate);
    if (i === 0 && c.changeType === 'create' && sub.startDate) from = Math.min(from, dayOf(sub.startDate));
    if (c.changeType === 'suspend') suspended = true;
    else if (c.changeType === 'reactivate') suspended = false;
    seats = c.quantityAfter;
    const quantity = suspended ? 0 : seats;
    // Several entries on one day: the last one is what held that day.
    if (steps[steps.length - 1].from === from) steps[steps.length - 1].quantity = quantity;
    else steps.push({ from, quantity });
  }
  return finish(sub, steps);
}

/** A cancelled or expired subscription bills nothing after its end date. */
function finish(sub: SubscriptionFacts, steps: Step[]): Step[] {
  if ((sub.status === 'cancelled' || sub.status === 'expired') && sub.endDate) {
    const after = dayOf(sub.endDate) + 1;
    const kept = steps.filter((s) => s.from < after);
    kept.push({ from: after, quantity: 0 });
    return kept;
  }
  return steps;
}

/** Seats x days within `range`. */
export function quantityDays(steps: readonly Step[], range: DayRange): number {
  let total = 0;
  for (let i = 0; i < steps.length; i++) {
    const next = i + 1 < steps.length ? steps[i + 1].from - 1 : Number.POSITIVE_INFINITY;
    const span = overlap({ first: steps[i].from, last: next }, range);
    total += steps[i].quantity * daysIn(span);
  }
  return total;
}

/** Whether a term of `years` starting on `startDate` (or one of its renewals) begins within `range`. */
export function termStartsIn(startDate: string, years: number, range: DayRange): boolean {
  const start = new Date(`${startDate.slice(0, 10)}T00:00:00Z`);
  for (let n = 0; n < 50; n++) {
    const termStart = new Date(start);
    termStart.setUTCFullYear(start.getUTCFullYear() + n * years);
    const day = dayOf(termStart.toISOString());
    if (day > range.last) return false;
    if (day >= range.first) return true;
  }
  return false;
}

/**
 * The seat-days the distributor is expected to bill in `range`: all of them for a subscription billed
 * each period (or whose paid-up term starts in it); for one paid up front earlier, only its changes of
 * seats (the seats it had on the range's first day were paid for with the term).
 */
export function expectedSeatDays(sub: SubscriptionFacts, steps: readonly Step[], range: DayRange): number {
  const all = quantityDays(steps, range);
  const years = sub.billingCycle === 'annual' ? 1 : sub.billingCycle === 'triennial' ? 3 : 0;
  if (!years || (sub.startDate && termStartsIn(sub.startDate, years, range))) return all;
  return all - quantityOn(steps, range.first) * daysIn(range);
}

/** The billable quantity on `day`. */
export function quantityOn(steps: readonly Step[], day: number): number {
  let quantity = 0;
  for (const s of steps) {
    if (s.from > day) break;
    quantity = s.quantity;
  }
  return quantity;
}

/** How much the billable quantity changed on `day` (0 when it did not). */
export function changeOn(steps: readonly Step[], day: number): number {
  return quantityOn(steps, day) - quantityOn(steps, day - 1);
}
