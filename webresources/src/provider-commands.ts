/// <reference types="xrm" />
/**
 * The Provider commands (form and homepage grid): Verify Connectivity and Sync Provider Accounts, and
 * the enable rules behind them. Migrate Manual Subscriptions, which has a second step, is in
 * migration.ts.
 */
import type { CommandDeps } from './deps';
import { Provider, ProviderType, SyncOperation } from './generated/names';
import { attributeValue, formRecord, isFormContext, normaliseId } from './record';
import { alert, type JobTarget } from './run-job';
import {
  NotAutomatic,
  OperationNames,
  ProviderNotFound,
  SaveFirst,
  SelectOne,
  jobName,
  type OperationKey,
} from './strings';

export interface ProviderRef {
  readonly id: string;
  readonly name: string;
}

/**
 * The provider a command runs on, or undefined after telling the user why there is none: on a form,
 * the saved, unchanged record; on a grid, the one selected row (read from Dataverse, since a grid row
 * does not carry the provider type).
 */
export async function resolveProvider(
  deps: CommandDeps,
  operation: OperationKey,
  primaryControl: unknown,
  selectedItemIds?: readonly string[],
): Promise<ProviderRef | undefined> {
  const title = OperationNames[operation];
  if (Array.isArray(selectedItemIds)) {
    const id = selectedItemIds.length === 1 ? normaliseId(selectedItemIds[0]) : undefined;
    if (!id) {
      await alert(deps, SelectOne.title, SelectOne.text);
      return undefined;
    }
    let row: Record<string, unknown>;
    try {
      row = await deps.xrm.WebApi.retrieveRecord(
        Provider.logicalName,
        id,
        `?$select=${Provider.col.name},${Provider.col.providerType}`,
      );
    } catch {
      await alert(deps, ProviderNotFound.title, ProviderNotFound.text);
      return undefined;
    }
    const name = String(row[Provider.col.name] ?? '');
    if (row[Provider.col.providerType] !== ProviderType.Automatic) {
      await alert(deps, NotAutomatic.title, NotAutomatic.text(title, name));
      return undefined;
    }
    return { id, name };
  }
  if (!isFormContext(primaryControl)) return undefined;
  const record = formRecord(primaryControl);
  if (!record.id || record.dirty) {
    await alert(deps, SaveFirst.title, SaveFirst.text(title));
    return undefined;
  }
  const name = attributeValue<string>(primaryControl, Provider.col.name) ?? '';
  if (attributeValue<number>(primaryControl, Provider.col.providerType) !== ProviderType.Automatic) {
    await alert(deps, NotAutomatic.title, NotAutomatic.text(title, name));
    return undefined;
  }
  return { id: record.id, name };
}

/** The job for a provider-wide operation (Sync Subscriptions: every mapped customer, no billing contract). */
export function providerTarget(
  operation: OperationKey,
  provider: ProviderRef,
  title: string = OperationNames[operation],
  parameters?: Record<string, unknown>,
): JobTarget {
  const value = SyncOperation[operation];
  return {
    title,
    spec: {
      name: jobName(title, provider.name),
      operation: value,
      providerId: provider.id,
      ...(parameters ? { parameters } : {}),
    },
    activeScope: { operation: value, providerIds: [provider.id] },
    showCounts: operation !== 'VerifyConnectivity',
  };
}

// ---- Enable rules: synchronous where the form already knows the answer. ----

/** The form's record exists in Dataverse (a new, never-saved record has no id a job could name). */
export function isRecordSaved(primaryControl: unknown): boolean {
  return isFormContext(primaryControl) && !!formRecord(primaryControl).id;
}
