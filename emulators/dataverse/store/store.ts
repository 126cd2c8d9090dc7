/**
 * Rows on SQLite (better-sqlite3): prepared, cached statements; one global row version (Dataverse's
 * `versionnumber`, the source of `@odata.etag` W/"n"); constraint errors turned into Dataverse's key
 * violation errors. Everything here is synchronous: better-sqlite3 is, and the request layer
 * serialises work on the one connection (see `../webapi/gate.ts`).
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { Errors } from '../errors';
import { migrate, q } from './ddl';
import type { Row, SqlValue } from './codec';
import type { Catalog, LookupColumn } from '../metadata/types';
import { baseCatalog } from '../platform';
import { isPolymorphic, lookupTypeColumn, Model, SYS, type TableMeta } from './model';

export interface StoreOptions {
  /** SQLite file, or ':memory:' (default). */
  dbFile?: string;
  /** The tables to start with; default the base solutions. Imports change it (setCatalog). */
  catalog?: Catalog;
}

/** `2024-01-15T10:30:00Z`: Dataverse's timestamp resolution is whole seconds. */
export const nowIso = (): string => `${new Date().toISOString().slice(0, 19)}Z`;

/**
 * The database holds plaintext secrets (the provider's client secret, token state): readable by this
 * user only. SQLite creates its -wal and -shm files with the database file's mode, so 0600 here is
 * 0600 for all three; an older database created 0644 is tightened.
 */
function createPrivately(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
}

export class Store {
  readonly db: Database.Database;
  private current: Model;
  private version: number;
  private readonly statements = new Map<string, Statement>();
  private txDepth = 0;

