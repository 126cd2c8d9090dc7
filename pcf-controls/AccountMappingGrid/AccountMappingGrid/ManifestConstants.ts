/**
 * Every name the control uses, in one place: the manifest's property names, the dataset columns it
 * needs (from the names module generated from solution/schema), and its own tuning numbers (the ones
 * both grids use are in shared/tuning.ts).
 */
import { ProviderAccount, type AutomapReasonCode } from '../../shared/generated/names';

export { Account, MappingSource, MappingStatus, ProviderAccount, SyncOperation } from '../../shared/generated/names';

/** `<data-set name=...>` in ControlManifest.Input.xml. */
export const DATASET = 'providerAccounts';

const PA = ProviderAccount.col;

/** Columns the grid reads from each dataset record; the ones the view lacks are added with addColumn. */
export const DATASET_COLUMNS: readonly string[] = [
  PA.name,
  PA.provider,
  PA.providerSpecificId,
  PA.tenantId,
  PA.primaryDomain,
  PA.account,
  PA.mappingStatus,
  PA.mappingSource,
  PA.suggestedAccount,
  PA.matchScore,
  PA.matchReason,
  PA.matchCode,
  PA.removedAtProvider,
  PA.createdOn,
];

/**
 * Which of automap's reason codes (defined once, in plugins/sync/automap/types.ts; the names module
 * carries them as `AutomapReasonCode`, so a code renamed there fails this file's build) rest on exact
 * evidence for the suggested account: the same Microsoft tenant, the same domain, or the same
 * normalised name. This choice is the grid's ("Accept all exact matches"), not automap's. `contested`
 * is such a match that another provider account shares; "Accept all exact matches" still refuses to
 * map one CRM account twice, so it is accepted only once the other one is resolved. Not here: the
 * `*_ambiguous` codes (several CRM accounts match equally: a person must pick), `conflicting_evidence`
 * and `match_mapped` (exact evidence pointing two ways) and the similar-name codes.
 */
export const EXACT_MATCH_CODES: ReadonlySet<string> = new Set<AutomapReasonCode>([
  'same_tenant',
  'same_domain',
  'same_domain_and_name',
  'same_name',
  'contested',
]);

/** Control height when the platform gives none (allocatedHeight -1 on a form section). */
export const DEFAULT_HEIGHT_IN_PX = 640;
