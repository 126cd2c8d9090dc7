/**
 * Dataset records and Web API entities -> AccountRow. Both shapes reach the grid: the dataset on
 * load, a Web API read when a save finds a conflict and shows what the row holds now.
 */
import { booleanOf, lookupOf, numberOf, stringOf, type DatasetRecord } from '../../../shared/dataset';
import { entityNumber as num, entityString as str, FORMATTED, type Entity } from '../../../shared/entity';
import { normaliseGuid } from '../../../shared/odata';
import { searchKey } from '../../../shared/text';
import { MappingStatus, ProviderAccount } from '../ManifestConstants';
import type { AccountRow, Ref, Suggestion } from './types';

const PA = ProviderAccount.col;

function build(fields: Omit<AccountRow, 'searchKey'>): AccountRow {
  return {
    ...fields,
    searchKey: searchKey(
      fields.name,
      fields.providerSpecificId,
      fields.tenantId,
      fields.domain,
      fields.account?.name,
      fields.suggestion?.account.name,
    ),
  };
}

function suggestionOf(
  account: Ref | undefined,
  score: number | undefined,
  reason: string | undefined,
  code: string | undefined,
): Suggestion | undefined {
  return account ? { account, score, reason, code } : undefined;
}

export function rowFromRecord(record: DatasetRecord): AccountRow {
  return build({
    id: normaliseGuid(record.getRecordId()),
    name: stringOf(record, PA.name) ?? '',
    providerId: lookupOf(record, PA.provider)?.id,
    providerSpecificId: stringOf(record, PA.providerSpecificId),
    tenantId: stringOf(record, PA.tenantId),
    domain: stringOf(record, PA.primaryDomain),
    status: numberOf(record, PA.mappingStatus) ?? MappingStatus.NotSetup,
    source: numberOf(record, PA.mappingSource),
    account: lookupOf(record, PA.account),
    suggestion: suggestionOf(
      lookupOf(record, PA.suggestedAccount),
      numberOf(record, PA.matchScore),
      stringOf(record, PA.matchReason),
      stringOf(record, PA.matchCode),
    ),
    removedAtProvider: booleanOf(record, PA.removedAtProvider),
    createdOn: stringOf(record, PA.createdOn),
  });
}

function entityRef(e: Entity, readName: string): Ref | undefined {
  const id = e[readName];
  if (typeof id !== 'string' || !id) return undefined;
  const name = e[`${readName}${FORMATTED}`];
  return { id: normaliseGuid(id), name: typeof name === 'string' ? name : '' };
}

/** A Web API entity (`retrieveRecord` with lookups' formatted values) -> AccountRow. */
export function rowFromEntity(e: Entity): AccountRow {
  const V = ProviderAccount.val;
  return build({
    id: normaliseGuid(String(e[PA.id] ?? '')),
    name: str(e[PA.name]) ?? '',
    providerId: str(e[ProviderAccount.val.provider]),
    providerSpecificId: str(e[PA.providerSpecificId]),
    tenantId: str(e[PA.tenantId]),
    domain: str(e[PA.primaryDomain]),
    status: num(e[PA.mappingStatus]) ?? MappingStatus.NotSetup,
    source: num(e[PA.mappingSource]),
    account: entityRef(e, V.account),
    suggestion: suggestionOf(
      entityRef(e, V.suggestedAccount),
      num(e[PA.matchScore]),
      str(e[PA.matchReason]),
      str(e[PA.matchCode]),
    ),
    removedAtProvider: e[PA.removedAtProvider] === true,
    createdOn: str(e[PA.createdOn]),
  });
}

/** `$select` for reading one row back in the shape rowFromEntity expects. */
export const ENTITY_SELECT: readonly string[] = [
  PA.id,
  PA.name,
  PA.providerSpecificId,
  PA.tenantId,
  PA.primaryDomain,
  ProviderAccount.val.account,
  PA.mappingStatus,
  PA.mappingSource,
  ProviderAccount.val.suggestedAccount,
  PA.matchScore,
  PA.matchReason,
  PA.matchCode,
  PA.removedAtProvider,
  PA.createdOn,
  ProviderAccount.val.provider,
];