  constructor(options: StoreOptions = {}) {
    this.current = new Model(options.catalog ?? baseCatalog());
    const file = options.dbFile ?? ':memory:';
    if (file !== ':memory:') createPrivately(file);
    this.db = new Database(file);
    if (file !== ':memory:') {
      // WAL: readers never block the writer; NORMAL sync is durable across process crashes (only an
      // OS crash can lose the last transactions), which is plenty for an emulator.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    // A 100,000-row table with its key indexes outgrows SQLite's default 2 MB page cache; 64 MB keeps
    // benchmark-sized tables in memory (the file database then costs little more than :memory:).
    this.db.pragma('cache_size = -65536');
    this.db.pragma('foreign_keys = OFF');
    migrate(this.db, this.current);
    this.version = this.maxVersion();
  }

  /** The tables as the catalog now defines them. */
  get model(): Model {
    return this.current;
  }

  /**
   * Takes a new catalog (after an import): creates its new tables and columns and indexes; never drops
   * anything, so every row stays. Called between requests (the import runs behind the request gate).
   */
  setCatalog(catalog: Catalog): void {
    const next = new Model(catalog);
    migrate(this.db, next);
    this.current = next;
    this.version = Math.max(this.version, this.maxVersion());
  }

  /** Back to an earlier catalog after the transaction that changed the tables was rolled back. */
  restoreCatalog(catalog: Catalog): void {
    this.current = new Model(catalog);
  }

  close(): void {
    this.db.close();
  }

  private maxVersion(): number {
    let max = 0;
    for (const t of this.model.tables.values()) {
      const r = this.stmt(`SELECT MAX(${q(SYS.versionNumber)}) AS v FROM ${q(t.name)}`).get() as { v: number | null };
      if (r.v !== null && r.v > max) max = r.v;
    }
    return max;
  }

  /** The next row version: global and increasing, like Dataverse's rowversion. */
  nextVersion(): number {
    this.version += 1;
    return this.version;
  }

  stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  all(sql: string, params: readonly SqlValue[]): Row[] {
    return this.stmt(sql).all(...params) as Row[];
  }

  get(sql: string, params: readonly SqlValue[]): Row | undefined {
    return this.stmt(sql).get(...params) as Row | undefined;
  }

  // ---- transactions (nesting becomes savepoints) ----

  /** 0 outside a transaction; 1 in one; more inside savepoints. */
  get depth(): number {
    return this.txDepth;
  }

  begin(): void {
    this.db.exec(this.txDepth === 0 ? 'BEGIN' : `SAVEPOINT sp${this.txDepth}`);
    this.txDepth += 1;
  }

  commit(): void {
    this.txDepth -= 1;
    this.db.exec(this.txDepth === 0 ? 'COMMIT' : `RELEASE sp${this.txDepth}`);
  }

  rollback(): void {
    this.txDepth -= 1;
    if (this.txDepth === 0) this.db.exec('ROLLBACK');
    else this.db.exec(`ROLLBACK TO sp${this.txDepth}; RELEASE sp${this.txDepth}`);
    // Versions handed out inside the rolled-back work are simply skipped: they only need to increase.
  }

  /** Runs `work` in a transaction (or savepoint), rolling back if it throws or rejects. */
  async inTransaction<T>(work: () => Promise<T> | T): Promise<T> {
    this.begin();
    try {
      const out = await work();
      this.commit();
      return out;
    } catch (e) {
      this.rollback();
      throw e;
    }
  }

  // ---- rows ----

  getById(t: TableMeta, id: string): Row | undefined {
    return this.get(`SELECT * FROM ${q(t.name)} WHERE ${q(t.pk)} = ?`, [id.toLowerCase()]);
  }

  /** The row whose key columns equal `values` (a full key: every column given, none null). */
  findByColumns(t: TableMeta, values: Record<string, SqlValue>): Row | undefined {
    const cols = Object.keys(values);
    const where = cols.map((c) => `${q(c)} = ?`).join(' AND ');
    return this.get(
      `SELECT * FROM ${q(t.name)} WHERE ${where} LIMIT 1`,
      cols.map((c) => values[c]),
    );
  }

  insert(t: TableMeta, row: Row): void {
    const cols = Object.keys(row);
    const sql = `INSERT INTO ${q(t.name)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
    this.guard(t, () => this.stmt(sql).run(...cols.map((c) => row[c])));
  }

  update(t: TableMeta, id: string, changes: Row): void {
    const cols = Object.keys(changes);
    if (cols.length === 0) return;
    const sql = `UPDATE ${q(t.name)} SET ${cols.map((c) => `${q(c)} = ?`).join(', ')} WHERE ${q(t.pk)} = ?`;
    this.guard(t, () => this.stmt(sql).run(...cols.map((c) => changes[c]), id));
  }

  /** Ids of the rows of `ref` whose lookup points at row `id` of table `target`. */
  private referencing(ref: { table: TableMeta; column: LookupColumn }, target: string, id: string): string[] {
    const poly = isPolymorphic(ref.column);
    const typeCheck = poly ? ` AND ${q(lookupTypeColumn(ref.column.logicalName))} = ?` : '';
    return this.all(
      `SELECT ${q(ref.table.pk)} AS id FROM ${q(ref.table.name)} WHERE ${q(ref.column.logicalName)} = ?${typeCheck}`,
      poly ? [id, target] : [id],
    ).map((r) => String(r.id));
  }

  /**
   * Deletes a row and applies each relationship's CascadeDelete to the rows that point at it: Restrict
   * refuses the delete while any exists, Cascade deletes them (and theirs), RemoveLink clears their
   * lookup, the default for a relationship that declares nothing [C] (relationship behaviour docs).
   */
  delete(t: TableMeta, id: string): void {
    const refs = this.model.referencesTo(t.name);
    for (const ref of refs.filter((r) => r.cascade === 'Restrict')) {
      if (this.referencing(ref, t.name, id).length > 0) throw Errors.deleteRestricted(t.name, ref.table.name);
    }
    this.stmt(`DELETE FROM ${q(t.name)} WHERE ${q(t.pk)} = ?`).run(id);
    for (const ref of refs) {
      const ids = this.referencing(ref, t.name, id);
      if (ref.cascade === 'Cascade') {
        for (const child of ids) this.delete(ref.table, child);
        continue;
      }
      const now = nowIso();
      for (const child of ids) {
        this.update(ref.table, child, {
          [ref.column.logicalName]: null,
          ...(isPolymorphic(ref.column) ? { [lookupTypeColumn(ref.column.logicalName)]: null } : {}),
          ...(ref.table.columns.has(SYS.versionNumber) ? { [SYS.versionNumber]: this.nextVersion() } : {}),
          ...(ref.table.columns.has(SYS.modifiedOn) ? { [SYS.modifiedOn]: now } : {}),
        });
      }
    }
  }

  /** Maps SQLite constraint errors to Dataverse's duplicate errors. */
  private guard(t: TableMeta, run: () => unknown): void {
    try {
      run();
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code !== 'SQLITE_CONSTRAINT_UNIQUE' && err.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e;
      const cols = (/constraint failed: (.*)$/.exec(err.message ?? '')?.[1] ?? '')
        .split(', ')
        .map((c) => c.slice(c.indexOf('.') + 1));
      if (cols.length === 1 && cols[0] === t.pk) throw Errors.duplicateId();
      const key = t.keys.find((k) => k.columns.length === cols.length && k.columns.every((c) => cols.includes(c)));
      if (!key) throw e;
      const names = key.columns.map((c) => t.columns.get(c)?.displayName ?? c).join(', ');
      throw Errors.duplicateKey(key.displayName, names);
    }
  }
}
