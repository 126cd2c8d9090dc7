/**
 * Web resource `w365_/js/invoiceribbon.js`, global `W365.InvoiceRibbon` (solution/ribbon/commands.ts):
 * Reconcile on the Distributor Invoice form, called with PrimaryControl and the poll timeout in
 * seconds. It returns a promise that settles when the command is done and never rejects.
 */
import { platformDeps, pollPolicy } from './deps';
import { reasonOf } from './follow';
import * as invoice from './reconcile-command';
import { refreshAfterJob } from './record';
import { alert } from './run-job';
import { Unexpected } from './strings';

export async function reconcile(primaryControl: unknown, pollTimeoutInSeconds?: number): Promise<void> {
  const d = platformDeps();
  try {
    if (await invoice.reconcileInvoice(d, primaryControl, pollPolicy(pollTimeoutInSeconds)))
      await refreshAfterJob(primaryControl);
  } catch (error) {
    d.xrm.Utility.closeProgressIndicator();
    await alert(d, Unexpected.title, Unexpected.text(reasonOf(error)));
  }
}

export const isRecordSaved = invoice.isInvoiceSaved;
