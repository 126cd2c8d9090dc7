/**
 * Web resource `w365_/js/varianceribbon.js`, global `W365.VarianceRibbon` (solution/ribbon/commands.ts):
 * Accept on the Variance form (PrimaryControl) and list (plus SelectedControlSelectedItemIds). It
 * returns a promise that settles when the command is done and never rejects.
 */
import * as variances from './accept-variances';
import { platformDeps } from './deps';
import { reasonOf } from './follow';
import { refreshAfterJob } from './record';
import { alert } from './run-job';
import { Unexpected } from './strings';

export async function accept(primaryControl: unknown, selectedItemIds?: string[]): Promise<void> {
  const d = platformDeps();
  try {
    if (await variances.acceptCommand(d, primaryControl, selectedItemIds)) await refreshAfterJob(primaryControl);
  } catch (error) {
    d.xrm.Utility.closeProgressIndicator();
    await alert(d, Unexpected.title, Unexpected.text(reasonOf(error)));
  }
}

export const isRecordSaved = variances.isVarianceSaved;
