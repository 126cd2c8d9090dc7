/**
 * The Dicker Data sandbox's invoice feed: OUR DESIGN (plugins/providers/dicker/invoice-mapping.ts is
 * the same design from the reader's side), modelled on the columns of Dicker's "CSP Invoice Report"
 * export [C-3p]. One invoice per billing month, built from the sandbox's own feed lines [I]:
 *   - an Active licence billed monthly (billing code 1): a Recurring charge for the whole month, or a
 *     Pro Rata one from its term start when the term started during the month;
 *   - an Active licence paid up front (Y): a Recurring charge for its whole term, in the month the term
 *     starts only;
 *   - an Azure plan: a Usage charge of what it consumed (its usage period, the month before);
 *   - suspended, cancelled, expired and pending lines: nothing.
 * Unit prices are per term [C-3p], so a Pro Rata charge is the unit price times the share of the month.
 */
import { addDays, DAY_IN_MS } from '../sandbox-kit/dates';
import type { DickerSandboxLine, DickerSandboxTenant } from './dataset';
import { exportDate } from './wire';

export interface DickerInvoiceLine {
  lineNumber: number;
  line: DickerSandboxLine;
  chargeType: 'Recurring' | 'Pro Rata' | 'Usage';
  qty: number;
  lineTotal: number;
  usageStart: string;
  usageEnd: string;
}

export interface DickerInvoice {
  invoiceNumber: string;
  invoiceDate: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  total: number;
  lines: DickerInvoiceLine[];
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_IN_MS) + 1;
const cents = (n: number) => Math.round(n * 100) / 100 + 0;

/** The invoice of the month starting `periodStart` (yyyy-mm-01). */
export function dickerInvoiceOf(
  lines: readonly DickerSandboxLine[],
  accountCode: string,
  currency: string,
  periodStart: string,
): DickerInvoice {
  const start = new Date(`${periodStart}T00:00:00Z`);
  const next = new Date(start);
  next.setUTCMonth(start.getUTCMonth() + 1);
  const periodEnd = addDays(next.toISOString().slice(0, 10), -1);
  const charges: Omit<DickerInvoiceLine, 'lineNumber'>[] = [];
  for (const line of lines) {
    if (line.status !== 'Active') continue;
    if (line.chargeType === 'Usage') {
      charges.push({
        line,
        chargeType: 'Usage',
        qty: 1,
        lineTotal: line.unitPrice,
        usageStart: line.startUsage,
        usageEnd: line.endUsage,
      });
      continue;
    }
    const upFront = line.stockCode.endsWith(':Y:');
    if (upFront) {
      if (line.termStart >= periodStart && line.termStart <= periodEnd)
        charges.push({
          line,
          chargeType: 'Recurring',
          qty: line.qty,
          lineTotal: cents(line.qty * line.unitPrice),
          usageStart: line.termStart,
          usageEnd: line.termEnd,
        });
      continue;
    }
    if (line.termStart > periodEnd) continue;
    const from = line.termStart > periodStart ? line.termStart : periodStart;
    const share = days(from, periodEnd) / days(periodStart, periodEnd);
    charges.push({
      line,
      chargeType: from === periodStart ? 'Recurring' : 'Pro Rata',
      qty: line.qty,
      lineTotal: cents(line.qty * line.unitPrice * share),
      usageStart: from,
      usageEnd: periodEnd,
    });
  }
  const numbered = charges.map((c, i) => ({ ...c, lineNumber: i + 1 }));
  return {
    invoiceNumber: `DD${accountCode}-${periodStart.slice(0, 7).replace('-', '')}`,
    invoiceDate: addDays(periodEnd, 1),
    periodStart,
    periodEnd,
    currency,
    total: cents(numbered.reduce((s, l) => s + l.lineTotal, 0)),
    lines: numbered,
  };
}

export type InvoiceLineMalformation = 'badTenantId' | 'textQty' | 'unknownChargeType' | 'missingLineTotal';
export const INVOICE_LINE_MALFORMATIONS: readonly InvoiceLineMalformation[] = [
  'badTenantId',
  'textQty',
  'unknownChargeType',
  'missingLineTotal',
];

/** One invoice line as the feed writes it: the export's columns in Pascal case, dates as 01-Jan-2025 [I]. */
export function invoiceLineToWire(
  l: DickerInvoiceLine,
  tenant: DickerSandboxTenant | undefined,
  malformation?: InvoiceLineMalformation,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    LineNumber: l.lineNumber,
    TenantId: l.line.tenantId,
    TenantName: tenant?.tenantName ?? '',
    SubscriptionId: l.line.subscriptionId,
    StockCode: l.line.stockCode,
    Reference: l.line.reference,
    StockDescription: l.line.stockDescription,
    Qty: l.qty,
    ChargeType: l.chargeType,
    UnitPrice: l.line.unitPrice,
    UnitRRP: l.line.unitRrp,
    LineTotal: l.lineTotal,
    UsageStart: exportDate(l.usageStart),
    UsageEnd: exportDate(l.usageEnd),
  };
  if (malformation === 'badTenantId') wire.TenantId = 'TENANT-7';
  else if (malformation === 'textQty') wire.Qty = 'ten';
  else if (malformation === 'unknownChargeType') wire.ChargeType = 'Adjustment';
  else if (malformation === 'missingLineTotal') delete wire.LineTotal;
  return wire;
}
