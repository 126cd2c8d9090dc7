/** The account-mapping grid's view-model types (plain data: no DOM, no platform). */
import type { Ref } from '../../../shared/dataset';

export type { Ref };

export interface Suggestion {
  readonly account: Ref;
  /** Automap's confidence in [0,1]. */
  readonly score?: number;
  readonly reason?: string;
  /** Automap's reason code (`same_name`, `similar_name`, ...). */
  readonly code?: string;
}

/** One provider account as Dataverse held it when the grid loaded it. */
export interface AccountRow {
  readonly id: string;
  readonly name: string;
  readonly providerId?: string;
  readonly providerSpecificId?: string;
  readonly tenantId?: string;
  readonly domain?: string;
  /** Mapping Status choice value. */
  readonly status: number;
  /** Mapped By choice value (Automap / Person), when set. */
  readonly source?: number;
  readonly account?: Ref;
  readonly suggestion?: Suggestion;
  readonly removedAtProvider: boolean;
  /** When the row was created (ISO), to mark the ones new since the last sync. */
  readonly createdOn?: string;
  /** Lower-case, accent-free text the search box matches (see shared/text.ts searchKey). */
  readonly searchKey: string;
}

/** What a person decided for a row, not yet saved: the status and CRM account it should have. */
export interface AccountEdit {
  readonly status: number;
  readonly account: Ref | null;
}

export type AccountEdits = ReadonlyMap<string, AccountEdit>;
