/**
 * Issue 17 forms: a Distributor Invoice with its lines and variances, a Variance a person reviews (the
 * review status is the one field they change), and an Alert (read only: the service writes it).
 */
import { Tables } from '../../schema';
import type { FormDef } from '../types';
import { field, readOnly, section, subgrid, tab } from './helpers';

const i = Tables.distributorInvoice.col;
const v = Tables.variance.col;
const a = Tables.alert.col;

/** Everything on an invoice is what was imported; a person reads it and reviews its variances. */
export const invoiceForm: FormDef = {
  key: `${Tables.distributorInvoice.logicalName}.main`,
  table: Tables.distributorInvoice,
  name: 'Distributor Invoice',
  description: 'One invoice of a distributor for one billing period, as imported, with its lines and variances.',
  header: [i.provider, i.importStatus, i.total, i.currencyCode],
  tabs: [
    tab('general', 'General', [
      section('general', 'General', [
        readOnly(i.name),
        readOnly(i.provider),
        readOnly(i.invoiceNumber),
        readOnly(i.invoiceDate),
        readOnly(i.periodStart),
        readOnly(i.periodEnd),
        readOnly(i.currencyCode),
        readOnly(i.total),
        readOnly(i.source),
        readOnly(i.importStatus),
        readOnly(i.lineCount),
      ]),
      section(
        'variances',
        'Variances',
        [subgrid('variances', 'Variances', Tables.variance, v.invoice, { recordsPerPage: 25 })],
        1,
      ),
    ]),
    tab('lines', 'Lines', [
      section(
        'lines',
        'Lines',
        [subgrid('lines', 'Lines', Tables.invoiceLine, Tables.invoiceLine.col.invoice, { recordsPerPage: 50 })],
        1,
      ),
    ]),
    tab('details', 'Details', [section('details', 'Details', [readOnly(i.fileHash)])]),
  ],
};

/** What the reconciliation found is read only; the review status is the person's verdict. */
export const varianceForm: FormDef = {
  key: `${Tables.variance.logicalName}.main`,
  table: Tables.variance,
  name: 'Variance',
  description: 'One difference between a distributor invoice and the CRM, and its review.',
  header: [v.varianceType, v.amountAtStake, v.reviewStatus],
  tabs: [
    tab('general', 'General', [
      section('review', 'Review', [field(v.reviewStatus), readOnly(v.detail)], 1),
      section('general', 'General', [
        readOnly(v.name),
        readOnly(v.varianceType),
        readOnly(v.provider),
        readOnly(v.invoice),
        readOnly(v.invoiceLine),
        readOnly(v.subscription),
        readOnly(v.providerAccount),
        readOnly(v.providerCustomerId),
        readOnly(v.sku),
        readOnly(v.expectedValue),
        readOnly(v.actualValue),
        readOnly(v.amountAtStake),
        readOnly(v.currencyCode),
      ]),
    ]),
    tab('details', 'Details', [section('details', 'Details', [readOnly(v.dedupeKey)])]),
  ],
};

export const alertForm: FormDef = {
  key: `${Tables.alert.logicalName}.main`,
  table: Tables.alert,
  name: 'Alert',
  description: 'One exception that needed a person, alerted once.',
  header: [a.kind, a.provider, a.firedOn],
  tabs: [
    tab('general', 'General', [
      section('general', 'General', [
        readOnly(a.name),
        readOnly(a.kind),
        readOnly(a.provider),
        readOnly(a.firedOn),
        readOnly(a.recordType),
        readOnly(a.recordName),
        readOnly(a.recordId),
        readOnly(a.recipients),
        readOnly(a.inDigest),
      ]),
      section('message', 'Message', [readOnly(a.message)], 1),
    ]),
    tab('details', 'Details', [section('details', 'Details', [readOnly(a.alertKey), readOnly(a.syncJob)])]),
  ],
};
