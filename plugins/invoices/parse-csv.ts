/**
 * `parseInvoiceCsv(content, options)`: an invoice file of docs/invoice-csv.md (or a partner's export
 * through a column mapping) as our DistributorInvoice, all or nothing. Rows of one invoice must agree
 * on the invoice's own fields; line numbers are unique per invoice (or the rows' order); each invoice's
 * lines must add up to its stated total, unless a tolerance covers the difference. Any problem refuses
 * the whole file, so nothing is ever half-imported. Pure: the caller reads the file.
 */
import { createHash } from 'node:crypto';
import type { DistributorInvoice, DistributorInvoiceLine, InvoiceChargeType } from '../providers/types';
import { InvoiceErrorCodes, type InvoiceFileProblem } from './errors';
import { FIELDS, type FieldName } from './layout';
import type { InvoiceCsvMapping } from './mapping';
import { readRows, type TypedRow } from './read-rows';
import { Problems } from './strings';

export interface TotalTolerance {
  /** The lines' sum may differ from the stated total by this much (invoice currency). */
  amount?: number;
  /** ... or by this many per cent of the stated total. */
  percent?: number;
}

export interface ParseInvoiceOptions {
  mapping?: InvoiceCsvMapping;
  tolerance?: TotalTolerance;
}

export type InvoiceFileResult =
  | { ok: true; invoices: DistributorInvoice[]; fileHash: string }
  | { ok: false; problems: InvoiceFileProblem[]; fileHash: string };

/** Sums of money differing by less than half a cent are the same sum. */
const ROUNDING = 0.005;

type Titles = Partial<Record<FieldName, string>>;
const INVOICE_FIELDS = (Object.keys(FIELDS) as FieldName[]).filter((k) => FIELDS[k].invoiceLevel);

function checkSameInvoice(rows: readonly TypedRow[], titles: Titles, problems: InvoiceFileProblem[]): void {
  const first = rows[0];
  for (const row of rows.slice(1))
    for (const field of INVOICE_FIELDS) {
      const [a, b] = [first.values[field], row.values[field]];
      if (a === undefined || b === undefined || a === b) continue;
      problems.push({
        code: InvoiceErrorCodes.HeaderInconsistent,
        line: row.line,
        column: titles[field],
        message: Problems.headerInconsistent(titles[field] ?? field, String(b), String(a), first.line),
      });
    }
}

function lineOf(row: TypedRow, lineNumber: number, billing: { start: string; end: string }): DistributorInvoiceLine {
  const v = row.values;
  const line: DistributorInvoiceLine = {
    lineNumber,
    customerId: String(v.customerId),
    sku: String(v.sku),
    description: String(v.description ?? v.sku),
    quantity: Number(v.quantity),
    unitCost: Number(v.unitCost),
    amount: Number(v.amount),
    chargeType: v.chargeType as InvoiceChargeType,
    periodStart: String(v.periodStart ?? billing.start),
    periodEnd: String(v.periodEnd ?? billing.end),
  };
  if (v.subscriptionId !== undefined) line.providerSubscriptionId = String(v.subscriptionId);
  if (v.unitPrice !== undefined) line.unitPrice = Number(v.unitPrice);
  if (v.lineCurrency !== undefined) line.currencyCode = String(v.lineCurrency);
  return line;
}

function checkPeriod(row: TypedRow, titles: Titles, start: FieldName, end: FieldName, problems: InvoiceFileProblem[]) {
  const [a, b] = [row.values[start], row.values[end]];
  if (a !== undefined && b !== undefined && String(a) > String(b))
    problems.push({
      code: InvoiceErrorCodes.PeriodInvalid,
      line: row.line,
      column: titles[end],
      message: Problems.periodInvalid(titles[start] ?? start, titles[end] ?? end),
    });
}

function invoiceOf(rows: readonly TypedRow[], titles: Titles, problems: InvoiceFileProblem[]): DistributorInvoice {
  checkSameInvoice(rows, titles, problems);
  const head = rows[0].values;
  const billing = { start: String(head.billingPeriodStart), end: String(head.billingPeriodEnd) };
  const numbers = new Map<number, number>();
  const lines = rows.map((row, i) => {
    checkPeriod(row, titles, 'billingPeriodStart', 'billingPeriodEnd', problems);
    checkPeriod(row, titles, 'periodStart', 'periodEnd', problems);
    const lineNumber = row.values.lineNumber === undefined ? i + 1 : Number(row.values.lineNumber);
    const seen = numbers.get(lineNumber);
    if (seen !== undefined)
      problems.push({
        code: InvoiceErrorCodes.LineNumberDuplicate,
        line: row.line,
        column: titles.lineNumber,
        message: Problems.lineNumberDuplicate(lineNumber, seen),
      });
    else numbers.set(lineNumber, row.line);
    return lineOf(row, lineNumber, billing);
  });
  const invoice: DistributorInvoice = {
    number: String(head.invoiceNumber),
    // Without an invoice date, the invoice is dated the last day it bills for [I: distributors invoice at period end].
    invoiceDate: String(head.invoiceDate ?? billing.end),
    periodStart: billing.start,
    periodEnd: billing.end,
    currencyCode: String(head.currencyCode),
    source: 'file',
    lines,
  };
  if (head.invoiceTotal !== undefined) invoice.statedTotal = Number(head.invoiceTotal);
  return invoice;
}

/**
 * Whether an invoice's lines add up to its stated total (to the half cent, or within the tolerance);
 * the problem when they do not. For files and for connectors' invoices alike (Dicker states a total).
 */
export function totalMismatch(
  invoice: DistributorInvoice,
  tolerance: TotalTolerance = {},
  where: { line?: number; column?: string } = {},
): InvoiceFileProblem | undefined {
  if (invoice.statedTotal === undefined) return undefined;
  const sum = Math.round(invoice.lines.reduce((s, l) => s + l.amount, 0) * 10_000) / 10_000;
  const difference = Math.abs(sum - invoice.statedTotal);
  const allowed = Math.max(
    ROUNDING,
    tolerance.amount ?? 0,
    (Math.abs(invoice.statedTotal) * (tolerance.percent ?? 0)) / 100,
  );
  if (difference <= allowed + 1e-9) return undefined;
  return {
    code: InvoiceErrorCodes.TotalMismatch,
    ...(where.line !== undefined ? { line: where.line } : {}),
    ...(where.column ? { column: where.column } : {}),
    message: Problems.totalMismatch(invoice.number, sum, invoice.statedTotal),
  };
}

export function parseInvoiceCsv(content: string | Buffer, options: ParseInvoiceOptions = {}): InvoiceFileResult {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const fileHash = createHash('sha256').update(bytes).digest('hex');
  const { rows, titles, problems } = readRows(bytes.toString('utf8'), options.mapping ?? {});
  const byNumber = new Map<string, TypedRow[]>();
  for (const row of rows) {
    const list = byNumber.get(String(row.values.invoiceNumber)) ?? [];
    list.push(row);
    byNumber.set(String(row.values.invoiceNumber), list);
  }
  const invoices: DistributorInvoice[] = [];
  for (const invoiceRows of byNumber.values()) {
    const invoice = invoiceOf(invoiceRows, titles, problems);
    // A row that could not be read would make any sum wrong: totals are checked on clean files only.
    const total = problems.length
      ? undefined
      : totalMismatch(invoice, options.tolerance, { line: invoiceRows[0].line, column: titles.invoiceTotal });
    if (total) problems.push(total);
    invoices.push(invoice);
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return problems.length ? { ok: false, problems, fileHash } : { ok: true, invoices, fileHash };
}
