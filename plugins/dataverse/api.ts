/**
 * What the sync engine and the job store need of Dataverse, and nothing more: paged reads, a retrieve,
 * and writes as intents (one on its own, or units of intents that each succeed or fail together). The
 * engine depends on this interface, never on the HTTP client, so a test can hand it a fake that
 * `implements` it; `DataverseClient` is the real one.
 */
import type { Row } from './client';
import type { WriteIntent } from './intents';
import type { KeyValue, QueryOptions } from './odata';

/** A table as far as addressing goes; every `TableDef` of the schema module is one. */
export interface TableRef {
  readonly entitySetName: string;
}

export interface PageOptions {
  /** Rows per page (`odata.maxpagesize`). Default 5,000, Dataverse's maximum. */
  pageSize?: number;
  signal?: AbortSignal;
  /** Ask for formatted values and lookup annotations too. */
  annotations?: boolean;
}

/** Units of work: intents that must succeed or fail together (one change set), with the caller's tag. */
export interface WriteUnit<T = unknown> {
  intents: WriteIntent[];
  tag: T;
}

export interface WriteResult<T = unknown> {
  tag: T;
  ok: boolean;
  /** The ids of the rows the unit wrote, in intent order (undefined where Dataverse did not say). */
  ids: (string | undefined)[];
  error?: { status: number; code: string; message: string };
}

export interface WriteUnitsOptions {
  /** Operations per $batch. Default 1,000 (Dataverse's maximum). */
  maxOperationsPerBatch?: number;
  /** Batches in flight at once. Default 4. */
  concurrentBatches?: number;
  signal?: AbortSignal;
  /** Called after each batch with the units written so far, for job progress. */
  onProgress?: (done: number, total: number) => void;
}

export interface SingleWriteOptions {
  signal?: AbortSignal;
  /** Return the row's new version (etag) too: Dataverse then answers with the row's representation. */
  returnVersion?: boolean;
  /** Return these columns of the written row (and its version): the representation, `$select`ed. */
  returnColumns?: readonly string[];
}

export interface SingleWriteResult {
  /** The written row's id, when Dataverse told it (creates and upserts). */
  id?: string;
  /** The row's version after the write, when `returnVersion` or `returnColumns` was asked. */
  etag?: string;
  /** The written row's `returnColumns`, as Dataverse answered them. */
  row?: Row;
}

export interface DataverseApi {
  pages(table: TableRef | string, query?: QueryOptions, options?: PageOptions): AsyncIterable<Row[]>;
  rows(table: TableRef | string, query?: QueryOptions, options?: PageOptions): AsyncIterable<Row>;
  all(table: TableRef | string, query?: QueryOptions, options?: PageOptions): Promise<Row[]>;
  /** One row, or undefined when it does not exist. */
  retrieve(
    table: TableRef | string,
    idOrKey: string | Record<string, KeyValue>,
    select?: readonly string[],
    signal?: AbortSignal,
  ): Promise<Row | undefined>;
  /** One write on its own. Throws `DataverseError` (412 for a stale etag or a duplicate key). */
  write(intent: WriteIntent, options?: SingleWriteOptions): Promise<SingleWriteResult>;
  /** Units, each its own change set, packed into `$batch` requests with continue-on-error. */
  writeUnits<T>(units: readonly WriteUnit<T>[], options?: WriteUnitsOptions): Promise<WriteResult<T>[]>;
}
