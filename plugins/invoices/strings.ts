/** Every user-visible string of invoice files: what each cell was expected to be, and each problem. */
import type { DateFormat } from './mapping';

const money = (n: number) => n.toFixed(2);

export const Expected = {
  number: (decimalComma: boolean) =>
    decimalComma ? 'a number such as 1.234,56 or -12,5' : 'a number such as 1234.56, 1,234.56 or -12.5',
  wholeNumber: 'a whole number of 1 or more',
  date: (format: DateFormat) =>
    `a date written ${format}${format === 'yyyy-mm-dd' ? ' (e.g. 2025-06-30)' : format === 'dd-mmm-yyyy' ? ' (e.g. 30-Jun-2025)' : ''}`,
  currency: 'a three-letter ISO 4217 currency code such as AUD',
  chargeType: (words: readonly string[]) => `one of the charge types ${words.join(', ')}`,
  text: (maxLength: number) => `text of at most ${maxLength} characters`,
} as const;

export const Problems = {
  unreadable: (why: string) => `The file is not readable as CSV: ${why}.`,
  empty: 'The file has a header row but no lines: an invoice file needs at least one line.',
  noHeader: 'The file is empty: it needs a header row naming the columns, then one row per invoice line.',
  columnMissing: (title: string) => `The header row has no column "${title}", which the layout requires.`,
  columnDuplicate: (title: string) => `The header row names column "${title}" twice.`,
  rowLength: (cells: number, columns: number) =>
    `The row has ${cells} cells, but the header row names ${columns} columns.`,
  valueMissing: (title: string) => `"${title}" is empty; it is required.`,
  valueInvalid: (title: string, value: string, expected: string) => `"${title}" is "${value}", expected ${expected}.`,
  headerInconsistent: (title: string, value: string, first: string, firstLine: number) =>
    `"${title}" is "${value}" here but "${first}" on line ${firstLine} of the same invoice; it must be the same on every line.`,
  periodInvalid: (startTitle: string, endTitle: string) => `"${startTitle}" is after "${endTitle}".`,
  lineNumberDuplicate: (lineNumber: number, firstLine: number) =>
    `Line number ${lineNumber} is used on line ${firstLine} of the file already (within the same invoice).`,
  totalMismatch: (invoice: string, sum: number, stated: number) =>
    `Invoice ${invoice}: its lines add up to ${money(sum)}, but it states a total of ${money(stated)} (a difference of ${money(sum - stated)}). Correct the file, or import it with a tolerance that covers the difference.`,
} as const;

export const MappingMessages = {
  notAnObject: (name: string) => `${name} must be a JSON object.`,
  unknownField: (where: string, key: string, known: readonly string[]) =>
    `${where}.${key} names no field of the layout; the fields are ${known.join(', ')}.`,
  notText: (where: string) => `${where} must be a non-empty text.`,
  badChargeType: (word: string, ours: readonly string[]) => `chargeTypes.${word} must be one of ${ours.join(', ')}.`,
  unknownOption: (key: string, known: readonly string[]) =>
    `${key} is not a mapping option; the options are ${known.join(', ')}.`,
  badDateFormat: (formats: readonly string[]) => `dateFormat must be one of ${formats.join(', ')}.`,
  badDelimiter: 'delimiter must be one character (not a quote or a line break).',
  notBoolean: (key: string) => `${key} must be true or false.`,
  bothColumnAndValue: (field: string) =>
    `${field} is given both a column (columns.${field}) and a fixed value (values.${field}); give one.`,
  refused: (problems: number) =>
    `The invoice column mapping has ${problems} problem${problems === 1 ? '' : 's'}; nothing was read.`,
} as const;

export const Refusal = {
  heading: (fileName: string, problems: number) =>
    `${fileName} was not imported: it has ${problems} problem${problems === 1 ? '' : 's'} (nothing of it was imported):`,
  problemLine: (p: { line?: number; column?: string; message: string; code: string }) =>
    `${p.line !== undefined ? `line ${p.line}` : 'file'}${p.column ? `, column ${p.column}` : ''}: ${p.message} [${p.code}]`,
  more: (count: number) => `... and ${count} more.`,
} as const;

/** Names of rows the import writes. */
export const RowNames = {
  invoice: (provider: string, number: string, periodStart: string) =>
    `${provider} ${number} (${periodStart.slice(0, 7)})`,
  line: (lineNumber: number, description: string, quantity: number) => `#${lineNumber} ${description} x ${quantity}`,
} as const;
