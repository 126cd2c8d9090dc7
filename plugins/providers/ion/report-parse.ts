/**
 * Pure readers of Ion's Reports API answers (report-wire.ts): the report list, the data frame (JSON
 * rows of typed values, or CSV), and one row as a charge. A row that cannot be understood becomes
 * `{ok:false, problem}` naming it (reported and skipped); a frame that cannot be understood throws,
 * because the invoice would otherwise be silently incomplete.
 */
import { parse } from 'csv-parse/sync';
import { W365Error } from '../../../common/errors';
import { isRecord, malformed, numberOf, text } from '../common/records';
import type { DistributorInvoiceLine, Parsed } from '../types';
import { IonErrorCodes } from './errors';
import {
  BILLING_CATEGORY,
  BILLING_REPORT_TEMPLATE,
  CHARGE_TYPES,
  REPORT_COLUMNS,
  REQUIRED_COLUMNS,
  type ReportField,
} from './report-wire';
import { Failures, Records } from './strings';

/** One value of a row, whichever way it came (a typed ReportValue, or a CSV cell). */
export interface ReportCell {
  text?: string;
  number?: number;
  currency?: string;
}
export type ReportRow = Partial<Record<ReportField, ReportCell>>;

/** A charge of the report: an invoice line without its number, and the invoice it belongs to. */
export type ReportCharge = Omit<DistributorInvoiceLine, 'lineNumber'> & { invoiceNumber: string; invoiceDate?: string };

const BY_TEMPLATE = new Map<string, ReportField>(
  Object.entries(REPORT_COLUMNS).map(([field, suffix]) => [suffix, field as ReportField]),
);

const unreadable = (what: string, why: string) =>
  new W365Error(IonErrorCodes.DistributorError, Failures.unreadable(what, why), { retryable: true });

/** The field a column template id stands for ("microsoft_billing_details.quantity" -> quantity). */
export function fieldOfTemplate(template: unknown): ReportField | undefined {
  const t = text(template);
  return t ? BY_TEMPLATE.get(t.slice(t.lastIndexOf('.') + 1)) : undefined;
}

/** The id of the Microsoft billing report in a ListReportsResponse, or undefined when there is none. */
export function billingReportIdOf(body: unknown, what: string): string | undefined {
  if (!isRecord(body)) throw unreadable(what, 'not a JSON object');
  const reports = body.reports ?? [];
  if (!Array.isArray(reports)) throw unreadable(what, 'reports is not a list');
  const billing = reports
    .filter(isRecord)
    .find((r) => text(r.category) === BILLING_CATEGORY && text(r.reportTemplateId) === BILLING_REPORT_TEMPLATE);
  return billing
    ? (text(billing.reportId) ?? (typeof billing.reportId === 'number' ? String(billing.reportId) : undefined))
    : undefined;
}

/** specs.allColumns of a Report: each column's field (or undefined for a column we do not read), and its title. */
export function columnsOf(
  report: unknown,
  what: string,
): { fields: (ReportField | undefined)[]; titles: Map<string, ReportField> } {
  const columns = isRecord(report) && isRecord(report.specs) ? report.specs.allColumns : undefined;
  if (!Array.isArray(columns)) throw unreadable(what, 'the report has no specs.allColumns');
  const fields = columns.map((c) => (isRecord(c) ? fieldOfTemplate(c.columnTemplateId) : undefined));
  const missing = REQUIRED_COLUMNS.filter((f) => !fields.includes(f));
  if (missing.length) throw unreadable(what, `the report has no ${missing.join(', ')} column`);
  const titles = new Map<string, ReportField>();
  columns.forEach((c, i) => {
    const title = isRecord(c) ? text(c.displayName) : undefined;
    if (title && fields[i]) titles.set(title.toLowerCase(), fields[i]!);
  });
  return { fields, titles };
}

/** `{ report, results: { rows }, resultCount, availableRowsCount }`; refuses an answer Ion cut short. */
export function readDataFrame(body: unknown, what: string): { fields: (ReportField | undefined)[]; rows: unknown[] } {
  if (!isRecord(body)) throw unreadable(what, 'not a JSON object');
  const { fields } = columnsOf(body.report, what);
  const results = isRecord(body.results) ? body.results : {};
  const rows = results.rows ?? [];
  if (!Array.isArray(rows)) throw unreadable(what, 'results.rows is not a list');
  const available = numberOf(body.availableRowsCount);
  if (available !== undefined && available > rows.length)
    throw new W365Error(IonErrorCodes.DistributorError, Failures.reportCut(what, rows.length, available));
  return { fields, rows };
}

