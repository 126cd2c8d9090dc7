/**
 * Schema -> SQLite DDL. One SQLite table per Dataverse table (named by logical name), one column per
 * schema column; alternate keys become UNIQUE indexes and every lookup gets an index (for `$expand`,
 * `_x_value` filters and "remove link" on delete).
 *
 * Strings compare case-insensitively in Dataverse (SQL Server's default CI collation), so text
 * columns are declared COLLATE NOCASE: equality filters, ordering and alternate-key uniqueness then
 * behave like Dataverse for ASCII text [I for non-ASCII: NOCASE folds ASCII only].
 *
 * SQLite's UNIQUE treats NULLs as distinct, which is what Dataverse does for a key with a null column:
 * two unmapped provider accounts (null account) never collide on (provider, account).
 */
import type { Database } from 'better-sqlite3';
import type { ColumnDef } from '../metadata/types';
import { isPolymorphic, lookupTypeColumn, type Model, type TableMeta } from './model';

export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function sqlType(c: ColumnDef): string {
  switch (c.type) {
    case 'primarykey':
      return 'TEXT NOT NULL PRIMARY KEY COLLATE NOCASE';
    case 'string':
    case 'memo':
    case 'datetime':
    case 'uniqueidentifier':
    case 'lookup':
      return 'TEXT COLLATE NOCASE';
    case 'integer':
    case 'bigint':
    case 'boolean':
    case 'choice':
    case 'state':
    case 'status':
      return 'INTEGER';
    case 'decimal':
    case 'money':
      return 'REAL';
  }
}

/** Every physical column of a table: schema columns plus the target-table column of polymorphic lookups. */
export function physicalColumns(t: TableMeta): { name: string; type: string }[] {
  const out: { name: string; type: string }[] = [];
  for (const c of t.def.columns) {
    out.push({ name: c.logicalName, type: sqlType(c) });
    if (c.type === 'lookup' && isPolymorphic(c)) out.push({ name: lookupTypeColumn(c.logicalName), type: 'TEXT' });
  }
  return out;
}

export function indexStatements(t: TableMeta): string[] {
  const out: string[] = [];
  for (const k of t.keys) {
    out.push(
      `CREATE UNIQUE INDEX IF NOT EXISTS ${q(`ux_${t.name}_${k.logicalName}`)} ON ${q(t.name)} (${k.columns.map(q).join(', ')})`,
    );
  }
  for (const c of t.def.columns) {
    if (c.type === 'lookup')
      out.push(
        `CREATE INDEX IF NOT EXISTS ${q(`ix_${t.name}_${c.logicalName}`)} ON ${q(t.name)} (${q(c.logicalName)})`,
      );
  }
  return out;
}

/**
 * Creates missing tables, adds columns the schema gained since a file database was created, and
 * creates indexes. Never drops anything: a file database keeps its data across schema changes.
 */
export function migrate(db: Database, model: Model): void {
  const run = db.transaction(() => {
    for (const t of model.tables.values()) {
      const cols = physicalColumns(t);
      db.exec(`CREATE TABLE IF NOT EXISTS ${q(t.name)} (${cols.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`);
      const existing = new Set(
        (db.prepare(`PRAGMA table_info(${q(t.name)})`).all() as { name: string }[]).map((r) => r.name),
      );
      for (const c of cols) {
        if (!existing.has(c.name))
          db.exec(`ALTER TABLE ${q(t.name)} ADD COLUMN ${q(c.name)} ${c.type.replace(/ NOT NULL PRIMARY KEY/, '')}`);
      }
      for (const s of indexStatements(t)) db.exec(s);
    }
  });
  run();
}
