/** Small builders that keep the form definitions readable. */
import type { ColumnDef, TableDef } from '../../schema';
import type { FieldCell, FormCell, FormDef, FormSection, FormTab, PcfBinding, SubgridCell } from '../types';

export const field = (column: string, label?: string): FieldCell => ({
  kind: 'field',
  column,
  ...(label ? { label } : {}),
});

/** A field the sync service writes: shown, not editable. */
export const readOnly = (column: string, label?: string): FieldCell => ({ ...field(column, label), readOnly: true });

export function subgrid(
  id: string,
  label: string,
  table: TableDef,
  lookup: string,
  options: { viewKey?: string; recordsPerPage?: number; pcf?: PcfBinding } = {},
): SubgridCell {
  return { kind: 'subgrid', id, label, table, lookup, ...options };
}

export const section = (name: string, label: string, cells: FormCell[], columns: 1 | 2 = 2): FormSection => ({
  name,
  label,
  columns,
  cells,
});

export const tab = (name: string, label: string, sections: FormSection[]): FormTab => ({ name, label, sections });

/** Columns a person fills in or reads on a form: everything except platform and write-only columns. */
export function formColumns(table: TableDef): ColumnDef[] {
  return table.columns.filter(
    (c) =>
      !c.systemManaged &&
      !c.writeOnly &&
      c.type !== 'primarykey' &&
      c.type !== 'state' &&
      c.type !== 'status' &&
      c.type !== 'bigint' &&
      c.type !== 'uniqueidentifier',
  );
}

/** One tab, one section, every column in schema order: the main form of a table nobody edits much. */
export function simpleForm(table: TableDef, description: string, readOnlyColumns: readonly string[] = []): FormDef {
  const cells = formColumns(table)
    .filter((c) => !c.secured)
    .map((c) => (readOnlyColumns.includes(c.logicalName) ? readOnly(c.logicalName) : field(c.logicalName)));
  return {
    key: `${table.logicalName}.main`,
    table,
    name: table.displayName,
    description,
    tabs: [tab('general', 'General', [section('general', 'General', cells)])],
  };
}
