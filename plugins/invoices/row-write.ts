/**
 * A row as it should be after a write, as plain data: its table, deterministic id, alternate key (name
 * and values) and column values by logical name, lookups as (table, id). The pure modules of issue 17
 * (invoice import, reconciliation) describe their writes this way and never build a Web API body. It is
 * the engine's `Desired` (plugins/dataverse/intents.ts) plus what an upsert needs: the Import and
 * Reconcile jobs read the row by its key, then create it (with `createOnly`) or update only the columns
 * that differ, so writing the same RowWrite twice changes nothing.
 */
import type { TableDef } from '../../solution/schema';
import type { LookupRef, Scalar } from '../dataverse/intents';
import type { KeyValue } from '../dataverse/odata';

export type { LookupRef, Scalar };

export interface RowWrite {
  table: TableDef;
  /** The row's deterministic id (the same inputs always give the same id); used when it is created. */
  id: string;
  /** The alternate key's logical name, and its columns' values (`{ guid }` for lookup columns). */
  keyName: string;
  key: Readonly<Record<string, KeyValue>>;
  /** Every other column the write sets (logical names); null clears a column. */
  values: Readonly<Record<string, Scalar>>;
  /** Lookup columns (logical names) and the rows they point at. */
  lookups: Readonly<Record<string, LookupRef>>;
  /** Columns set only when the row is created, never on an update (e.g. a person's review status). */
  createOnly?: Readonly<Record<string, Scalar>>;
}
