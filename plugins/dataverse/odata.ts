/**
 * OData literal and URL helpers. Every value that goes into a URL goes through here: a customer called
 * `O'Brien & Sons` must produce a valid filter and key, never a broken or injected query.
 */
import type { TableDef } from '../../solution/schema';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/**
 * A string literal for `$filter` or a key segment: single quotes doubled (OData ABNF), the result
 * wrapped in quotes. URL-encoding happens once, when the whole query string is built.
 */
export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export type KeyValue = string | number | boolean | { guid: string };

/** A literal for any key or filter value; `{ guid }` for lookups and ids (unquoted in OData). */
export function literal(value: KeyValue | null): string {
  if (value === null) return 'null';
  if (typeof value === 'object') {
    if (!isGuid(value.guid)) throw new Error(`Not a GUID: ${value.guid}`);
    return value.guid.toLowerCase();
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return stringLiteral(value);
}

/** `accounts(<guid>)` or `w365_provideraccounts(_w365_providerid_value=<guid>,w365_providerspecificid='x')`. */
export function recordPath(entitySetName: string, idOrKey: string | Record<string, KeyValue>): string {
  if (typeof idOrKey === 'string') {
    if (!isGuid(idOrKey)) throw new Error(`Not a GUID: ${idOrKey}`);
    return `${entitySetName}(${idOrKey.toLowerCase()})`;
  }
  const parts = Object.entries(idOrKey).map(([k, v]) => `${k}=${encodeURIComponent(literal(v))}`);
  return `${entitySetName}(${parts.join(',')})`;
}

/** Alternate-key segment from a table's key definition and values by column logical name. */
export function keySegment(
  table: TableDef,
  keyLogicalName: string,
  values: Record<string, KeyValue>,
): Record<string, KeyValue> {
  const key = table.keys.find((k) => k.logicalName === keyLogicalName);
  if (!key) throw new Error(`Table ${table.logicalName} has no key ${keyLogicalName}`);
  const out: Record<string, KeyValue> = {};
  for (const col of key.columns) {
    const def = table.columns.find((c) => c.logicalName === col);
    const v = values[col];
    if (v === undefined) throw new Error(`Key ${keyLogicalName} needs a value for ${col}`);
    // Lookups in keys are addressed by their `_x_value` name.
    out[def?.type === 'lookup' ? `_${col}_value` : col] = v;
  }
  return out;
}

export interface QueryOptions {
  select?: readonly string[];
  filter?: string;
  orderby?: string;
  top?: number;
  expand?: string;
  count?: boolean;
}

/** `?$select=a,b&$filter=...`, each option URL-encoded once. */
export function queryString(q: QueryOptions): string {
  const parts: string[] = [];
  if (q.select?.length) parts.push(`$select=${q.select.join(',')}`);
  if (q.filter) parts.push(`$filter=${encodeURIComponent(q.filter)}`);
  if (q.orderby) parts.push(`$orderby=${encodeURIComponent(q.orderby)}`);
  if (q.top !== undefined) parts.push(`$top=${q.top}`);
  if (q.expand) parts.push(`$expand=${encodeURIComponent(q.expand)}`);
  if (q.count) parts.push('$count=true');
  return parts.length ? `?${parts.join('&')}` : '';
}

/** `col eq 'v'` with the value escaped. */
export function eq(column: string, value: KeyValue | null): string {
  return `${column} eq ${literal(value)}`;
}

/** `Microsoft.Dynamics.CRM.In(PropertyName='col',PropertyValues=['a','b'])`: one filter for many values. */
export function inList(column: string, values: readonly (string | { guid: string })[]): string {
  const items = values.map((v) =>
    typeof v === 'string' ? `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${v.guid}"`,
  );
  return `Microsoft.Dynamics.CRM.In(PropertyName=${stringLiteral(column)},PropertyValues=[${items.join(',')}])`;
}
