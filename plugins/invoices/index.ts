/**
 * Distributor invoices from files (docs/invoice-csv.md) and as rows to write. Pure: callers read the
 * file and send the writes.
 */
export {
  parseInvoiceCsv,
  totalMismatch,
  type InvoiceFileResult,
  type ParseInvoiceOptions,
  type TotalTolerance,
} from './parse-csv';
export { readMapping, DATE_FORMATS, type InvoiceCsvMapping, type MappingProblem, type DateFormat } from './mapping';
export { FIELDS, FIELD_NAMES, type FieldName } from './layout';
export { InvoiceErrorCodes, refusal, mappingRefusal, type InvoiceFileProblem, type InvoiceErrorCode } from './errors';
export {
  invoiceWrites,
  headerWrite,
  lineWrite,
  completionWrite,
  invoiceContentHash,
  reimportOf,
  type InvoiceImportContext,
  type InvoiceWrites,
  type ReimportDecision,
} from './writes';
export { invoiceRowId, invoiceLineRowId, varianceRowId } from './ids';
export type { LookupRef, RowWrite, Scalar } from './row-write';
