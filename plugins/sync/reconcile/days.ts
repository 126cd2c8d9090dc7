/**
 * Whole days in UTC, on yyyy-mm-dd dates. Billing periods are inclusive at both ends (1 June to
 * 30 June is 30 days), as distributor invoices write them.
 */
const DAY_IN_MS = 86_400_000;

/**
 * An invoice repeats a few dates tens of thousands of times: their day numbers are remembered (a
 * bounded cache, so a long-running service does not grow it without end).
 */
const known = new Map<string, number>();
const KNOWN_MAX = 10_000;

/** Day number (days since 1970-01-01) of a yyyy-mm-dd date or an ISO date-time (its date part). */
export function dayOf(isoDate: string): number {
  const date = isoDate.slice(0, 10);
  let day = known.get(date);
  if (day === undefined) {
    day = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_IN_MS);
    if (known.size >= KNOWN_MAX) known.clear();
    known.set(date, day);
  }
  return day;
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
