/**
 * Web resource `w365_/js/importinvoiceribbon.js`, global `W365.ImportInvoiceRibbon`
 * (solution/ribbon/commands.ts): Import Invoice on the Provider form, called with PrimaryControl and
 * the poll timeout in seconds. Its own library so that the provider and invoice libraries each stay
 * under their size aim (15 KB minified). It returns a promise that settles when the command is done
 * and never rejects.
 */
import { browserGzip } from './compress';
import { platformDeps, pollPolicy, type CommandDeps } from './deps';
import { reasonOf } from './follow';
import * as invoices from './import-invoice';
import { refreshAfterJob } from './record';
import { alert } from './run-job';
import { Unexpected } from './strings';

/** The invoice CSV the person picks, as a note on the provider, imported by an Import Invoice job. */
export async function importInvoice(primaryControl: unknown, pollTimeoutInSeconds?: number): Promise<void> {
  const gzip = browserGzip();
  // Only this library uploads files, so only it carries the gzip (the others stay small).
  const d: CommandDeps = { ...platformDeps(), ...(gzip ? { gzip } : {}) };
  try {
    if (await invoices.importInvoice(d, primaryControl, pollPolicy(pollTimeoutInSeconds)))
      await refreshAfterJob(primaryControl);
  } catch (error) {
    d.xrm.Utility.closeProgressIndicator();
    await alert(d, Unexpected.title, Unexpected.text(reasonOf(error)));
  }
}
