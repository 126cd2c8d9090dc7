/**
 * A row to write to Dataverse, as plain data: table, deterministic id, alternate key and column values
 * by logical name, and lookups as (table, id) references. The pure modules of issue 17 (invoice import,
 * reconciliation) describe their writes this way and never build a Web API body: the Dataverse access
 * layer (plugins/dataverse/, the BatchedWriter) turns a RowWrite into an upsert by alternate key,
 * writing only the columns that changed, so writing the same RowWrite twice changes nothing.
 */
export type Scalar = string | number | boolean | null;

export interface RowRef {
  /** Logical name of the referenced table. */
  table: string;
  id: string;
}

export interface RowWrite {
  /** Logical name of the table. */
  table: string;
  /** The row's deterministic id (the same inputs always give the same id). */
  id: string;
  /** The alternate key's columns and values (logical names). */
  key: Readonly<Record<string, Scalar>>;
  /** Every other column the write sets (logical names); null clears a column. */
  values: Readonly<Record<string, Scalar>>;
  /** Lookup columns (logical names) and the rows they point at. */
  refs: Readonly<Record<string, RowRef>>;
  /** Columns set only when the row is created, never on an update (e.g. a person's review status). */
  createOnly?: Readonly<Record<string, Scalar>>;
}
