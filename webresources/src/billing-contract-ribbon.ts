/**
 * Web resource `w365_/js/billingcontractribbon.js`, global `W365.BillingContractRibbon`
 * (solution/ribbon/commands.ts). The ribbon calls syncSubscriptions with PrimaryControl and the poll
 * timeout in seconds; it returns a promise that settles when the command is done and never rejects.
 */
import * as contract from './billing-contract-commands';
import { platformDeps, pollPolicy } from './deps';
import { reasonOf } from './follow';
import { refreshAfterJob } from './record';
import { alert } from './run-job';
import { Unexpected } from './strings';

export async function syncSubscriptions(primaryControl: unknown, pollTimeoutInSeconds?: number): Promise<void> {
  const d = platformDeps();
  try {
    if (await contract.syncSubscriptions(d, primaryControl, pollPolicy(pollTimeoutInSeconds)))
      await refreshAfterJob(primaryControl);
  } catch (error) {
    d.xrm.Utility.closeProgressIndicator();
    await alert(d, Unexpected.title, Unexpected.text(reasonOf(error)));
  }
}

export const isRecordSaved = contract.isContractSaved;
