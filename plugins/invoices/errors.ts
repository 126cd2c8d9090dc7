/**
 * Error codes of invoice files (docs/error-codes.md). A file is imported whole or not at all: every
 * problem of every line is collected (line number, column, what was expected), and a file with any
 * problem is refused with INVOICE_FILE_REFUSED carrying them all.
 */
import { W365Error } from '../../common/errors';
import type { MappingProblem } from './mapping';
import { MappingMessages, Refusal } from './strings';

export const InvoiceErrorCodes = {
  FileRefused: 'INVOICE_FILE_REFUSED',
  FileUnreadable: 'INVOICE_FILE_UNREADABLE',
  FileEmpty: 'INVOICE_FILE_EMPTY',
  ColumnMissing: 'INVOICE_COLUMN_MISSING',
  ColumnDuplicate: 'INVOICE_COLUMN_DUPLICATE',
  RowLength: 'INVOICE_ROW_LENGTH',
  ValueMissing: 'INVOICE_VALUE_MISSING',
  ValueInvalid: 'INVOICE_VALUE_INVALID',
  HeaderInconsistent: 'INVOICE_HEADER_INCONSISTENT',
  PeriodInvalid: 'INVOICE_PERIOD_INVALID',
  LineNumberDuplicate: 'INVOICE_LINE_NUMBER_DUPLICATE',
  TotalMismatch: 'INVOICE_TOTAL_MISMATCH',
  MappingInvalid: 'INVOICE_MAPPING_INVALID',
} as const;
export type InvoiceErrorCode = (typeof InvoiceErrorCodes)[keyof typeof InvoiceErrorCodes];

export interface InvoiceFileProblem {
  code: InvoiceErrorCode;
  /** Line of the file, 1 being the header row; absent for a problem of the whole file. */
  line?: number;
  /** The column's title as the file writes it. */
  column?: string;
  message: string;
}

/** At most this many problems are listed in a refusal's message (all of them are in its details). */
export const LISTED_PROBLEMS = 20;

export function refusal(fileName: string, problems: readonly InvoiceFileProblem[]): W365Error {
  const listed = problems.slice(0, LISTED_PROBLEMS).map((p) => `  ${Refusal.problemLine(p)}`);
  const more = problems.length > LISTED_PROBLEMS ? [`  ${Refusal.more(problems.length - LISTED_PROBLEMS)}`] : [];
  return new W365Error(
    InvoiceErrorCodes.FileRefused,
    [Refusal.heading(fileName, problems.length), ...listed, ...more].join('\n'),
    { details: { problems } },
  );
}

/** A column mapping that cannot be used: every problem, each naming the mapping's field. */
export function mappingRefusal(problems: readonly MappingProblem[]): W365Error {
  return new W365Error(
    InvoiceErrorCodes.MappingInvalid,
    [MappingMessages.refused(problems.length), ...problems.map((p) => `  ${p.field}: ${p.message}`)].join('\n'),
    { details: { problems } },
  );
}
