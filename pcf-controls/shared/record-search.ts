/**
 * The server-side search behind both grids' pickers: offered records whose name or a detail column
 * contains the typed text, by name, at most SEARCH_RESULTS, through context.webAPI.
 */
import { containsAnyFilter, normaliseGuid, queryString } from './odata';
import { SEARCH_RESULTS } from './tuning';

export interface RecordSearch {
  readonly entityLogicalName: string;
  readonly id: string;
  readonly name: string;
  /** Columns searched as well as the name, and shown as the option's second line. */
  readonly details: readonly string[];
  /** Other columns to read (a product's provider), not searched. */
  readonly extra?: readonly string[];
  /** Which records may be offered at all (`statecode eq 0`). */
  readonly offered: string;
}

export interface FoundRecord {
  readonly id: string;
  readonly name: string;
  readonly detail?: string;
  readonly entity: ComponentFramework.WebApi.Entity;
}

export async function searchRecords(
  api: Pick<ComponentFramework.WebApi, 'retrieveMultipleRecords'>,
  search: RecordSearch,
  text: string,
): Promise<FoundRecord[]> {
  const { id, name, details } = search;
  const filter = `${search.offered} and ${containsAnyFilter([name, ...details], text)}`;
  const result = await api.retrieveMultipleRecords(
    search.entityLogicalName,
    queryString({
      select: [id, name, ...details, ...(search.extra ?? [])],
      filter,
      orderBy: `${name} asc`,
      top: SEARCH_RESULTS,
    }),
  );
  return result.entities.map((e) => ({
    id: normaliseGuid(String(e[id])),
    name: String(e[name] ?? ''),
    detail:
      details
        .map((d) => e[d])
        .filter((v) => typeof v === 'string' && v)
        .join(' · ') || undefined,
    entity: e,
  }));
}
