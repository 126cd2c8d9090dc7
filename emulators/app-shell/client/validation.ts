/**
 * Field-level validation as a model-driven form does it, from the column's own metadata: a required
 * value, the most characters, a number's range and decimals, a URL's or e-mail's shape. Each problem is
 * a sentence with the column's display name, shown next to the field, never a logical name.
 */
import { ShellStrings } from '../strings';
import type { ColumnMeta } from '../shared/metadata';
import type { XrmValue } from './values';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isEmpty(value: XrmValue): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A web address Dataverse's URL format accepts: http or https, with a host [I] (the format's rule). */
export function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

function textProblem(column: ColumnMeta, text: string): string | undefined {
  if (column.maxLength !== undefined && text.length > column.maxLength)
    return ShellStrings.tooLong(column.label, column.maxLength, text.length);
  if (column.format === 'url' && !isWebAddress(text)) return ShellStrings.notUrl(column.label);
  if (column.format === 'email' && !EMAIL.test(text)) return ShellStrings.notEmail(column.label);
  return undefined;
}

function numberProblem(column: ColumnMeta, n: number): string | undefined {
  if (!Number.isFinite(n)) return ShellStrings.notNumber(column.label);
  const decimals = (String(n).split('.')[1] ?? '').length;
  if (column.precision === 0 && !Number.isInteger(n)) return ShellStrings.notWhole(column.label);
  if (column.precision !== undefined && decimals > column.precision)
    return ShellStrings.tooManyDecimals(column.label, column.precision);
  if ((column.min !== undefined && n < column.min) || (column.max !== undefined && n > column.max))
    return ShellStrings.outOfRange(column.label, column.min, column.max);
  return undefined;
}

/** What is wrong with `value` for `column`, in words; undefined when nothing is. */
export function validate(column: ColumnMeta, value: XrmValue): string | undefined {
  if (isEmpty(value)) return column.required ? ShellStrings.required(column.label) : undefined;
  if (typeof value === 'string') return textProblem(column, value);
  if (typeof value === 'number') return numberProblem(column, value);
  return undefined;
}

/**
 * Dataverse's own validation messages name logical names (`'w365_quantity' on record of type
 * 'w365_subscription'`); a person reads the display names instead.
 */
export function inWords(message: string, names: ReadonlyMap<string, string>): string {
  return message.replace(/'([a-z0-9_]+)'/g, (whole, name: string) => {
    const label = names.get(name);
    return label ? `“${label}”` : whole;
  });
}
