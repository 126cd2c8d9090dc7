/**
 * Key segments: `accounts(<guid>)`, `accounts(accountid=<guid>)`, `accounts(accountnumber='A1')`,
 * multi-part `w365_provideraccounts(_w365_providerid_value=<guid>,w365_providerspecificid='C-1')`
 * [C: use-alternate-key-reference-record.md]. Names must match the primary key or one alternate key
 * exactly (any order); anything else gets Dataverse's "key in the request URI is not valid" error.
 */
import type { KeyDef } from '../metadata/types';
import { Errors } from '../errors';
import type { SqlValue } from '../store/codec';
import type { TableMeta } from '../store/model';
import { parseValue } from './filter-parser';
import { literalFor } from './filter-sql';
import { splitTopLevel } from './query';

export type KeyRef = { kind: 'id'; id: string } | { kind: 'key'; key: KeyDef; values: Record<string, SqlValue> };

const GUID_ONLY = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function parseKey(t: TableMeta, text: string): KeyRef {
  const trimmed = text.trim();
  if (GUID_ONLY.test(trimmed)) return { kind: 'id', id: trimmed.toLowerCase() };
  const pairs = splitTopLevel(trimmed, ',').map((part) => {
    const eq = part.indexOf('=');
    if (eq < 0) throw Errors.invalidKey(t.name);
    return { name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() };
  });
  if (pairs.length === 0) throw Errors.invalidKey(t.name);
  const names = pairs.map((p) => p.name);
  // A lookup in a key is addressed by its `_x_value` name; map it to the column logical name.
  const logical = names.map((n) => t.lookupsByValueName.get(n)?.logicalName ?? n);
  const literal = (raw: string, column: string): SqlValue => {
    const c = t.columns.get(column);
    if (!c) throw Errors.invalidKey(t.name);
    const e = parseValue(raw);
    if (e.kind !== 'literal' || e.type === 'null' || e.type === 'array') throw Errors.invalidKey(t.name);
    try {
      return literalFor(c, e);
    } catch {
      throw Errors.invalidKey(t.name);
    }
  };
  if (pairs.length === 1 && logical[0] === t.pk) {
    return { kind: 'id', id: String(literal(pairs[0].value, t.pk)) };
  }
  const key = t.keys.find((k) => k.columns.length === logical.length && k.columns.every((c) => logical.includes(c)));
  if (!key || new Set(logical).size !== logical.length) throw Errors.invalidKey(t.name);
  // Lookup columns in keys must be addressed as _x_value, never by their logical name.
  for (let i = 0; i < names.length; i += 1) {
    if (t.columns.get(logical[i])?.type === 'lookup' && names[i] === logical[i]) throw Errors.invalidKey(t.name);
  }
  const values: Record<string, SqlValue> = {};
  pairs.forEach((p, i) => {
    values[logical[i]] = literal(p.value, logical[i]);
  });
  return { kind: 'key', key, values };
}

/** `accounts(<id>)`-style text of a key (for OData-EntityId and the upsert's echo). */
export function formatKeyRef(ref: KeyRef, t: TableMeta): string {
  if (ref.kind === 'id') return ref.id;
  return Object.entries(ref.values)
    .map(([col, v]) => {
      const c = t.columns.get(col);
      const name = c?.type === 'lookup' ? `_${col}_value` : col;
      return `${name}=${typeof v === 'string' && c?.type !== 'lookup' ? `'${v.replace(/'/g, "''")}'` : String(v)}`;
    })
    .join(',');
}
