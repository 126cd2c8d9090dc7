/**
 * An in-memory `DataverseApi` for unit tests: rows by table and id, a version (etag) per row, and
 * Dataverse's write contract as `intents.ts` writes it down: a create of an existing id or of a taken
 * alternate key answers 412, an update at a stale etag answers 412, an update of a missing row answers
 * 404 (never creates), an upsert by key creates or updates, and a unit (change set) succeeds or fails
 * whole. Errors are the real `DataverseError`s, with Dataverse's own codes, so callers that branch on
 * them (the job store) behave as they do against the service.
 *
 * Hand-written rather than the emulator: the emulator is a server (the unit tier runs none), and these
 * tests need to reach between two writes (a person saving the row, another worker taking a job over).
 * It does not evaluate OData: a query with a `$filter` is answered by `answerQueries`, or refused.
 */
import { randomUUID } from 'node:crypto';
import { ALL_TABLES, type TableDef } from '../../../../solution/schema';
import type {
  DataverseApi,
  PageOptions,
  SingleWriteOptions,
  SingleWriteResult,
  TableRef,
  WriteResult,
  WriteUnit,
  WriteUnitsOptions,
} from '../../../../plugins/dataverse/api';
import type { Row } from '../../../../plugins/dataverse/client';
import { DataverseError, DV } from '../../../../plugins/dataverse/errors';
import { toOperation, type WriteIntent } from '../../../../plugins/dataverse/intents';
import type { KeyValue, QueryOptions } from '../../../../plugins/dataverse/odata';

type Stored = { row: Row; version: number };
type UnitFailure = { status: number; code: string; message: string };

const setOf = (table: TableRef | string) => (typeof table === 'string' ? table : table.entitySetName);
const plain = (v: KeyValue | unknown) =>
  v && typeof v === 'object' && 'guid' in v ? String((v as { guid: string }).guid).toLowerCase() : v;

function tableOf(entitySetName: string): TableDef {
  const t = ALL_TABLES.find((x) => x.entitySetName === entitySetName);
  if (!t) throw new Error(`FakeDataverseApi: no table with entity set ${entitySetName}`);
  return t;
}

export class FakeDataverseApi implements DataverseApi {
  private readonly store = new Map<string, Map<string, Stored>>();
  private nextVersion = 1000;
  /** Every `writeUnits` call, with its units and options, in order. */
  readonly unitCalls: { units: WriteUnit[]; options?: WriteUnitsOptions }[] = [];
  /** Every intent applied (single writes and units, including those of failed units), in order. */
  readonly applied: WriteIntent[] = [];
  /** Answers queries that carry a `$filter` (the fake does not evaluate OData). */
  answerQueries?: (entitySetName: string, query: QueryOptions) => Row[];
  /** Fails a whole unit before anything of it is applied (a change set Dataverse refuses). */
  failUnit?: (unit: WriteUnit) => UnitFailure | undefined;
  /** Runs before each single write: a test reaches in here (a person saves the row in between). */
  beforeWrite?: (intent: WriteIntent) => void;

  /** Puts a row in place (as if it had been there), returns its id. */
  seed(table: TableDef, row: Row): string {
    const id = String(row[table.primaryIdAttribute] ?? randomUUID()).toLowerCase();
    this.rowsOf(table.entitySetName).set(id, { row: { ...row, [table.primaryIdAttribute]: id }, version: this.bump() });
    return id;
  }

  /** The row as Dataverse holds it now (with its `@odata.etag`), or undefined. */
  row(table: TableRef | string, id: string): Row | undefined {
    const s = this.rowsOf(setOf(table)).get(id.toLowerCase());
    return s ? this.withEtag(s) : undefined;
  }

  /** Every row of a table. */
  rowsIn(table: TableRef | string): Row[] {
    return [...this.rowsOf(setOf(table)).values()].map((s) => this.withEtag(s));
  }

  async *pages(table: TableRef | string, query: QueryOptions = {}, _options?: PageOptions): AsyncIterable<Row[]> {
    yield this.query(setOf(table), query);
  }

  async *rows(table: TableRef | string, query: QueryOptions = {}, options?: PageOptions): AsyncIterable<Row> {
    for await (const page of this.pages(table, query, options)) yield* page;
  }

  async all(table: TableRef | string, query: QueryOptions = {}): Promise<Row[]> {
    return this.query(setOf(table), query);
  }

  async retrieve(
    table: TableRef | string,
    idOrKey: string | Record<string, KeyValue>,
    select?: readonly string[],
  ): Promise<Row | undefined> {
    const set = setOf(table);
    const found = typeof idOrKey === 'string' ? this.rowsOf(set).get(idOrKey.toLowerCase()) : this.byKey(set, idOrKey);
    if (!found) return undefined;
    const row = this.withEtag(found);
    if (!select) return row;
    const t = tableOf(set);
    const out: Row = { '@odata.etag': row['@odata.etag'], [t.primaryIdAttribute]: row[t.primaryIdAttribute] };
    for (const c of select) if (c in row) out[c] = row[c];
    return out;
  }

  async write(intent: WriteIntent, options: SingleWriteOptions = {}): Promise<SingleWriteResult> {
    this.beforeWrite?.(intent);
    const { id, stored } = this.apply(intent);
    const wantsVersion = options.returnVersion || options.returnColumns;
    return {
      id,
      ...(wantsVersion ? { etag: this.etagOf(stored) } : {}),
      ...(options.returnColumns ? { row: this.withEtag(stored) } : {}),
    };
  }

  async writeUnits<T>(units: readonly WriteUnit<T>[], options: WriteUnitsOptions = {}): Promise<WriteResult<T>[]> {
    options.signal?.throwIfAborted();
    this.unitCalls.push({ units: [...units] as WriteUnit[], options });
    const results = units.map((u) => this.applyUnit(u));
    options.onProgress?.(units.length, units.length);
    return results;
  }

