/**
 * What every step of one reconciliation shares: the invoice, its billing period in days, the tolerance,
 * and the findings so far. Also the small arithmetic every comparison uses.
 */
import { daysIn, rangeOf, type DayRange } from './days';
import { varianceKey } from './keys';
import type { InvoiceFacts, InvoiceLineFacts, Tolerance, Variance, VarianceTypeName } from './types';

export interface Context {
  invoice: InvoiceFacts;
  period: DayRange;
  periodDays: number;
  tolerance: Tolerance;
  variances: Variance[];
}

export function contextOf(invoice: InvoiceFacts, tolerance: Tolerance): Context {
  const period = rangeOf(invoice.periodStart, invoice.periodEnd);
  return { invoice, period, periodDays: Math.max(1, daysIn(period)), tolerance, variances: [] };
}

/** Money to the cent, quantities to 4 places: the same inputs always give the same figures. */
export const cents = (n: number): number => Math.round(n * 100) / 100 + 0;
export const fourPlaces = (n: number): number => Math.round(n * 10_000) / 10_000 + 0;

/** Within tolerance: at most `amount`, or at most `percent` per cent of what was expected. */
export function withinTolerance(tolerance: Tolerance, stake: number, expected: number): boolean {
  const size = Math.abs(stake);
  return size <= tolerance.amount + 1e-9 || size <= (Math.abs(expected) * tolerance.percent) / 100 + 1e-9;
}

export interface Finding {
  type: VarianceTypeName;
  tag: string;
  subject: string[];
  detail: string;
  expected?: number;
  actual?: number;
  amountAtStake: number;
  lines?: readonly InvoiceLineFacts[];
  subscriptionId?: string;
  providerAccountId?: string;
  customerId?: string;
  sku?: string;
  currencyCode?: string;
}

export function addFinding(ctx: Context, f: Finding): void {
  const lines = f.lines ?? [];
  const v: Variance = {
    type: f.type,
    key: varianceKey(ctx.invoice, f.tag, ...f.subject),
    detail: f.detail,
    amountAtStake: cents(f.amountAtStake),
    currencyCode: f.currencyCode ?? ctx.invoice.currencyCode,
    lineNumbers: lines.map((l) => l.lineNumber),
  };
  if (f.expected !== undefined) v.expected = fourPlaces(f.expected);
  if (f.actual !== undefined) v.actual = fourPlaces(f.actual);
  if (lines[0]?.id) v.lineId = lines[0].id;
  if (f.subscriptionId) v.subscriptionId = f.subscriptionId;
  if (f.providerAccountId) v.providerAccountId = f.providerAccountId;
  if (f.customerId) v.customerId = f.customerId;
  if (f.sku) v.sku = f.sku;
  ctx.variances.push(v);
}

export const sumOf = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};
