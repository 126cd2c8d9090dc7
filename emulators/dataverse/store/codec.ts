/**
 * Column values between the Web API's JSON and SQLite: validation of what a client writes (type,
 * length, range, choice membership) and the JSON shape of what is read back.
 *
 * Wire formats [C unless marked]: dates as `2024-01-15T10:30:00Z` (Dataverse keeps whole seconds),
 * date-only columns as `2024-01-15`, GUIDs lower-case, choices and integers as JSON numbers,
 * decimals and money as JSON numbers.
 */
import type { ColumnDef } from '../metadata/types';
import { Errors } from '../errors';

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: string): boolean => GUID.test(s);

export function edmType(c: ColumnDef): string {
  switch (c.type) {
    case 'string':
    case 'memo':
      return 'Edm.String';
    case 'integer':
    case 'choice':
    case 'state':
    case 'status':
      return 'Edm.Int32';
    case 'bigint':
      return 'Edm.Int64';
    case 'decimal':
    case 'money':
      return 'Edm.Decimal';
    case 'boolean':
      return 'Edm.Boolean';
    case 'datetime':
      return c.behavior === 'dateonly' ? 'Edm.Date' : 'Edm.DateTimeOffset';
    case 'primarykey':
    case 'uniqueidentifier':
    case 'lookup':
      return 'Edm.Guid';
  }
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** `2024-01-15T10:30:00Z` (UTC, whole seconds) from any ISO 8601 date-time or date; undefined if invalid. */
export function normaliseDateTime(text: string): string | undefined {
  if (DATE_ONLY.test(text)) {
    const d = new Date(`${text}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text ? undefined : `${text}T00:00:00Z`;
  }
  if (!DATE_TIME.test(text)) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return undefined;
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** `2024-01-15` from a date or a date-time (its UTC date); undefined if invalid. */
export function normaliseDateOnly(text: string): string | undefined {
  const dt = normaliseDateTime(text);
  return dt === undefined ? undefined : dt.slice(0, 10);
}

function fail(value: unknown, c: ColumnDef): never {
  throw Errors.wrongType(value, edmType(c));
}

/**
 * Validates a JSON value a client wrote to column `c` of `table` and returns what SQLite stores.
 * Lookups are not handled here (they are written through `@odata.bind`).
 */
export function encodeValue(table: string, c: ColumnDef, value: unknown): SqlValue {
  if (value === null) return null;
  switch (c.type) {
    case 'string':
    case 'memo': {
      if (typeof value !== 'string') fail(value, c);
      if (value.length > c.maxLength) throw Errors.tooLong(c.logicalName, table, c.maxLength);
      return value;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(value, c);
      if (value < c.min || value > c.max) throw Errors.outOfRange(value, c.logicalName, table, `${c.min} to ${c.max}`);
      return value;
    }
    case 'bigint':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(value, c);
      return value;
    case 'decimal':
    case 'money': {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(value, c);
      if (value < c.min || value > c.max) throw Errors.outOfRange(value, c.logicalName, table, `${c.min} to ${c.max}`);
      // Dataverse rounds to the column's precision when it stores the value.
      const f = 10 ** c.precision;
      return Math.round(value * f) / f;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail(value, c);
      return value ? 1 : 0;
    case 'datetime': {
      if (typeof value !== 'string') fail(value, c);
      const out = c.behavior === 'dateonly' ? normaliseDateOnly(value) : normaliseDateTime(value);
      if (out === undefined) fail(value, c);
      return out;
    }
    case 'choice': {
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(value, c);
      if (!c.choice.options.some((o) => o.value === value)) {
        throw Errors.outOfRange(value, c.logicalName, table, c.choice.options.map((o) => o.value).join(', '));
      }
      return value;
    }
    case 'state':
    case 'status':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(value, c);
      return value;
    case 'primarykey':
    case 'uniqueidentifier':
      if (typeof value !== 'string' || !isGuid(value)) fail(value, c);
      return value.toLowerCase();
    case 'lookup':
      fail(value, c);
  }
}

/** The JSON value of a stored column. */
export function decodeValue(c: ColumnDef, value: SqlValue): unknown {
  if (value === null || value === undefined) return null;
  switch (c.type) {
    case 'boolean':
      return value === 1 || value === '1';
    case 'integer':
    case 'bigint':
    case 'decimal':
    case 'money':
    case 'choice':
    case 'state':
    case 'status':
      return typeof value === 'number' ? value : Number(value);
    default:
      return value;
  }
}
