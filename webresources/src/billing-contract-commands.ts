/// <reference types="xrm" />
/**
 * Sync Subscriptions on a Billing Contract: the service syncs one provider's subscriptions for the
 * contract's customer, so the command first finds the automatic providers the customer is mapped to
 * (through its provider accounts) and runs one job per provider, one after the other.
 */
import type { CommandDeps, PollPolicy } from './deps';
import { BillingContract, ProviderAccount, Provider, ProviderType, SyncOperation } from './generated/names';
import { reasonOf } from './follow';
import { formRecord, isFormContext, lookupValue } from './record';
import { progressViewFor } from './progress';
import { alert, jobRan, runJobCommand, type JobTarget } from './run-job';
import { ContractStrings, CouldNotStart, OperationNames, SaveFirst, jobName } from './strings';
import type { ProviderRef } from './provider-commands';

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

/** Automatic providers with an active provider account mapped to the customer, by name. */
export async function providersOfCustomer(deps: CommandDeps, customerId: string): Promise<ProviderRef[]> {
  const pa = ProviderAccount;
  const options =
    `?$select=${pa.val.provider}` +
    `&$filter=${pa.val.account} eq ${customerId} and ${pa.col.stateCode} eq 0` +
    `&$expand=${pa.nav.provider}($select=${Provider.col.name},${Provider.col.providerType})`;
  const result = await deps.xrm.WebApi.retrieveMultipleRecords(pa.logicalName, options);
  const byId = new Map<string, ProviderRef>();
  for (const row of result.entities as Record<string, unknown>[]) {
    const expanded = row[pa.nav.provider] as Record<string, unknown> | null | undefined;
    const id = String(row[pa.val.provider] ?? '');
    if (!id || !expanded || expanded[Provider.col.providerType] !== ProviderType.Automatic) continue;
    byId.set(id, { id, name: String(expanded[Provider.col.name] ?? row[`${pa.val.provider}${FORMATTED}`] ?? '') });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function contractTarget(
  contract: { id: string; name: string },
  provider: ProviderRef,
  allProviderIds: readonly string[],
): JobTarget {
  const title = OperationNames.SyncSubscriptions;
  return {
    title,
    spec: {
      name: jobName(title, `${contract.name} (${provider.name})`),
      operation: SyncOperation.SyncSubscriptions,
      providerId: provider.id,
      billingContractId: contract.id,
    },
    // The service locks Sync Subscriptions per provider, so a whole-provider sync running for any of
    // this customer's providers counts as "already running" too.
    activeScope: {
      operation: SyncOperation.SyncSubscriptions,
      providerIds: allProviderIds,
      billingContractId: contract.id,
    },
    showCounts: true,
  };
}

/** Returns whether a job ran (the form is then refreshed). */
export async function syncSubscriptions(
  deps: CommandDeps,
  primaryControl: unknown,
  policy: PollPolicy,
): Promise<boolean> {
  const title = OperationNames.SyncSubscriptions;
  if (!isFormContext(primaryControl)) return false;
  const record = formRecord(primaryControl);
  if (!record.id || record.dirty) {
    await alert(deps, SaveFirst.title, SaveFirst.text(title));
    return false;
  }
  const customer = lookupValue(primaryControl, BillingContract.col.customer);
  if (!customer) {
    await alert(deps, ContractStrings.noCustomer.title, ContractStrings.noCustomer.text);
    return false;
  }
  const nameAttribute = primaryControl.getAttribute(BillingContract.col.name) as Xrm.Attributes.StringAttribute | null;
  const contract = { id: record.id, name: nameAttribute?.getValue() ?? '' };
  let providers: ProviderRef[];
  try {
    providers = await providersOfCustomer(deps, customer.id);
  } catch (error) {
    await alert(deps, CouldNotStart.title, CouldNotStart.text(title, reasonOf(error)));
    return false;
  }
  if (!providers.length) {
    await alert(deps, ContractStrings.notMapped.title, ContractStrings.notMapped.text(customer.name));
    return false;
  }
  let ran = false;
  const view = progressViewFor(deps, primaryControl);
  for (const provider of providers) {
    const outcome = await runJobCommand(
      deps,
      contractTarget(
        contract,
        provider,
        providers.map((p) => p.id),
      ),
      policy,
      view,
    );
    ran = ran || jobRan(outcome);
    // Declined, failed to start or still running: the next provider would hit the same wall or pile up.
    if (outcome.kind !== 'final') break;
  }
  return ran;
}

export function isContractSaved(primaryControl: unknown): boolean {
  return isFormContext(primaryControl) && !!formRecord(primaryControl).id;
}
