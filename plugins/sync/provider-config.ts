/**
 * Loads a Provider row and its Additional Properties into the ProviderConfig a connector receives.
 * The secret column is readable only by the sync service's application user (field security); the
 * value is registered with the redactor the moment it is read.
 */
import { Tables } from '../../solution/schema';
import type { DataverseApi } from '../dataverse/api';
import { eq } from '../dataverse/odata';
import { W365Error } from '../../common/errors';
import type { Redactor } from '../shared/redact';
import { CommonLabels } from '../providers/common/strings';
import type { ProviderConfig } from '../providers/types';

export const ProviderErrorCodes = {
  NotFound: 'PROVIDER_NOT_FOUND',
  Missing: 'JOB_PROVIDER_MISSING',
} as const;

export interface LoadedProvider {
  config: ProviderConfig;
  providerType: number;
  currencyCode?: string;
}

/** The job's provider id; throws PROVIDER_MISSING for a job that names none. */
export function requireProviderId(providerId: string | undefined): string {
  if (!providerId)
    throw new W365Error(ProviderErrorCodes.Missing, 'This job names no provider. Start it from a Provider record.');
  return providerId;
}

export async function loadProvider(
  dv: DataverseApi,
  jobProviderId: string | undefined,
  redactor: Redactor,
): Promise<LoadedProvider> {
  const providerId = requireProviderId(jobProviderId);
  const P = Tables.provider;
  const row = await dv.retrieve(P, providerId, [
    P.col.id,
    P.col.name,
    P.col.internalName,
    P.col.userName,
    P.col.password,
    P.col.endpointUrl,
    P.col.providerType,
  ]);
  if (!row)
    throw new W365Error(
      ProviderErrorCodes.NotFound,
      `Provider ${providerId} does not exist (or this service cannot read it).`,
    );
  const A = Tables.providerProperty;
  const props = await dv.all(A, {
    select: [A.col.name, A.col.value],
    filter: eq(A.val.provider, { guid: providerId }),
  });
  const properties: Record<string, string> = {};
  for (const p of props) {
    const name = String(p[A.col.name] ?? '').trim();
    if (name) properties[name] = String(p[A.col.value] ?? '').trim();
  }
  const password = (row[P.col.password] as string | null) ?? undefined;
  redactor.addSecret(password);
  return {
    config: {
      providerId,
      name: String(row[P.col.name] ?? ''),
      internalName: String(row[P.col.internalName] ?? '').trim(),
      userName: ((row[P.col.userName] as string | null) ?? undefined)?.trim(),
      password,
      endpointUrl: ((row[P.col.endpointUrl] as string | null) ?? undefined)?.trim(),
      properties,
    },
    providerType: Number(row[P.col.providerType]),
    currencyCode: properties[CommonLabels.currencyCode],
  };
}
