/** Reads what the accounts sync compares against: the provider's accounts and the CRM accounts. */
import { Choices, Tables } from '../../../solution/schema';
import type { DataverseApi } from '../../dataverse/api';
import type { Row } from '../../dataverse/client';
import { eq, inList } from '../../dataverse/odata';
import { domainOf } from '../automap';
import type { AutomapCrmAccount } from '../automap/types';

const PA = Tables.providerAccount;
const A = Tables.account;

export interface ExistingProviderAccount {
  id: string;
  providerSpecificId: string;
  accountId?: string;
  mappingStatus: number;
  mappingSource?: number;
  removed: boolean;
  row: Row;
}

/** Columns the sync writes; read so that it can compare before writing. */
export const PROVIDER_ACCOUNT_COLUMNS = [
  PA.col.name,
  PA.col.providerSpecificId,
  PA.col.tenantId,
  PA.col.primaryDomain,
  PA.col.email,
  PA.col.providerStatus,
  PA.col.removedAtProvider,
  PA.col.lastSeenOn,
  PA.col.mappingStatus,
  PA.col.mappingSource,
  PA.col.matchScore,
  PA.col.matchReason,
  PA.col.matchCode,
  PA.val.account,
  PA.val.suggestedAccount,
];

export async function readProviderAccounts(
  dv: DataverseApi,
  providerId: string,
  signal?: AbortSignal,
  only?: string,
): Promise<ExistingProviderAccount[]> {
  const out: ExistingProviderAccount[] = [];
  const filter = eq(PA.val.provider, { guid: providerId }) + (only ? ` and ${only}` : '');
  for await (const row of dv.rows(PA, { select: [PA.col.id, ...PROVIDER_ACCOUNT_COLUMNS], filter }, { signal })) {
    out.push({
      id: String(row[PA.col.id]),
      providerSpecificId: String(row[PA.col.providerSpecificId] ?? ''),
      accountId: (row[PA.val.account] as string | null) ?? undefined,
      mappingStatus: Number(row[PA.col.mappingStatus] ?? Choices.mappingStatus.NotSetup),
      mappingSource: row[PA.col.mappingSource] == null ? undefined : Number(row[PA.col.mappingSource]),
      removed: Boolean(row[PA.col.removedAtProvider]),
      row,
    });
  }
  return out;
}

/**
 * The provider's accounts with these provider-specific ids (`by: 'providerSpecificId'`) or row ids, as
 * they stand now: what a part of a split sync compares against (its planning read may be minutes old).
 */
export async function readProviderAccountsIn(
  dv: DataverseApi,
  providerId: string,
  by: 'providerSpecificId' | 'id',
  values: readonly string[],
  signal?: AbortSignal,
): Promise<ExistingProviderAccount[]> {
  const out: ExistingProviderAccount[] = [];
  const column = by === 'id' ? PA.col.id : PA.col.providerSpecificId;
  // 100 values a query keeps the URL short (the In function spells every value out).
  for (let i = 0; i < values.length; i += 100) {
    const chunk = values.slice(i, i + 100).map((v) => (by === 'id' ? { guid: v } : v));
    out.push(...(await readProviderAccounts(dv, providerId, signal, inList(column, chunk))));
  }
  return out;
}

/** Active CRM accounts with the evidence automap uses (domain from our column, the website or the email). */
export async function readCrmAccounts(dv: DataverseApi, signal?: AbortSignal): Promise<AutomapCrmAccount[]> {
  const out: AutomapCrmAccount[] = [];
  for await (const row of dv.rows(
    A,
    {
      select: [A.col.id, A.col.name, A.col.tenantId, A.col.primaryDomain, A.col.websiteUrl, A.col.emailAddress1],
      filter: eq(A.col.stateCode, 0),
    },
    { signal },
  )) {
    const domain =
      domainOf(String(row[A.col.primaryDomain] ?? '')) ??
      domainOf(String(row[A.col.websiteUrl] ?? '')) ??
      domainOf(String(row[A.col.emailAddress1] ?? ''));
    out.push({
      id: String(row[A.col.id]),
      name: String(row[A.col.name] ?? ''),
      ...(domain ? { domain } : {}),
      ...(row[A.col.tenantId] ? { tenantId: String(row[A.col.tenantId]) } : {}),
    });
  }
  return out;
}
