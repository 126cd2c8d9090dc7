/**
 * Whole days in UTC, on yyyy-mm-dd dates. Billing periods are inclusive at both ends (1 June to
 * 30 June is 30 days), as distributor invoices write them.
 */
const DAY_IN_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a yyyy-mm-dd date or an ISO date-time (its date part). */
export function dayOf(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_IN_MS);
}

/** An inclusive range of day numbers. */
export interface DayRange {
  first: number;
  last: number;
}

export function rangeOf(start: string, end: string): DayRange {
  return { first: dayOf(start), last: dayOf(end) };
}

export function daysIn(range: DayRange): number {
  return Math.max(0, range.last - range.first + 1);
}

export function overlap(a: DayRange, b: DayRange): DayRange {
  return { first: Math.max(a.first, b.first), last: Math.min(a.last, b.last) };
}
