/**
 * What an Import Invoice job is asked to do, from its parameters (JSON on the Sync Job):
 * - `{"attachmentId": "<note id>"}`: the invoice file the ribbon (or `w365 import-invoice --file`)
 *   uploaded as a note on the Provider; with `"mapping": {...}` for a partner's own export layout
 *   (docs/invoice-csv.md) and `"totalTolerance": {"amount": 0.5, "percent": 0.1}` for a file whose lines
 *   the distributor rounded differently from its stated total;
 * - `{"period": "2025-06"}` or `{"periodStart": "2025-06-01", "periodEnd": "2025-06-30"}`: the
 *   distributor's own invoices for that billing period (Ion, Dicker); without a period, last month.
 * A parameter that is wrong is refused by name before anything is read.
 */
import { W365Error } from '../../../common/errors';
import { mappingRefusal, readMapping, type InvoiceCsvMapping, type TotalTolerance } from '../../invoices';
import { InvoiceImportErrorCodes } from './errors';
import { ImportMessages } from './strings';

export type ImportSource =
  | { kind: 'attachment'; attachmentId: string }
  | { kind: 'distributor'; periodStart: string; periodEnd: string }
  /** A file read by the caller itself (tests; never from a browser). */
  | { kind: 'content'; fileName: string; content: Buffer };

export interface ImportRequest {
  source: ImportSource;
  mapping?: InvoiceCsvMapping;
  totalTolerance: TotalTolerance;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const bad = (field: string, expected: string) =>
  new W365Error(InvoiceImportErrorCodes.ParametersInvalid, ImportMessages.badParameter(field, expected));

function isDate(v: unknown): v is string {
  return typeof v === 'string' && DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
}

/** The calendar month before `now` (UTC), as an inclusive period. */
export function previousMonth(now: Date): { periodStart: string; periodEnd: string } {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { periodStart: first.toISOString().slice(0, 10), periodEnd: last.toISOString().slice(0, 10) };
}

/** `2025-06` -> 1 to 30 June 2025. */
export function monthPeriod(month: string): { periodStart: string; periodEnd: string } | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  return previousMonth(new Date(Date.UTC(Number(m[1]), Number(m[2]), 1)));
}

function periodOf(p: Record<string, unknown>, now: Date): { periodStart: string; periodEnd: string } {
  if (p.period !== undefined) {
    const month = typeof p.period === 'string' ? monthPeriod(p.period) : undefined;
    if (!month) throw bad('period', 'a month written yyyy-mm, e.g. 2025-06');
    return month;
  }
  if (p.periodStart === undefined && p.periodEnd === undefined) return previousMonth(now);
  if (!isDate(p.periodStart)) throw bad('periodStart', 'a date written yyyy-mm-dd');
  if (!isDate(p.periodEnd)) throw bad('periodEnd', 'a date written yyyy-mm-dd');
  if (p.periodStart > p.periodEnd) throw bad('periodEnd', 'a date on or after periodStart');
  return { periodStart: p.periodStart, periodEnd: p.periodEnd };
}

/** A tolerance object `{ amount?, percent? }` of non-negative numbers, or the field it names as wrong. */
/** A tolerance parameter; `refuse` builds the caller's own error (Import Invoice's or Reconcile's code). */
export function toleranceOf(
  raw: unknown,
  field: string,
  refuse: (field: string, expected: string) => Error = bad,
): { amount?: number; percent?: number } {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw refuse(field, 'an object such as {"amount": 0.5, "percent": 0.1}');
  const out: { amount?: number; percent?: number } = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k !== 'amount' && k !== 'percent') throw refuse(`${field}.${k}`, 'only amount and percent');
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw refuse(`${field}.${k}`, 'a number of 0 or more');
    out[k] = v;
  }
  return out;
}

export function importRequestOf(parameters: Readonly<Record<string, unknown>>, now: Date): ImportRequest {
  if (parameters.invalid !== undefined) throw bad('(parameters)', 'a JSON object');
  const totalTolerance = toleranceOf(parameters.totalTolerance, 'totalTolerance');
  let mapping: InvoiceCsvMapping | undefined;
  if (parameters.mapping !== undefined) {
    const read = readMapping(parameters.mapping);
    if (!read.ok) throw mappingRefusal(read.problems);
    mapping = read.mapping;
  }
  const attachmentId = parameters.attachmentId;
  if (attachmentId !== undefined) {
    if (typeof attachmentId !== 'string' || !GUID.test(attachmentId)) throw bad('attachmentId', "a note's id (a GUID)");
    return { source: { kind: 'attachment', attachmentId }, mapping, totalTolerance };
  }
  return { source: { kind: 'distributor', ...periodOf(parameters, now) }, mapping, totalTolerance };
}
