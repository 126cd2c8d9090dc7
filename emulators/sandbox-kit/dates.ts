/**
 * Dates of the generated sandbox data. Every sandbox generates relative to the same reference day, so
 * that data generated from one seed looks the same on every run and every machine, and the demo's
 * distributors agree on what "now" is.
 */

/** The day generated dates are relative to. */
export const REFERENCE_DATE = '2025-07-01';
export const DAY_IN_MS = 86_400_000;

/** yyyy-mm-dd plus `days` (negative: earlier), in UTC. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_IN_MS).toISOString().slice(0, 10);
}

/** yyyy-mm-dd plus `months`, in UTC (the 31st plus one month rolls over, as Date does). */
export function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
