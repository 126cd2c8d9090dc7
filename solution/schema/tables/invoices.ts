/**
 * Distributor invoices and their lines (issue 17): what the distributor bills the partner, imported
 * from Ion's billing reports, Dicker Data's invoice feed or a file, and reconciled against the synced
 * subscriptions. Alternate keys make a re-import idempotent: an invoice is (provider, invoice number),
 * a line is (invoice, line number).
 *
 * Amounts are Decimal in the invoice's own currency (its currency code), not Money: a Money column makes
 * Dataverse tie the row to a transaction currency and convert to the base currency at the rate of the
 * day it is saved, and a distributor invoice must keep the distributor's figures exactly as billed.
 */
import * as Choices from '../choices';
import { col, customLookup, defineTable } from '../define';

/** Decimal amounts: 4 places (the catalogue's unit prices), negative for credits. */
const amount = (logicalName: string, displayName: string, description?: string) =>
  col.decimal(logicalName, displayName, { precision: 4, ...(description ? { description } : {}) });

export const distributorInvoice = defineTable({
  logicalName: 'w365_distributorinvoice',
  entitySetName: 'w365_distributorinvoices',
  displayName: 'Distributor Invoice',
  pluralDisplayName: 'Distributor Invoices',
  description: 'One invoice of a distributor to the partner, for one billing period. Never deleted.',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 400, { required: 'required' }),
    provider: customLookup(
      'w365_providerid',
      'w365_ProviderId',
      'Provider',
      'w365_provider',
      'w365_provider_distributorinvoice',
      { required: 'required' },
    ),
    invoiceNumber: col.string('w365_invoicenumber', 'Invoice Number', 100, { required: 'required' }),
    invoiceDate: col.datetime('w365_invoicedate', 'Invoice Date', { behavior: 'dateonly' }),
    periodStart: col.datetime('w365_periodstart', 'Billing Period Start', { behavior: 'dateonly' }),
    periodEnd: col.datetime('w365_periodend', 'Billing Period End', { behavior: 'dateonly' }),
    currencyCode: col.string('w365_currencycode', 'Currency Code', 3, {
      description: 'ISO 4217 code of the currency the distributor bills in; every amount of the invoice is in it.',
    }),
    total: amount(
      'w365_total',
      'Total',
      'The total the distributor states (or the sum of the lines when it states none).',
    ),
    source: col.choice('w365_source', 'Source', Choices.invoiceSource, { required: 'required' }),
    importStatus: col.choice('w365_importstatus', 'Import Status', Choices.invoiceImportStatus, {
      required: 'required',
      defaultValue: Choices.invoiceImportStatus.Importing,
    }),
    lineCount: col.integer('w365_linecount', 'Line Count', { min: 0 }),
    fileHash: col.string('w365_filehash', 'File Hash', 64, {
      description: 'SHA-256 (hex) of the imported file or answer, so that a changed re-import can be told apart.',
    }),
  },
  keys: [
    {
      logicalName: 'w365_distributorinvoice_number',
      displayName: 'Provider and Invoice Number',
      columns: ['provider', 'invoiceNumber'],
    },
  ],
});

export const invoiceLine = defineTable({
  logicalName: 'w365_invoiceline',
  entitySetName: 'w365_invoicelines',
  displayName: 'Invoice Line',
  pluralDisplayName: 'Invoice Lines',
  description: 'One charge of a distributor invoice, as the distributor billed it. Never edited by the service.',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 400, { required: 'required' }),
    invoice: customLookup(
      'w365_invoiceid',
      'w365_InvoiceId',
      'Invoice',
      'w365_distributorinvoice',
      'w365_distributorinvoice_invoiceline',
      { required: 'required' },
    ),
    lineNumber: col.integer('w365_linenumber', 'Line Number', { min: 1, required: 'required' }),
    providerAccount: customLookup(
      'w365_provideraccountid',
      'w365_ProviderAccountId',
      'Provider Account',
      'w365_provideraccount',
      'w365_provideraccount_invoiceline',
    ),
    providerCustomerId: col.string('w365_providercustomerid', 'Distributor Customer Id', 200, {
      description: "The distributor's id of the customer as the line gives it (kept when no provider account has it).",
    }),
    providerSubscriptionId: col.string('w365_providersubscriptionid', 'Provider Subscription Id', 200),
    sku: col.string('w365_sku', 'SKU', 200),
    description: col.string('w365_description', 'Description', 500),
    quantity: col.decimal('w365_quantity', 'Quantity', { precision: 4, min: -10000000, max: 10000000 }),
    unitPrice: amount(
      'w365_unitprice',
      'Unit Price',
      'List (retail) price per unit for a full period, when the distributor gives it.',
    ),
    unitCost: amount(
      'w365_unitcost',
      'Unit Cost',
      'What the distributor charges the partner per unit for a full period.',
    ),
    amount: amount('w365_amount', 'Amount', 'What the line charges: quantity x unit cost, prorated for a part period.'),
    chargeType: col.choice('w365_chargetype', 'Charge Type', Choices.invoiceChargeType, { required: 'required' }),
    periodStart: col.datetime('w365_periodstart', 'Period Start', { behavior: 'dateonly' }),
    periodEnd: col.datetime('w365_periodend', 'Period End', { behavior: 'dateonly' }),
    currencyCode: col.string('w365_currencycode', 'Currency Code', 3, {
      description: "Only when the line states a currency of its own (which then differs from the invoice's).",
    }),
  },
  keys: [
    {
      logicalName: 'w365_invoiceline_number',
      displayName: 'Invoice and Line Number',
      columns: ['invoice', 'lineNumber'],
    },
  ],
});