  private applyUnit<T>(unit: WriteUnit<T>): WriteResult<T> {
    const refused = this.failUnit?.(unit as WriteUnit);
    if (refused) return { tag: unit.tag, ok: false, ids: [], error: refused };
    const before = this.snapshot();
    try {
      return { tag: unit.tag, ok: true, ids: unit.intents.map((i) => this.apply(i).id) };
    } catch (err) {
      if (!(err instanceof DataverseError)) throw err;
      this.restore(before); // a change set is atomic: nothing of a failed unit stays
      return {
        tag: unit.tag,
        ok: false,
        ids: [],
        error: { status: err.status, code: err.dataverseCode, message: err.message },
      };
    }
  }

  private apply(intent: WriteIntent): { id: string; stored: Stored } {
    this.applied.push(intent);
    const set = intent.table.entitySetName;
    const fields = this.fieldsOf(intent);
    if (intent.kind === 'create') return this.create(intent, fields);
    const found =
      intent.kind === 'update' ? this.rowsOf(set).get(intent.id.toLowerCase()) : this.byKey(set, intent.key);
    if (!found) {
      if (intent.kind === 'update') throw this.error(intent, 404, DV.ObjectDoesNotExist, 'Does Not Exist');
      const keyFields = Object.fromEntries(Object.entries(intent.key).map(([k, v]) => [k, plain(v)]));
      return this.create(intent, { ...keyFields, ...fields });
    }
    if (intent.kind === 'update' && intent.etag !== '*' && intent.etag !== this.etagOf(found))
      throw this.error(intent, 412, DV.ConcurrencyVersionMismatch, 'The version of the existing record does not match');
    const id = String(found.row[intent.table.primaryIdAttribute]);
    this.checkKeys(intent, { ...found.row, ...fields }, id);
    found.row = { ...found.row, ...fields };
    found.version = this.bump();
    return { id, stored: found };
  }

  private create(intent: WriteIntent, fields: Row): { id: string; stored: Stored } {
    const t = intent.table;
    const id = String(fields[t.primaryIdAttribute] ?? randomUUID()).toLowerCase();
    if (this.rowsOf(t.entitySetName).has(id))
      throw this.error(intent, 412, DV.DuplicateRecord, 'A record with matching key values already exists.');
    const row = { createdon: new Date().toISOString(), ...fields, [t.primaryIdAttribute]: id };
    this.checkKeys(intent, row, id);
    const stored = { row, version: this.bump() };
    this.rowsOf(t.entitySetName).set(id, stored);
    return { id, stored };
  }

  /** Alternate keys are unique among rows whose key columns all hold a value (a cleared key frees it). */
  private checkKeys(intent: WriteIntent, row: Row, id: string): void {
    const t = intent.table;
    for (const key of t.keys) {
      const names = key.columns.map((c) => this.fieldName(t, c));
      if (names.some((n) => row[n] === null || row[n] === undefined)) continue;
      for (const [otherId, other] of this.rowsOf(t.entitySetName))
        if (otherId !== id && names.every((n) => String(other.row[n]).toLowerCase() === String(row[n]).toLowerCase()))
          throw this.error(
            intent,
            412,
            DV.DuplicateRecordEntityKey,
            `A record with the key ${key.logicalName} exists.`,
          );
    }
  }

  /** Values by logical name, lookups as `_x_value` (how Dataverse answers a read). */
  private fieldsOf(intent: WriteIntent): Row {
    const fields: Row = { ...intent.changes.values };
    for (const [name, ref] of Object.entries(intent.changes.lookups)) fields[`_${name}_value`] = ref.id.toLowerCase();
    return fields;
  }

  private fieldName(t: TableDef, logicalName: string): string {
    return t.columns.find((c) => c.logicalName === logicalName)?.type === 'lookup'
      ? `_${logicalName}_value`
      : logicalName;
  }

  private byKey(set: string, key: Record<string, KeyValue>): Stored | undefined {
    const wanted = Object.entries(key).map(([k, v]) => [k, String(plain(v)).toLowerCase()] as const);
    return [...this.rowsOf(set).values()].find((s) =>
      wanted.every(([k, v]) => s.row[k] !== null && s.row[k] !== undefined && String(s.row[k]).toLowerCase() === v),
    );
  }

  private query(set: string, query: QueryOptions): Row[] {
    if (query.filter) {
      if (!this.answerQueries) throw new Error(`FakeDataverseApi does not evaluate $filter (${set}: ${query.filter})`);
      return this.answerQueries(set, query);
    }
    return this.rowsIn(set);
  }

  private error(intent: WriteIntent, status: number, code: string, message: string): DataverseError {
    const op = toOperation(intent);
    return new DataverseError(status, code, message, `${op.method} ${op.path}`);
  }

  private rowsOf(set: string): Map<string, Stored> {
    let rows = this.store.get(set);
    if (!rows) this.store.set(set, (rows = new Map()));
    return rows;
  }

  private withEtag(s: Stored): Row {
    return { ...s.row, '@odata.etag': this.etagOf(s) };
  }

  private etagOf(s: Stored): string {
    return `W/"${s.version}"`;
  }

  private bump(): number {
    return this.nextVersion++;
  }

  private snapshot(): Map<string, Map<string, Stored>> {
    const copy = new Map<string, Map<string, Stored>>();
    for (const [set, rows] of this.store)
      copy.set(set, new Map([...rows].map(([id, s]) => [id, { row: { ...s.row }, version: s.version }])));
    return copy;
  }

  private restore(copy: Map<string, Map<string, Stored>>): void {
    this.store.clear();
    for (const [set, rows] of copy) this.store.set(set, rows);
  }
}
