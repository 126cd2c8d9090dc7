/**
 * Error codes of the Import Invoice job (docs/error-codes.md). The file's own problems are
 * plugins/invoices' codes (INVOICE_FILE_REFUSED and the per-line codes it carries).
 */
export const InvoiceImportErrorCodes = {
  /** The job's parameters are not what Import Invoice takes (a bad period, tolerance or mapping). */
  ParametersInvalid: 'INVOICE_IMPORT_PARAMETERS_INVALID',
  /** No file was attached and the distributor has no invoice API. */
  NoSource: 'INVOICE_IMPORT_NO_SOURCE',
  /** The note the job names does not exist, is not the job's provider's, or has no file. */
  AttachmentNotFound: 'INVOICE_ATTACHMENT_NOT_FOUND',
  /** The attached file is larger than the service reads. */
  AttachmentTooLarge: 'INVOICE_ATTACHMENT_TOO_LARGE',
  /** The same invoice number was imported before with other content: not imported over it. */
  Changed: 'INVOICE_CHANGED',
  /** Lines of the distributor's invoice could not be read: the invoice was not imported. */
  LinesUnreadable: 'INVOICE_LINES_UNREADABLE',
  /** The distributor has no invoice for the period. */
  NoneForPeriod: 'INVOICE_NONE_FOR_PERIOD',
  /** Item: lines for a customer no provider account has (imported; reconciliation reports them). */
  CustomerUnknown: 'INVOICE_CUSTOMER_UNKNOWN',
  /** Rows of the invoice could not be written; it stays Importing and the next import completes it. */
  WriteFailed: 'INVOICE_WRITE_FAILED',
} as const;
