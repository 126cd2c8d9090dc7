/**
 * What makes every record reachable: a lookup's value as a link to its record, and a Sync Job Item's
 * record reference (table logical name, id and name kept as text) as the table's display name and a
 * link to the record, as a model-driven app links a lookup.
 */
import { ShellStrings } from '../strings';
import type { ColumnMeta, TableMeta } from '../shared/metadata';
import { FORMATTED, type Row } from './api';
import { bare, h } from './dom';
import { formHash, type Shell } from './shell';
import { displayText, readName } from './values';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A lookup's current value as a link (its name from Dataverse's formatted value), or the empty mark. */
export function lookupLink(column: ColumnMeta, row: Row): HTMLElement | string {
  const id = row[readName(column)];
  const target = column.lookup?.table;
  if (typeof id !== 'string' || !target) return ShellStrings.none;
  const name = row[`${readName(column)}${FORMATTED}`];
  return h('a', { href: formHash(target, bare(id)), class: 'lookup-link' }, [
    typeof name === 'string' && name ? name : ShellStrings.unnamed,
  ]);
}

/** The record a reference names, when its table is one the app knows and its id a GUID. */
export function referencedRecord(
  shell: Shell,
  table: TableMeta,
  row: Row,
): { table: TableMeta; id: string; name: string } | undefined {
  const ref = table.recordReference;
  if (!ref) return undefined;
  const target = shell.meta.tables[String(row[ref.typeColumn] ?? '')];
  const id = String(row[ref.idColumn] ?? '');
  if (!target || !GUID.test(id)) return undefined;
  return { table: target, id: id.toLowerCase(), name: String(row[ref.nameColumn] ?? '') || ShellStrings.unnamed };
}

/**
 * A cell's content for `column` of `row`: links for lookups and for a record reference's name, the
 * referenced table's display name instead of its logical name, otherwise the text a person reads.
 */
export function cellContent(shell: Shell, table: TableMeta, column: ColumnMeta, row: Row): HTMLElement | string {
  const ref = table.recordReference;
  if (ref && column.name === ref.typeColumn) {
    const type = String(row[ref.typeColumn] ?? '');
    return type ? (shell.meta.tables[type]?.displayName ?? type) : ShellStrings.none;
  }
  if (ref && column.name === ref.nameColumn) {
    const record = referencedRecord(shell, table, row);
    if (record)
      return h('a', { href: formHash(record.table.logicalName, record.id), class: 'record-link' }, [record.name]);
  }
  if (column.kind === 'lookup' && !column.secured) return lookupLink(column, row);
  return displayText(column, row);
}
