/**
 * The Ion sandbox's billing report: what Ion would invoice the reseller for one billing period, built
 * from the sandbox's own licence lines and their quantity history. How Ion words and splits charges is
 * not documented [?]; this follows how NCE is billed [I]:
 *   - a monthly-billed line: a Recurring charge for its seats on the period's first day, for the whole
 *     period; a line bought during the period instead starts with a Prorated charge from its first day;
 *   - an annual-billed line (paid up front): a Recurring charge for the whole term, in the period its
 *     term starts (or renews) only;
 *   - every change of seats during the period: a Prorated charge for the difference, from the day of
 *     the change to the end of the period (of the paid-up term, for an annual line), negative for a cut;
 *   - a cancelled or expired line: charged until its end date, credited after it.
 * Azure plan and other providers' lines are usage, invoiced elsewhere, and are not in this report.
 */
import { addDays, DAY_IN_MS } from '../sandbox-kit/dates';
import type { IonSandboxCustomer, IonSandboxSubscription } from './dataset';
import { stepsOf } from './history';

export type BillingChargeType = 'Recurring' | 'Prorated';

export interface BillingRow {
  invoiceNumber: string;
  invoiceDate: string;
  customerId: string;
  customerName: string;
  /** The Ion line id (the id the subscription listing gives). */
  subscriptionId: string;
  microsoftSubscriptionId: string;
  partNumber: string;
  productName: string;
  chargeType: BillingChargeType;
  quantity: number;
  unitPrice: number;
  unitCost: number;
  amount: number;
  chargeStart: string;
  chargeEnd: string;
}

export interface BillingPeriod {
  /** yyyy-mm-dd, inclusive. */
  start: string;
  end: string;
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_IN_MS) + 1;
const cents = (n: number) => Math.round(n * 100) / 100 + 0;

/** Ion's invoice number for a reseller and period [I: the shape is ours]. */
export function invoiceNumberOf(accountId: string, period: BillingPeriod): string {
  return `IN-${accountId}-${period.start.slice(0, 7).replace('-', '')}`;
}

const yearsAfter = (iso: string, years: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
};

/**
 * The paid-up term of an annual line that runs during `period`, and whether it starts in it (then it
 * is charged in full) or started before (then only its changes of seats are).
 */
function annualTermOf(
  line: IonSandboxSubscription,
  period: BillingPeriod,
): { term: BillingPeriod; starts: boolean } | undefined {
  const start = line.startDate.slice(0, 10);
  for (let year = 0; year < 10; year++) {
    const termStart = yearsAfter(start, year);
    const termEnd = addDays(yearsAfter(start, year + 1), -1);
    if (termStart > period.end) return undefined;
    if (termEnd >= period.start) return { term: { start: termStart, end: termEnd }, starts: termStart >= period.start };
  }
  return undefined;
}

/** Seats from day to day within `window`, with the line's end (cancelled, expired) as a change to 0. */
function stepsWithin(line: IonSandboxSubscription, window: BillingPeriod) {
  const steps = stepsOf(line).map((s) => ({ ...s }));
  if (line.status === 'cancelled' || line.status === 'expired')
    steps.push({ from: addDays(line.endDate.slice(0, 10), 1), quantity: 0 });
  let seats = 0;
  const before = steps.filter((s) => s.from <= window.start);
  if (before.length) seats = before[before.length - 1].quantity;
  return { opening: seats, changes: steps.filter((s) => s.from > window.start && s.from <= window.end) };
}

/**
 * The charges of one line: its seats on `from` (when `chargeOpening`), then every change after `from`
 * up to the period's end, each charged pro rata to the end of `window` (the period, or the paid-up term).
 */
function lineRows(
  line: IonSandboxSubscription,
  window: BillingPeriod,
  from: string,
  until: string,
  chargeOpening: boolean,
  base: Omit<BillingRow, 'chargeType' | 'quantity' | 'amount' | 'chargeStart' | 'chargeEnd'>,
): BillingRow[] {
  const full = days(window.start, window.end);
  const rows: BillingRow[] = [];
  const charge = (chargeType: BillingChargeType, quantity: number, from: string) =>
    rows.push({
      ...base,
      chargeType,
      quantity,
      amount: cents((quantity * base.unitCost * days(from, window.end)) / full),
      chargeStart: from,
      chargeEnd: window.end,
    });
  const { opening, changes } = stepsWithin(line, { start: from, end: until });
  if (opening > 0 && chargeOpening) charge('Recurring', opening, window.start);
  let seats = opening;
  for (const step of changes) {
    if (step.quantity !== seats) charge('Prorated', step.quantity - seats, step.from);
    seats = step.quantity;
  }
  return rows;
}

/** Every charge of `period`, in the order of the sandbox's lines. */
export function billingRows(
  lines: readonly IonSandboxSubscription[],
  customerOf: (id: string) => IonSandboxCustomer | undefined,
  accountId: string,
  period: BillingPeriod,
): BillingRow[] {
  const invoiceNumber = invoiceNumberOf(accountId, period);
  const invoiceDate = addDays(period.end, 1);
  const rows: BillingRow[] = [];
  for (const line of lines) {
    if (line.cloudProviderId !== '30' || !line.mfgPartNumber) continue;
    if (line.status === 'pending' || line.status === 'failed' || line.status === 'suspended') continue;
    const annual = line.billingCycle === 'annual' ? annualTermOf(line, period) : undefined;
    if (line.billingCycle === 'annual' && !annual) continue;
    // A term that started before the period was charged then: only the period's changes are charged now.
    const window = annual?.term ?? period;
    const starts = !annual || annual.starts;
    rows.push(
      ...lineRows(line, window, starts ? window.start : period.start, period.end, starts, {
        invoiceNumber,
        invoiceDate,
        customerId: line.customerId,
        customerName: customerOf(line.customerId)?.organization ?? '',
        subscriptionId: line.id,
        microsoftSubscriptionId: line.subscriptionId,
        partNumber: line.mfgPartNumber,
        productName: line.skuDisplayName,
        unitPrice: line.price,
        unitCost: line.cost,
      }),
    );
  }
  return rows;
}
