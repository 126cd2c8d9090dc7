/**
 * Web resource `w365_/js/providerribbon.js`, global `W365.ProviderRibbon` (solution/ribbon/commands.ts).
 * The ribbon calls these with PrimaryControl, the poll timeout in seconds (IntParameter) and, on the
 * homepage grid, SelectedControlSelectedItemIds. Each returns a promise that settles when the command
 * is done, and never rejects: a failure is shown to the user, not thrown into the ribbon.
 */
import { platformDeps, pollPolicy, type CommandDeps } from './deps';
import { reasonOf } from './follow';
import { migrateManualSubscriptions as migrate } from './migration';
import * as rules from './provider-commands';
import { refreshAfterJob } from './record';
import { progressViewFor } from './progress';
import { alert, jobRan, runJobCommand } from './run-job';
import { Unexpected } from './strings';

type ProviderOperation = 'VerifyConnectivity' | 'SyncProviderAccounts' | 'SyncSubscriptions';

async function guarded(run: (d: CommandDeps) => Promise<boolean>, primaryControl: unknown): Promise<void> {
  const d = platformDeps();
  try {
    if (await run(d)) await refreshAfterJob(primaryControl);
  } catch (error) {
    d.xrm.Utility.closeProgressIndicator();
    await alert(d, Unexpected.title, Unexpected.text(reasonOf(error)));
  }
}

function providerCommand(operation: ProviderOperation) {
  return (primaryControl: unknown, pollTimeoutInSeconds?: number, selectedItemIds?: string[]): Promise<void> =>
    guarded(async (d) => {
      const provider = await rules.resolveProvider(d, operation, primaryControl, selectedItemIds);
      if (!provider) return false;
      return jobRan(
        await runJobCommand(
          d,
          rules.providerTarget(operation, provider),
          pollPolicy(pollTimeoutInSeconds),
          progressViewFor(d, primaryControl),
        ),
      );
    }, primaryControl);
}

export const verifyConnectivity = providerCommand('VerifyConnectivity');
export const syncProviderAccounts = providerCommand('SyncProviderAccounts');
/** Every mapped customer's subscriptions at this provider (a Sync Subscriptions job with no billing contract). */
export const syncSubscriptions = providerCommand('SyncSubscriptions');

export function migrateManualSubscriptions(primaryControl: unknown, pollTimeoutInSeconds?: number): Promise<void> {
  return guarded((d) => migrate(d, primaryControl, pollPolicy(pollTimeoutInSeconds)), primaryControl);
}

export const isRecordSaved = rules.isRecordSaved;
