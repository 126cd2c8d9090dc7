/**
 * One column's value three ways: as a person reads it (Dataverse's formatted value where it sent
 * one), as a form script gets it from `getAttribute(...).getValue()` (lookups as
 * `[{ id, name, entityType }]`, dates as Date), and as the Web API takes it back on save.
 */
import { ShellStrings } from '../strings';
import type { ColumnMeta } from '../shared/metadata';
import { FORMATTED, type Row } from './api';
import { braced } from './dom';

/** The property a row carries the column under (`_x_value` for lookups). */
export function readName(column: ColumnMeta): string {
  return column.kind === 'lookup' ? `_${column.name}_value` : column.name;
}

export function displayText(column: ColumnMeta, row: Row): string {
  if (column.secured) return ShellStrings.secured;
  const key = readName(column);
  const value = row[key];
  if (value === null || value === undefined || value === '') return ShellStrings.none;
  const formatted = row[`${key}${FORMATTED}`];
  if (typeof formatted === 'string' && formatted) return formatted;
  if (column.kind === 'boolean')
    return value ? (column.trueLabel ?? ShellStrings.yes) : (column.falseLabel ?? ShellStrings.no);
  if (column.kind === 'choice') return column.options?.find((o) => o.value === value)?.label ?? String(value);
  return String(value);
}

/** An attribute's value as Xrm's getValue returns it. */
export type XrmValue = string | number | boolean | Date | { id: string; name: string; entityType: string }[] | null;

export function xrmValue(column: ColumnMeta, row: Row): XrmValue {
  const value = row[readName(column)];
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'lookup': {
      const name = row[`${readName(column)}${FORMATTED}`];
      return [
        {
          id: braced(String(value)),
          name: typeof name === 'string' ? name : '',
          entityType: column.lookup?.table ?? '',
        },
      ];
    }
    case 'datetime':
      return new Date(String(value));
    case 'boolean':
      return value === true;
    case 'choice':
    case 'integer':
    case 'decimal':
    case 'money':
    case 'bigint':
    case 'state':
    case 'status':
      return Number(value);
    default:
      return String(value);
  }
}

/** The PATCH body entries that set `column` to `value`. */
export function wireValue(column: ColumnMeta, value: XrmValue): Row {
  if (column.kind === 'lookup') {
    const nav = column.lookup?.navigation ?? column.name;
    const first = Array.isArray(value) ? value[0] : undefined;
    return {
      [`${nav}@odata.bind`]: first
        ? `/${column.lookup?.entitySetName}(${first.id.replace(/[{}]/g, '').toLowerCase()})`
        : null,
    };
  }
  if (value instanceof Date) return { [column.name]: value.toISOString() };
  if (value === '') return { [column.name]: null };
  return { [column.name]: value as string | number | boolean | null };
}

/** Columns a person can never edit in the shell: platform columns, keys, secured and dates. */
export function editable(column: ColumnMeta): boolean {
  if (column.secured || column.system) return false;
  // The harness does not edit dates; no flow needs it.
  return !['primarykey', 'state', 'status', 'bigint', 'uniqueidentifier', 'datetime'].includes(column.kind);
}

/** `$select` names for a list of columns (lookups read as `_x_value`). */
export function selectList(columns: readonly ColumnMeta[]): string {
  return columns.map(readName).join(',');
}
