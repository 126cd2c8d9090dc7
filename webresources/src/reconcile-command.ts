/// <reference types="xrm" />
/**
 * Reconcile on the Distributor Invoice form: a Reconcile Sync Job for the invoice's provider naming the
 * invoice (`{"invoiceId": ...}`, plugins/sync/reconcile-job/request.ts), followed with the same
 * non-modal progress and outcome dialog as every other command.
 */
import type { CommandDeps, PollPolicy } from './deps';
import { DistributorInvoice, SyncOperation } from './generated/names';
import { attributeValue, formRecord, isFormContext, lookupValue } from './record';
import { progressViewFor } from './progress';
import { alert, jobRan, runJobCommand, type JobTarget } from './run-job';
import { OperationNames, ReconcileStrings, SaveFirst, jobName } from './strings';

export interface InvoiceRef {
  readonly id: string;
  readonly name: string;
  readonly providerId: string;
}

export function reconcileTarget(invoice: InvoiceRef): JobTarget {
  const title = OperationNames.Reconcile;
  return {
    title,
    spec: {
      name: jobName(title, invoice.name),
      operation: SyncOperation.Reconcile,
      providerId: invoice.providerId,
      parameters: { invoiceId: invoice.id },
    },
    // The service runs one job per provider and operation at a time: a Reconcile of another invoice of
    // the same provider would only end Not Started, so it is offered to follow instead.
    activeScope: { operation: SyncOperation.Reconcile, providerIds: [invoice.providerId] },
    showCounts: true,
  };
}

/** The saved invoice on the form, or undefined after telling the user why there is none. */
async function formInvoice(deps: CommandDeps, primaryControl: unknown): Promise<InvoiceRef | undefined> {
  if (!isFormContext(primaryControl)) return undefined;
  const record = formRecord(primaryControl);
  if (!record.id || record.dirty) {
    await alert(deps, SaveFirst.title, SaveFirst.text(OperationNames.Reconcile));
    return undefined;
  }
  const provider = lookupValue(primaryControl, DistributorInvoice.col.provider);
  if (!provider) {
    await alert(deps, ReconcileStrings.noProvider.title, ReconcileStrings.noProvider.text);
    return undefined;
  }
  const name = attributeValue<string>(primaryControl, DistributorInvoice.col.name) ?? '';
  return { id: record.id, name, providerId: provider.id };
}

/** Returns whether a job ran (the form is then refreshed: the variances subgrid has new rows). */
export async function reconcileInvoice(
  deps: CommandDeps,
  primaryControl: unknown,
  policy: PollPolicy,
): Promise<boolean> {
  const invoice = await formInvoice(deps, primaryControl);
  if (!invoice) return false;
  const outcome = await runJobCommand(deps, reconcileTarget(invoice), policy, progressViewFor(deps, primaryControl));
  return jobRan(outcome);
}

export function isInvoiceSaved(primaryControl: unknown): boolean {
  return isFormContext(primaryControl) && !!formRecord(primaryControl).id;
}
