/**
 * Reading one cell of an invoice file: a number, a date, a currency code or a charge type, as the
 * mapping says they are written. Each reader answers the value, or what was expected (for the line's
 * error message).
 */
import {
  chargeTypeWords,
  normaliseWord,
  type ChargeTypeName,
  type DateFormat,
  type InvoiceCsvMapping,
} from './mapping';
import { Expected } from './strings';

export type Cell<T> = { ok: true; value: T } | { ok: false; expected: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function readNumber(text: string, decimalComma: boolean): Cell<number> {
  // Thousands separators are allowed only between groups of three digits: "1,234.56" yes, "1,23" no.
  const pattern = decimalComma
    ? /^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$/
    : /^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$/;
  if (!pattern.test(text)) return { ok: false, expected: Expected.number(decimalComma) };
  const plain = decimalComma ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  return { ok: true, value: Number(plain) };
}

export function readWholeNumber(text: string): Cell<number> {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) return { ok: false, expected: Expected.wholeNumber };
  return { ok: true, value: Number(text) };
}

function ymd(y: string, m: number, d: string): string | undefined {
  const iso = `${y}-${String(m).padStart(2, '0')}-${d.padStart(2, '0')}`;
  // 31/02/2025 and the like must not roll over into March.
  const parsed = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(parsed) && new Date(parsed).toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** A date as written in `format`, as yyyy-mm-dd. */
export function readDate(text: string, format: DateFormat): Cell<string> {
  let iso: string | undefined;
  const parts = /^(\d{1,4})[-/.](\d{1,2}|[A-Za-z]{3})[-/.](\d{1,4})$/.exec(text);
  if (parts) {
    const [, a, b, c] = parts;
    if (format === 'yyyy-mm-dd' && /^\d{4}$/.test(a) && /^\d{1,2}$/.test(b)) iso = ymd(a, Number(b), c);
    else if (format === 'dd/mm/yyyy' && /^\d{4}$/.test(c) && /^\d{1,2}$/.test(b)) iso = ymd(c, Number(b), a);
    else if (format === 'mm/dd/yyyy' && /^\d{4}$/.test(c) && /^\d{1,2}$/.test(b)) iso = ymd(c, Number(a), b);
    else if (format === 'dd-mmm-yyyy' && /^\d{4}$/.test(c) && MONTHS.includes(b.toLowerCase()))
      iso = ymd(c, MONTHS.indexOf(b.toLowerCase()) + 1, a);
  }
  return iso ? { ok: true, value: iso } : { ok: false, expected: Expected.date(format) };
}

export function readCurrency(text: string): Cell<string> {
  return /^[A-Za-z]{3}$/.test(text)
    ? { ok: true, value: text.toUpperCase() }
    : { ok: false, expected: Expected.currency };
}

export function chargeTypeReader(mapping: InvoiceCsvMapping): (text: string) => Cell<ChargeTypeName> {
  const words = chargeTypeWords(mapping);
  return (text) => {
    const value = words.get(normaliseWord(text));
    return value ? { ok: true, value } : { ok: false, expected: Expected.chargeType([...words.keys()]) };
  };
}
