/**
 * The choices of distributor invoices, invoice lines and reconciliation variances (issue 17). Global
 * option sets like every other choice of the product; re-exported by ../choices.ts, so code reaches
 * them as `Choices.varianceType.Quantity` like the rest.
 */
import { defineChoice, optionValue as v } from '../define';

/** Where an invoice came from. */
export const invoiceSource = defineChoice('w365_invoicesource', 'Invoice Source', {
  IonReport: [v(0), 'Ion Report'],
  DickerFeed: [v(1), 'Dicker Feed'],
  File: [v(2), 'File'],
});

/**
 * An invoice is written header first (Importing), then its lines in batches, then marked Imported: a
 * run that stops half-way leaves it Importing, and the next import of the same invoice completes it.
 * Failed: the source could not be read to the end (the lines written so far are kept, never deleted).
 */
export const invoiceImportStatus = defineChoice('w365_invoiceimportstatus', 'Import Status', {
  Importing: [v(0), 'Importing'],
  Imported: [v(1), 'Imported'],
  Failed: [v(2), 'Failed'],
});

/** What an invoice line charges for [C: the groups of Work 365's invoice preview, peers.md §1.5]. */
export const invoiceChargeType = defineChoice('w365_invoicechargetype', 'Charge Type', {
  Recurring: [v(0), 'Recurring'],
  Proration: [v(1), 'Proration'],
  OneOff: [v(2), 'One-off'],
  Usage: [v(3), 'Usage'],
});

/** What a reconciliation found; see plugins/sync/reconcile/README.md for each type's rule. */
export const varianceType = defineChoice('w365_variancetype', 'Variance Type', {
  Quantity: [v(0), 'Quantity'],
  UnitCost: [v(1), 'Unit Cost'],
  PriceBelowCost: [v(2), 'Price Below Cost'],
  MissingInCrm: [v(3), 'Missing in CRM'],
  MissingOnInvoice: [v(4), 'Missing on Invoice'],
  UnmappedSku: [v(5), 'Unmapped SKU'],
  UnmappedAccount: [v(6), 'Unmapped Account'],
  CurrencyMismatch: [v(7), 'Currency Mismatch'],
  DuplicateLine: [v(8), 'Duplicate Line'],
  InvoiceEmpty: [v(9), 'Invoice Empty'],
  CustomerNoLines: [v(10), 'Customer With No Lines'],
});

/** A person's verdict on a variance; a rerun of the reconciliation never changes it. */
export const varianceReviewStatus = defineChoice('w365_variancereviewstatus', 'Review Status', {
  Open: [v(0), 'Open'],
  Accepted: [v(1), 'Accepted'],
  Fixed: [v(2), 'Fixed'],
});
