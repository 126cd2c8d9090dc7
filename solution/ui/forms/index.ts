/** Every main form the solution ships: a designed one for the tables people work in, a simple one for the rest. */
import { Tables } from '../../schema';
import type { FormDef } from '../types';
import { simpleForm } from './helpers';
import { alertForm, invoiceForm, varianceForm } from './invoices';
import { syncJobForm } from './jobs';
import { providerAccountForm, providerForm } from './provider';
import { billingContractForm, subscriptionForm } from './subscriptions';

const lcl = Tables.licenseChangeLog.col;
const item = Tables.syncJobItem.col;

export const FORMS: readonly FormDef[] = [
  providerForm,
  simpleForm(Tables.providerProperty, 'A name/value property of a provider, declared by its connector.'),
  providerAccountForm,
  billingContractForm,
  simpleForm(Tables.productMapping, 'Maps a distributor SKU to a CRM product, once for every customer.', [
    Tables.productMapping.col.lastUnitPrice,
    Tables.productMapping.col.lastUnitCost,
  ]),
  subscriptionForm,
  // People add manual entries (and balancing corrections) here; the job and change key are the
  // service's own bookkeeping.
  simpleForm(
    Tables.licenseChangeLog,
    'One quantity or status change of a subscription. Never edited: corrections are balancing entries.',
    [lcl.syncJob, lcl.changeKey],
  ),
  syncJobForm,
  simpleForm(
    Tables.syncJobItem,
    'One warning or error of a sync job, written by the sync service.',
    Object.values(item),
  ),
  // Issue 17: invoices with their lines and variances, variances to review, alerts.
  invoiceForm,
  simpleForm(Tables.invoiceLine, 'One charge of a distributor invoice, as the distributor billed it.'),
  varianceForm,
  alertForm,
];

export { providerForm, providerAccountForm, billingContractForm, subscriptionForm, syncJobForm };
export { invoiceForm, varianceForm, alertForm };
