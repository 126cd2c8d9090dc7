/** Error codes of the Reconcile job (docs/error-codes.md). */
export const ReconcileErrorCodes = {
  /** The job's parameters are not what Reconcile takes (no invoice, a bad tolerance). */
  ParametersInvalid: 'RECONCILE_PARAMETERS_INVALID',
  /** The invoice named does not exist for the job's provider. */
  InvoiceNotFound: 'RECONCILE_INVOICE_NOT_FOUND',
  /** The period named holds several invoices of the provider: the job must name one. */
  InvoiceAmbiguous: 'RECONCILE_INVOICE_AMBIGUOUS',
  /** The invoice's import has not completed: a half-imported invoice is never reconciled. */
  InvoiceNotImported: 'RECONCILE_INVOICE_NOT_IMPORTED',
  /** A tolerance in the provider's Additional Properties is not a number. */
  ToleranceInvalid: 'RECONCILE_TOLERANCE_INVALID',
  /** Variance rows could not be written; the next run writes them. */
  WriteFailed: 'RECONCILE_WRITE_FAILED',
} as const;
