/**
 * Compare before write: turn "the row should look like this" into the smallest PATCH body, or nothing
 * when the row already looks like that. An unchanged row then costs no write at all, and a changed row
 * sends only its changed columns (so a column a person edited in the meantime is not clobbered by an
 * unrelated change).
 */
import type { ColumnDef, TableDef } from '../../solution/schema';
import { isGuid } from './odata';
import type { Row } from './client';

export type Scalar = string | number | boolean | null;

export interface LookupRef {
  table: TableDef;
  id: string;
}

export interface Desired {
  /** Column logical name -> value; `undefined` means "leave as it is". */
  values?: Record<string, Scalar | undefined>;
  /** Lookup column logical name -> target row, or null to leave empty (never clears an existing one). */
  lookups?: Record<string, LookupRef | null | undefined>;
}

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

/** The OData body for a create: values as they are, lookups as `nav@odata.bind`. */
export function toBody(table: TableDef, desired: Desired): Row {
  const body: Row = {};
  for (const [name, v] of Object.entries(desired.values ?? {})) if (v !== undefined) body[name] = v;
  for (const [name, ref] of Object.entries(desired.lookups ?? {})) {
    if (!ref) continue;
    body[bindProperty(table, name, ref.table)] = `/${ref.table.entitySetName}(${ref.id})`;
  }
  return body;
}

/** `w365_ProviderId@odata.bind`: the navigation property of lookup `name` for target `target`. */
export function bindProperty(table: TableDef, name: string, target: TableDef): string {
  const def = column(table, name);
  if (def.type !== 'lookup') throw new Error(`${table.logicalName}.${name} is not a lookup`);
  const t = def.targets.find((x) => x.table === target.logicalName);
  if (!t) throw new Error(`${table.logicalName}.${name} cannot point at ${target.logicalName}`);
  return `${t.navigationProperty}@odata.bind`;
}

/**
 * The PATCH body that turns `current` into `desired`, or null when nothing differs. `current` must
 * have been read with every column `desired` names (and `_x_value` for lookups).
 */
export function diff(table: TableDef, current: Row, desired: Desired): Row | null {
  const body: Row = {};
  for (const [name, v] of Object.entries(desired.values ?? {})) {
    if (v === undefined) continue;
    if (!sameValue(column(table, name), current[name], v)) body[name] = v;
  }
  for (const [name, ref] of Object.entries(desired.lookups ?? {})) {
    if (!ref) continue;
    const now = current[`_${name}_value`];
    if (typeof now === 'string' && isGuid(now) && now.toLowerCase() === ref.id.toLowerCase()) continue;
    body[bindProperty(table, name, ref.table)] = `/${ref.table.entitySetName}(${ref.id})`;
  }
  return Object.keys(body).length ? body : null;
}

/** The columns to `$select` when reading rows to diff against `desired`. */
export function selectFor(desired: Desired): string[] {
  return [...Object.keys(desired.values ?? {}), ...Object.keys(desired.lookups ?? {}).map((n) => `_${n}_value`)];
}
