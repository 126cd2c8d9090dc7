/**
 * A view's rows as a grid, and the Web API query that reads them: the view's columns (those of a
 * related row through `$expand`), its filter and order, or the order and column filters a person
 * chose. The primary name links to the form, lookups to their records. Shared by lists and subgrids.
 */
import { ShellStrings } from '../strings';
import type { ColumnMeta, TableMeta, ViewColumnMeta, ViewMeta } from '../shared/metadata';
import type { Row } from './api';
import { h } from './dom';
import { cellContent } from './links';
import { columnOf, formHash, tableOf, type Shell } from './shell';
import { readName } from './values';

/** Rows a list shows; a development harness has no paging. */
export const LIST_ROWS = 250;

export interface SortOrder {
  readonly column: string;
  readonly descending: boolean;
}

export interface QueryOptions {
  /** Extra `$filter` terms, joined with `and` (a subgrid's lookup, a search, column filters). */
  readonly filters?: readonly string[];
  /** Replaces the view's order. */
  readonly orderBy?: readonly SortOrder[];
  readonly top?: number;
}

/** A view column resolved to its column metadata (of the view's table, or of the related one). */
export interface ResolvedColumn {
  readonly view: ViewColumnMeta;
  readonly column: ColumnMeta;
  /** The table the column belongs to. */
  readonly table: TableMeta;
}

export function resolveColumns(shell: Shell, table: TableMeta, view: ViewMeta): ResolvedColumn[] {
  return view.columns.flatMap((c) => {
    const owner = c.via ? tableOf(shell, c.via.table) : table;
    const column = owner ? columnOf(owner, c.name) : undefined;
    return owner && column ? [{ view: c, column, table: owner }] : [];
  });
}

/** Column header text; a related row's column is named after the lookup it is read through. */
export function headerText(table: TableMeta, c: ResolvedColumn): string {
  if (!c.view.via) return c.column.label;
  const lookup = columnOf(table, c.view.via.lookup);
  return `${c.column.label} (${lookup?.label ?? c.table.displayName})`;
}

export function viewQuery(shell: Shell, table: TableMeta, view: ViewMeta, options: QueryOptions = {}): string {
  const columns = resolveColumns(shell, table, view);
  const own = columns.filter((c) => !c.view.via).map((c) => readName(c.column));
  // A record reference links its name: its table and id are read even when the view does not show them.
  const ref = table.recordReference ? [table.recordReference.typeColumn, table.recordReference.idColumn] : [];
  const select = [...new Set([table.primaryId, ...own, ...ref])];
  const expands = new Map<string, string[]>();
  for (const c of columns) {
    if (!c.view.via) continue;
    expands.set(c.view.via.navigation, [...(expands.get(c.view.via.navigation) ?? []), readName(c.column)]);
  }
  const filters = [view.filter, ...(options.filters ?? [])].filter((f): f is string => !!f);
  const order = options.orderBy ?? view.orderBy;
  const orderBy = order.map((o) => `${o.column}${o.descending ? ' desc' : ''}`).join(',');
  return [
    `$select=${select.join(',')}`,
    expands.size ? `$expand=${[...expands].map(([nav, cols]) => `${nav}($select=${cols.join(',')})`).join(',')}` : '',
    filters.length ? `$filter=${filters.map((f) => `(${f})`).join(' and ')}` : '',
    orderBy ? `$orderby=${orderBy}` : '',
    `$top=${options.top ?? LIST_ROWS}`,
  ]
    .filter(Boolean)
    .join('&');
}

export interface GridOptions {
  readonly selection?: Set<string>;
  /** Sorting: the current order and what a click on a header asks for. */
  readonly sort?: { readonly current: readonly SortOrder[]; readonly onSort: (column: string) => void };
  /** A row under the header with one filter control per column. */
  readonly filterRow?: HTMLElement;
}

function headerCell(table: TableMeta, c: ResolvedColumn, sort: GridOptions['sort']): HTMLElement {
  const label = headerText(table, c);
  // A related row's column cannot be ordered by in the Web API (nor in Dynamics' grid).
  if (!sort || c.view.via) return h('th', { scope: 'col' }, [label]);
  const order = sort.current[0]?.column === readName(c.column) ? sort.current[0] : undefined;
  const ariaSort = order ? (order.descending ? 'descending' : 'ascending') : 'none';
  return h('th', { scope: 'col', 'aria-sort': ariaSort }, [
    h(
      'button',
      {
        type: 'button',
        class: 'sort',
        title: ShellStrings.sortBy(label),
        onclick: () => sort.onSort(readName(c.column)),
      },
      [label, order ? (order.descending ? ' ▼' : ' ▲') : ''],
    ),
  ]);
}

function cellOf(shell: Shell, table: TableMeta, c: ResolvedColumn, row: Row): HTMLElement {
  const id = String(row[table.primaryId]);
  if (!c.view.via && c.column.name === table.primaryName) {
    const name = String(row[table.primaryName] ?? '') || ShellStrings.unnamed;
    return h('td', {}, [h('a', { href: formHash(table.logicalName, id) }, [name])]);
  }
  const source = c.view.via ? ((row[c.view.via.navigation] ?? {}) as Row) : row;
  return h('td', {}, [cellContent(shell, c.table, c.column, source)]);
}

/** The rows of a view as a table: the primary name links to the form. */
export function rowsTable(
  shell: Shell,
  table: TableMeta,
  view: ViewMeta,
  rows: readonly Row[],
  options: GridOptions = {},
): HTMLElement {
  const columns = resolveColumns(shell, table, view);
  const { selection } = options;
  const head = h('tr', {}, [
    selection ? h('th', { scope: 'col', class: 'select' }) : null,
    ...columns.map((c) => headerCell(table, c, options.sort)),
  ]);
  const body = rows.map((row) => {
    const id = String(row[table.primaryId]);
    const name = String(row[table.primaryName] ?? '') || ShellStrings.unnamed;
    const box = selection
      ? h('input', {
          type: 'checkbox',
          'aria-label': ShellStrings.selectRow(name),
          onchange: (e: Event) => ((e.target as HTMLInputElement).checked ? selection.add(id) : selection.delete(id)),
        })
      : null;
    return h('tr', { 'data-id': id }, [
      box ? h('td', { class: 'select' }, [box]) : null,
      ...columns.map((c) => cellOf(shell, table, c, row)),
    ]);
  });
  return h('table', { class: 'grid' }, [
    h('thead', {}, [head, options.filterRow]),
    h(
      'tbody',
      {},
      body.length
        ? body
        : [h('tr', {}, [h('td', { colspan: columns.length + 1, class: 'empty' }, [ShellStrings.noRows])])],
    ),
  ]);
}
