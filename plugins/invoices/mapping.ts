/**
 * The column-mapping option: how a partner's own invoice export maps onto our layout (layout.ts), as a
 * small JSON document (docs/invoice-csv.md shows one). Checked before any row is read; every problem
 * names the field of the mapping that is wrong.
 */
import { CHARGE_TYPE_WORDS, FIELDS, FIELD_NAMES, type FieldName } from './layout';
import { MappingMessages } from './strings';

export const DATE_FORMATS = ['yyyy-mm-dd', 'dd/mm/yyyy', 'mm/dd/yyyy', 'dd-mmm-yyyy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export type ChargeTypeName = 'recurring' | 'proration' | 'oneoff' | 'usage';
const CHARGE_TYPES: readonly ChargeTypeName[] = ['recurring', 'proration', 'oneoff', 'usage'];

export interface InvoiceCsvMapping {
  /** Our field -> the title of the partner's column. Fields not named here are found by our own title. */
  columns?: Partial<Record<FieldName, string>>;
  /** Fixed values for fields the export does not have (the currency, the invoice number, ...). */
  values?: Partial<Record<FieldName, string>>;
  /** The export's charge type words -> ours (besides the words we read anyway). */
  chargeTypes?: Record<string, ChargeTypeName>;
  /** How dates are written. Default yyyy-mm-dd. */
  dateFormat?: DateFormat;
  /** Column delimiter, one character. Default ','. */
  delimiter?: string;
  /** Numbers are written 1.234,56 (decimal comma, dot for thousands). Default false. */
  decimalComma?: boolean;
}

export interface MappingProblem {
  /** The mapping's field that is wrong, e.g. `columns.customerId`. */
  field: string;
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isField = (k: string): k is FieldName => (FIELD_NAMES as string[]).includes(k);

function checkFieldMap(raw: unknown, name: 'columns' | 'values', problems: MappingProblem[]) {
  if (raw === undefined) return;
  if (!isRecord(raw)) {
    problems.push({ field: name, message: MappingMessages.notAnObject(name) });
    return;
  }
  for (const [k, v] of Object.entries(raw)) {
    if (!isField(k))
      problems.push({ field: `${name}.${k}`, message: MappingMessages.unknownField(name, k, FIELD_NAMES) });
    else if (typeof v !== 'string' || !v.trim())
      problems.push({ field: `${name}.${k}`, message: MappingMessages.notText(`${name}.${k}`) });
  }
}

function checkChargeTypes(raw: unknown, problems: MappingProblem[]) {
  if (raw === undefined) return;
  if (!isRecord(raw)) {
    problems.push({ field: 'chargeTypes', message: MappingMessages.notAnObject('chargeTypes') });
    return;
  }
  for (const [word, ours] of Object.entries(raw))
    if (typeof ours !== 'string' || !CHARGE_TYPES.includes(ours as ChargeTypeName))
      problems.push({ field: `chargeTypes.${word}`, message: MappingMessages.badChargeType(word, CHARGE_TYPES) });
}

function checkOptions(raw: Record<string, unknown>, problems: MappingProblem[]) {
  const known = new Set(['columns', 'values', 'chargeTypes', 'dateFormat', 'delimiter', 'decimalComma']);
  for (const k of Object.keys(raw))
    if (!known.has(k)) problems.push({ field: k, message: MappingMessages.unknownOption(k, [...known]) });
  if (raw.dateFormat !== undefined && !DATE_FORMATS.includes(raw.dateFormat as DateFormat))
    problems.push({ field: 'dateFormat', message: MappingMessages.badDateFormat(DATE_FORMATS) });
  if (
    raw.delimiter !== undefined &&
    (typeof raw.delimiter !== 'string' || raw.delimiter.length !== 1 || /["\r\n]/.test(raw.delimiter))
  )
    problems.push({ field: 'delimiter', message: MappingMessages.badDelimiter });
  if (raw.decimalComma !== undefined && typeof raw.decimalComma !== 'boolean')
    problems.push({ field: 'decimalComma', message: MappingMessages.notBoolean('decimalComma') });
}

/** A mapping as read from JSON, checked; or every problem with it. */
export function readMapping(
  raw: unknown,
): { ok: true; mapping: InvoiceCsvMapping } | { ok: false; problems: MappingProblem[] } {
  if (!isRecord(raw))
    return { ok: false, problems: [{ field: '(mapping)', message: MappingMessages.notAnObject('The mapping') }] };
  const problems: MappingProblem[] = [];
  checkFieldMap(raw.columns, 'columns', problems);
  checkFieldMap(raw.values, 'values', problems);
  checkChargeTypes(raw.chargeTypes, problems);
  checkOptions(raw, problems);
  if (isRecord(raw.columns) && isRecord(raw.values))
    for (const k of Object.keys(raw.columns))
      if (k in raw.values) problems.push({ field: `values.${k}`, message: MappingMessages.bothColumnAndValue(k) });
  return problems.length ? { ok: false, problems } : { ok: true, mapping: raw as InvoiceCsvMapping };
}

/** The column title a field is read from (the mapping's, else ours). */
export function columnTitleOf(field: FieldName, mapping: InvoiceCsvMapping): string {
  return mapping.columns?.[field] ?? FIELDS[field].column;
}

/** Charge type words the mapping adds to ours, normalised the way cells are. */
export function chargeTypeWords(mapping: InvoiceCsvMapping): Map<string, ChargeTypeName> {
  const words = new Map<string, ChargeTypeName>(Object.entries(CHARGE_TYPE_WORDS));
  for (const [word, ours] of Object.entries(mapping.chargeTypes ?? {})) words.set(normaliseWord(word), ours);
  return words;
}

export const normaliseWord = (word: string): string => word.toLowerCase().replace(/[\s_-]+/g, '');
