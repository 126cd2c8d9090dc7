/**
 * A table's list: every public view the solution ships for it (a view switcher, the default view
 * first), a search box on the primary name, sorting by any column (a click on its header, again for
 * descending), a filter per column, row selection and the homepage grid's command bar. The grid control
 * handed to ribbon scripts as PrimaryControl can refresh itself, as Xrm's GridControl can.
 */
import { ShellStrings } from '../strings';
import type { ViewMeta } from '../shared/metadata';
import { odataString, type Row } from './api';
import { columnFilters } from './column-filters';
import { commandBar } from './command-bar';
import { braced, clear, h } from './dom';
import { headerText, LIST_ROWS, resolveColumns, rowsTable, viewQuery, type SortOrder } from './grid';
import { tableOf, type Shell } from './shell';

/** What a person chose on a table's list, kept while they open records and come back. */
interface ListState {
  viewKey: string;
  orderBy?: SortOrder[];
}
const states = new Map<string, ListState>();

function nextOrder(current: readonly SortOrder[] | undefined, column: string): SortOrder[] {
  const first = current?.[0];
  return [{ column, descending: first?.column === column ? !first.descending : false }];
}

export async function renderList(shell: Shell, logicalName: string): Promise<void> {
  const table = tableOf(shell, logicalName);
  const views = shell.meta.views[logicalName] ?? [];
  clear(shell.main);
  if (!table || !views.length) {
    shell.main.append(h('p', { role: 'alert' }, [ShellStrings.unknownTable(logicalName)]));
    return;
  }
  const state = states.get(logicalName) ?? { viewKey: views[0].key };
  states.set(logicalName, state);
  const currentView = (): ViewMeta => views.find((v) => v.key === state.viewKey) ?? views[0];
  const selection = new Set<string>();
  const search = h('input', {
    type: 'search',
    'aria-label': ShellStrings.search(table.pluralDisplayName),
    placeholder: ShellStrings.search(table.pluralDisplayName),
  });
  const results = h('div', { class: 'list-results', 'aria-live': 'polite' });
  let filters = columnFilters([], [], true, () => undefined);
  const buildFilters = () => {
    const columns = resolveColumns(shell, table, currentView());
    filters = columnFilters(
      columns,
      columns.map((c) => headerText(table, c)),
      true,
      () => void load(),
    );
  };
  const load = async () => {
    selection.clear();
    const view = currentView();
    const term = search.value.trim();
    const terms = [
      ...(term ? [`contains(${table.primaryName},${encodeURIComponent(odataString(term))})`] : []),
      ...filters.terms(),
    ];
    for (const old of Array.from(results.querySelectorAll('table.grid, .count, [role="alert"], .loading')))
      old.remove();
    results.prepend(h('p', { class: 'loading' }, [ShellStrings.loading]));
    try {
      const q = viewQuery(shell, table, view, { filters: terms, ...(state.orderBy ? { orderBy: state.orderBy } : {}) });
      const rows = ((await shell.api.get(`${table.entitySetName}?${q}`)).value ?? []) as Row[];
      clear(results);
      results.append(
        h('p', { class: 'count' }, [
          rows.length >= LIST_ROWS ? ShellStrings.firstRows(LIST_ROWS) : ShellStrings.rowCount(rows.length),
        ]),
        rowsTable(shell, table, view, rows, {
          selection,
          sort: {
            current: state.orderBy ?? view.orderBy,
            onSort: (column) => {
              state.orderBy = nextOrder(state.orderBy ?? view.orderBy, column);
              void load();
            },
          },
          filterRow: filters.row,
        }),
      );
    } catch (err) {
      clear(results);
      results.append(h('p', { role: 'alert' }, [ShellStrings.loadFailed((err as Error).message)]));
    }
  };
  const switcher = h(
    'select',
    {
      'aria-label': ShellStrings.viewSwitcher,
      class: 'view-switcher',
      onchange: (e: Event) => {
        state.viewKey = (e.target as HTMLSelectElement).value;
        state.orderBy = undefined;
        buildFilters();
        void load();
      },
    },
    views.map((v) => h('option', { value: v.key, selected: v.key === state.viewKey }, [v.name])),
  );
  const grid = {
    refresh: () => void load(),
    getEntityName: () => table.logicalName,
    getControlType: () => 'homepagegrid',
  };
  const bar = shell.meta.commandBars.find((b) => b.table === logicalName && b.surface === 'HomepageGrid');
  shell.main.append(
    h('h1', {}, [table.pluralDisplayName]),
    h('label', { class: 'view-name' }, [ShellStrings.viewLabel, ' ', switcher]),
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
  buildFilters();
  await load();
}