/** A ReportValue [C]: the field its valueType names. */
function cellOfValue(v: unknown): ReportCell | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.valueType) {
    case 'MONEY': {
      const money = isRecord(v.moneyValue) ? v.moneyValue : {};
      const n = numberOf(money.value);
      return n === undefined
        ? { text: '' }
        : { number: n, ...(text(money.currency) ? { currency: text(money.currency) } : {}) };
    }
    case 'FLOAT':
      return numberOf(v.floatValue) === undefined ? { text: '' } : { number: numberOf(v.floatValue) };
    case 'INT':
      return numberOf(v.intValue) === undefined ? { text: '' } : { number: numberOf(v.intValue) };
    case 'DATE':
      return { text: text(v.dateValue) ?? '' };
    default:
      return { text: text(v.stringValue) ?? (typeof v.stringValue === 'number' ? String(v.stringValue) : '') };
  }
}

export function rowOfValues(raw: unknown, fields: readonly (ReportField | undefined)[]): ReportRow | string {
  const values = isRecord(raw) ? raw.values : undefined;
  if (!Array.isArray(values)) return Records.notAnObject;
  if (values.length !== fields.length) return Records.reportRowLength(values.length, fields.length);
  const row: ReportRow = {};
  fields.forEach((field, i) => {
    const cell = field ? cellOfValue(values[i]) : undefined;
    if (field && cell) row[field] = cell;
  });
  return row;
}

/** CSV rows by their header's titles (the report's display names); a row of the wrong width is a reason. */
export function rowsOfCsv(csv: string, titles: ReadonlyMap<string, ReportField>, what: string): (ReportRow | string)[] {
  let table: string[][];
  try {
    table = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw unreadable(what, `not CSV: ${(err as Error).message}`);
  }
  if (!table.length) return [];
  const fields = table[0].map((t) => titles.get(t.toLowerCase()));
  const missing = REQUIRED_COLUMNS.filter((f) => !fields.includes(f));
  if (missing.length) throw unreadable(what, `the CSV has no ${missing.join(', ')} column`);
  return table.slice(1).map((cells) => {
    if (cells.length !== fields.length) return Records.reportRowLength(cells.length, fields.length);
    const row: ReportRow = {};
    fields.forEach((f, i) => {
      if (f) row[f] = { text: cells[i] };
    });
    return row;
  });
}

const numberIn = (cell: ReportCell | undefined) => cell?.number ?? numberOf(cell?.text);
const dateIn = (cell: ReportCell | undefined) =>
  /^\d{4}-\d{2}-\d{2}/.test(cell?.text ?? '') ? cell!.text!.slice(0, 10) : undefined;

/** One row as a charge; a missing or wrong value makes the row malformed, named by its number. */
export function chargeOf(
  row: ReportRow | string,
  rowNumber: number,
  period: { start: string; end: string },
): Parsed<ReportCharge> {
  const at = Records.reportRow(rowNumber);
  if (typeof row === 'string') return malformed(at, row);
  for (const field of ['invoiceNumber', 'customerId', 'partNumber'] as const)
    if (!text(row[field]?.text)) return malformed(at, Records.reportValueMissing(REPORT_COLUMNS[field]));
  const words = (row.chargeType?.text ?? '').toLowerCase().replace(/[\s_-]+/g, '');
  const chargeType = CHARGE_TYPES[words as keyof typeof CHARGE_TYPES];
  if (!chargeType) return malformed(at, Records.reportChargeType(JSON.stringify(row.chargeType?.text ?? null)));
  const figures: Record<'quantity' | 'unitCost' | 'amount', number> = { quantity: 0, unitCost: 0, amount: 0 };
  for (const field of ['quantity', 'unitCost', 'amount'] as const) {
    const n = numberIn(row[field]);
    if (n === undefined)
      return malformed(at, Records.reportNumber(REPORT_COLUMNS[field], JSON.stringify(row[field]?.text ?? null)));
    figures[field] = n;
  }
  const charge: ReportCharge = {
    invoiceNumber: text(row.invoiceNumber!.text)!,
    customerId: text(row.customerId!.text)!,
    sku: text(row.partNumber!.text)!.toUpperCase(),
    description: text(row.productName?.text) ?? text(row.partNumber!.text)!,
    ...figures,
    chargeType,
    periodStart: dateIn(row.chargeStart) ?? period.start,
    periodEnd: dateIn(row.chargeEnd) ?? period.end,
  };
  const subscriptionId = text(row.subscriptionId?.text);
  if (subscriptionId) charge.providerSubscriptionId = subscriptionId;
  const unitPrice = numberIn(row.unitPrice);
  if (unitPrice !== undefined) charge.unitPrice = unitPrice;
  const invoiceDate = dateIn(row.invoiceDate);
  if (invoiceDate) charge.invoiceDate = invoiceDate;
  const currency = row.amount?.currency ?? row.unitCost?.currency;
  if (currency && /^[A-Za-z]{3}$/.test(currency)) charge.currencyCode = currency.toUpperCase();
  return { ok: true, value: charge };
}
