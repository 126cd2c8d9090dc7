/** Every user-visible string of the Reconcile job. */
import type { VarianceTotals } from '../reconcile';

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Additional Properties of a Provider that tune the reconciliation (read by name, case-insensitively). */
export const ToleranceProperties = {
  amount: 'Reconcile Tolerance Amount',
  percent: 'Reconcile Tolerance Percent',
} as const;

export const ReconcileMessages = {
  badParameter: (field: string, expected: string) =>
    `The job's parameter ${field} is not valid: expected ${expected}. Nothing was reconciled.`,
  noInvoice:
    'This job names no invoice: start Reconcile from a Distributor Invoice (or give invoiceId, invoiceNumber or period).',
  invoiceNotFound: (what: string) => `No invoice ${what} of this provider was found. Import it first.`,
  invoiceAmbiguous: (period: string, numbers: readonly string[]) =>
    `The provider has ${numbers.length} invoices for ${period} (${numbers.join(', ')}): start Reconcile from the invoice to compare.`,
  notImported: (number: string) =>
    `Invoice ${number} has not been imported completely (its Import Status is not Imported), so it was not reconciled: import it again to complete it first.`,
  toleranceInvalid: (property: string, value: string) =>
    `The provider's Additional Property "${property}" is "${value}"; it must be a number of 0 or more.`,
  writeFailed: (name: string, message: string) =>
    `Could not save the variance ${name}: ${message}. The next Reconcile writes it.`,
} as const;

function totalsLine(t: VarianceTotals, label: string): string {
  return `${label}: ${t.count} (${t.currencyCode} ${money(t.amountAtStake)})`;
}

export const ReconcileSummary = {
  heading: (number: string, start: string, end: string, lines: number, compared: number) =>
    `Reconciled invoice ${number} (${start} to ${end}): ${plural(lines, 'line')}, ${plural(compared, 'subscription')} compared.`,
  variances: (count: number, created: number, updated: number) =>
    count === 0
      ? 'No variances: the invoice agrees with the CRM.'
      : `${plural(count, 'variance')} (${created} new, ${updated} updated, ${count - created - updated} as before):`,
  totals: (totals: readonly VarianceTotals[], labelOf: (t: VarianceTotals) => string) =>
    totals.map((t) => `  ${totalsLine(t, labelOf(t))}`).join('\n'),
  fixed: (count: number) =>
    count ? `${plural(count, 'open variance')} of an earlier run no longer found: marked Fixed.` : '',
  failed: (count: number) => (count ? `${plural(count, 'variance')} could not be saved (see the items).` : ''),
} as const;
