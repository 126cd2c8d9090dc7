/**
 * Compare before write: turn "the row should look like this" into the smallest change, or nothing
 * when the row already looks like that. An unchanged row then costs no write at all, and a changed row
 * sends only its changed columns (so a column a person edited in the meantime is not clobbered by an
 * unrelated change).
 */
import type { ColumnDef, TableDef } from '../../solution/schema';
import type { Row } from './client';
import type { Changes, Desired, Scalar } from './intents';
import { isGuid } from './odata';

export type { Desired, Scalar } from './intents';

function column(table: TableDef, logicalName: string): ColumnDef {
  const c = table.columns.find((x) => x.logicalName === logicalName);
  if (!c) throw new Error(`Unknown column ${table.logicalName}.${logicalName}`);
  return c;
}

/** Values equal as Dataverse stores them: numbers by value, date-only columns by day, strings exactly. */
export function sameValue(def: ColumnDef, current: unknown, desired: Scalar): boolean {
  if (current === undefined || current === null || current === '') return desired === null || desired === '';
  if (desired === null || desired === '') return false;
  switch (def.type) {
    case 'integer':
    case 'bigint':
    case 'choice':
    case 'state':
    case 'status':
      return Number(current) === Number(desired);
    case 'decimal':
    case 'money': {
      const scale = 10 ** def.precision;
      return Math.round(Number(current) * scale) === Math.round(Number(desired) * scale);
    }
    case 'boolean':
      return Boolean(current) === Boolean(desired);
    case 'datetime':
      if (def.behavior === 'dateonly') return String(current).slice(0, 10) === String(desired).slice(0, 10);
      return Date.parse(String(current)) === Date.parse(String(desired));
    default:
      return String(current) === String(desired);
  }
}

/** Whether column `name` of `table` already holds `desired` in `current`. */
export function holds(table: TableDef, current: Row, name: string, desired: Scalar): boolean {
  return sameValue(column(table, name), current[name], desired);
}

/**
 * The changes that turn `current` into `desired`, or null when nothing differs. `current` must have
 * been read with every column `desired` names (and `_x_value` for lookups).
 */
export function diff(table: TableDef, current: Row, desired: Desired): Changes | null {
  const changes: Changes = { values: {}, lookups: {} };
  let any = false;
  for (const [name, v] of Object.entries(desired.values ?? {})) {
    if (v === undefined || sameValue(column(table, name), current[name], v)) continue;
    changes.values[name] = v;
    any = true;
  }
  for (const [name, ref] of Object.entries(desired.lookups ?? {})) {
    if (!ref) continue;
    const now = current[`_${name}_value`];
    if (typeof now === 'string' && isGuid(now) && now.toLowerCase() === ref.id.toLowerCase()) continue;
    changes.lookups[name] = ref;
    any = true;
  }
  return any ? changes : null;
}

/** The columns to `$select` when reading rows to diff against `desired`. */
export function selectFor(desired: Desired): string[] {
  return [...Object.keys(desired.values ?? {}), ...Object.keys(desired.lookups ?? {}).map((n) => `_${n}_value`)];
}
