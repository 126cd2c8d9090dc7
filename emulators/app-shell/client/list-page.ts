/**
 * A table's main list (its default public view), with a search box on the primary name, row selection
 * and the homepage grid's command bar. The grid control handed to ribbon scripts as PrimaryControl
 * can refresh itself, as Xrm's GridControl can.
 */
import { ShellStrings } from '../strings';
import type { TableMeta, ViewMeta } from '../shared/metadata';
import { odataString, type Row } from './api';
import { commandBar } from './command-bar';
import { braced, clear, h } from './dom';
import { columnOf, formHash, tableOf, type Shell } from './shell';
import { displayText, readName } from './values';

/** Rows a list shows; a development harness has no paging. */
export const LIST_ROWS = 250;

export function viewQuery(table: TableMeta, view: ViewMeta, extraFilter?: string, top = LIST_ROWS): string {
  const columns = view.columns.map((c) => columnOf(table, c)).filter((c) => !!c);
  const select = [table.primaryId, ...columns.map((c) => readName(c))];
  const filters = [view.filter, extraFilter].filter((f): f is string => !!f);
  const orderBy = view.orderBy.map((o) => `${o.column}${o.descending ? ' desc' : ''}`).join(',');
  return [
    `$select=${[...new Set(select)].join(',')}`,
    filters.length ? `$filter=${filters.map((f) => `(${f})`).join(' and ')}` : '',
    orderBy ? `$orderby=${orderBy}` : '',
    `$top=${top}`,
  ]
    .filter(Boolean)
    .join('&');
}

/** The rows of a view as a table: the primary name links to the form. */
export function rowsTable(
  table: TableMeta,
  view: ViewMeta,
  rows: readonly Row[],
  selection?: Set<string>,
): HTMLElement {
  const columns = view.columns.map((c) => columnOf(table, c)).filter((c) => !!c);
  const head = h('tr', {}, [
    selection ? h('th', { scope: 'col', class: 'select' }) : null,
    ...columns.map((c) => h('th', { scope: 'col' }, [c.label])),
  ]);
  const body = rows.map((row) => {
    const id = String(row[table.primaryId]);
    const name = String(row[table.primaryName] ?? '') || ShellStrings.unnamed;
    const cells = columns.map((c) =>
      c.name === table.primaryName
        ? h('td', {}, [h('a', { href: formHash(table.logicalName, id) }, [name])])
        : h('td', {}, [displayText(c, row)]),
    );
    const box = selection
      ? h('input', {
          type: 'checkbox',
          'aria-label': ShellStrings.selectRow(name),
          onchange: (e: Event) => ((e.target as HTMLInputElement).checked ? selection.add(id) : selection.delete(id)),
        })
      : null;
    return h('tr', { 'data-id': id }, [box ? h('td', { class: 'select' }, [box]) : null, ...cells]);
  });
  return h('table', { class: 'grid' }, [
    h('thead', {}, [head]),
    h(
      'tbody',
      {},
      body.length
        ? body
        : [h('tr', {}, [h('td', { colspan: columns.length + 1, class: 'empty' }, [ShellStrings.noRows])])],
    ),
  ]);
}

export async function renderList(shell: Shell, logicalName: string): Promise<void> {
  const table = tableOf(shell, logicalName);
  const view = shell.meta.views[logicalName];
  clear(shell.main);
  if (!table || !view) {
    shell.main.append(h('p', { role: 'alert' }, [ShellStrings.unknownTable(logicalName)]));
    return;
  }
  const selection = new Set<string>();
  const search = h('input', {
    type: 'search',
    'aria-label': ShellStrings.search(table.pluralDisplayName),
    placeholder: ShellStrings.search(table.pluralDisplayName),
  });
  const results = h('div', { class: 'list-results', 'aria-live': 'polite' });
  const load = async () => {
    selection.clear();
    const term = search.value.trim();
    const filter = term ? `contains(${table.primaryName},${encodeURIComponent(odataString(term))})` : undefined;
    clear(results);
    results.append(h('p', {}, [ShellStrings.loading]));
    try {
      const body = await shell.api.get(`${table.entitySetName}?${viewQuery(table, view, filter)}`);
      const rows = (body.value ?? []) as Row[];
      clear(results);
      results.append(
        h('p', { class: 'count' }, [
          rows.length >= LIST_ROWS ? ShellStrings.firstRows(LIST_ROWS) : ShellStrings.rowCount(rows.length),
        ]),
        rowsTable(table, view, rows, selection),
      );
    } catch (err) {
      clear(results);
      results.append(h('p', { role: 'alert' }, [ShellStrings.loadFailed((err as Error).message)]));
    }
  };
  const grid = {
    refresh: () => void load(),
    getEntityName: () => table.logicalName,
    getControlType: () => 'homepagegrid',
  };
  const bar = shell.meta.commandBars.find((b) => b.table === logicalName && b.surface === 'HomepageGrid');
  shell.main.append(
    h('h1', {}, [table.pluralDisplayName]),
    h('p', { class: 'view-name' }, [view.name]),
    commandBar(table.pluralDisplayName, [{ label: ShellStrings.refresh, onClick: load }], bar, {
      primaryControl: grid,
      selectedIds: () => [...selection].map(braced),
    }),
    h('form', { class: 'search', role: 'search', onsubmit: (e: Event) => (e.preventDefault(), void load()) }, [
      search,
      h('button', { type: 'submit' }, [ShellStrings.searchButton]),
    ]),
    results,
  );
  await load();
}
