/**
 * Web resource `w365_/js/syncjobribbon.js`, global `W365.SyncJobRibbon` (solution/ribbon/commands.ts):
 * Cancel Job on the Sync Job form (PrimaryControl, poll timeout) and list (plus
 * SelectedControlSelectedItemIds), and its enable rules. The command returns a promise that settles
 * when it is done and never rejects: a failure is shown to the user, not thrown into the ribbon.
 */
import * as cancel from './cancel-job';
import { platformDeps, pollPolicy } from './deps';
import { reasonOf } from './follow';
import { refreshAfterJob } from './record';
import { alert } from './run-job';
import { Unexpected } from './strings';

export async function cancelJob(
  primaryControl: unknown,
  pollTimeoutInSeconds?: number,
  selectedItemIds?: string[],
): Promise<void> {
  const d = platformDeps();
  try {
    if (await cancel.cancelJob(d, primaryControl, pollPolicy(pollTimeoutInSeconds), selectedItemIds))
      await refreshAfterJob(primaryControl);
  } catch (error) {
    d.xrm.Utility.closeProgressIndicator();
    await alert(d, Unexpected.title, Unexpected.text(reasonOf(error)));
  }
}

export const isJobRunning = cancel.isJobRunning;
export function isSelectedJobRunning(selectedItemIds: unknown): Promise<boolean> {
  return cancel.isSelectedJobRunning(platformDeps(), selectedItemIds);
}
