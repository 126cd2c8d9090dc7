/**
 * The columns both grids share, and the Actions menu's common part: the status a row will have (with
 * why it needs a look), the record it maps to (a link that opens it, and the button that opens the
 * picker), and the Actions menu (after a conflict only "keep theirs" / "use mine"; otherwise the
 * control's own actions, then open the record and undo). Each control's view/columns.tsx says how its
 * rows read (`ColumnReading`) and adds the columns that are its own.
 */
import * as React from 'react';
import type { Ref } from '../dataset';
import type { GridStringKey } from '../grid-strings';
import type { GridStore, StoreRow } from '../grid-store';
import {
  ChosenCell,
  RowActionsButton,
  RowBadge,
  StatusCell,
  StatusFilterMenu,
  TwoLine,
  type RowAction,
  type StatusColor,
} from './cells';
import type { TableColumn } from './virtual-table';

/** A row the shared columns show: its status, as loaded. */
type ColumnRow = StoreRow & { readonly status: number };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStore<Row extends ColumnRow> = GridStore<any, Row, any, any>;

/** How a control's rows read in the shared columns. */
export interface ColumnReading<Row> {
  /** The row in accessible names ("Actions for Contoso", "Actions for SKU 14100050"). */
  label(row: Row): string;
  /** The status and record the row will have once saved (its unsaved edit included). */
  status(row: Row): number;
  chosen(row: Row): Ref | null;
  /** The record a row holds as loaded (a conflict's "now Mapped (X)"). */
  loaded(row: Row): Ref | undefined;
  statusLabel(status: number): string;
  statusColor(status: number): StatusColor;
  /** The table of the chosen record, to open it. */
  readonly chosenTable: string;
}

/** Why the row needs a look (a conflict, a failed save) or that it is unsaved. */
export function rowNote<Row extends ColumnRow>(
  store: AnyStore<Row>,
  row: Row,
  read: ColumnReading<Row>,
): { text?: string; problem: boolean } {
  const s = store.s;
  const st = store.current;
  const conflict = st.conflicts.get(row.id);
  if (conflict) {
    const theirs = read.loaded(conflict);
    return {
      text: s.get('Conflict_Message', read.statusLabel(conflict.status), theirs ? ` (${theirs.name})` : ''),
      problem: true,
    };
  }
  const failure = st.failures.get(row.id);
  if (failure) return { text: failure, problem: true };
  return { text: st.edits.has(row.id) ? s.get('Unsaved') : undefined, problem: false };
}

/**
 * The column that says which row it is (provider account, SKU): its name, and under it a "New" badge
 * when the row is new since the last sync, the control's own badges and a second line.
 */
export function identityColumn<Row extends ColumnRow>(
  store: AnyStore<Row>,
  column: {
    readonly key: string;
    readonly header: string;
    readonly minWidthInPx: number;
    readonly grow: number;
    first(row: Row): string;
    second(row: Row): React.ReactNode;
    full(row: Row): string;
  },
): TableColumn<Row> {
  const newBadge = store.s.get('New_Badge');
  return {
    key: column.key,
    header: column.header,
    minWidthInPx: column.minWidthInPx,
    grow: column.grow,
    sortable: true,
    render: (row) => (
      <TwoLine
        focus
        first={column.first(row)}
        second={
          <>
            {store.isNew(row) ? <RowBadge tone="new" text={newBadge} /> : null}
            {column.second(row)}
          </>
        }
        full={column.full(row)}
      />
    ),
  };
}

export function statusColumn<Row extends ColumnRow>(store: AnyStore<Row>, read: ColumnReading<Row>): TableColumn<Row> {
  return {
    key: 'status',
    header: store.s.get('Col_Status'),
    minWidthInPx: 145,
    grow: 1,
    sortable: true,
    render: (row) => {
      const status = read.status(row);
      const note = rowNote(store, row, read);
      return (
        <StatusCell
          label={read.statusLabel(status)}
          color={read.statusColor(status)}
          note={note.text}
          problem={note.problem}
        />
      );
    },
  };
}

export function chosenColumn<Row extends ColumnRow>(
  store: AnyStore<Row>,
  read: ColumnReading<Row>,
  column: { readonly key: string; readonly header: string; choose(row: Row): void },
): TableColumn<Row> {
  const s = store.s;
  return {
    key: column.key,
    header: column.header,
    minWidthInPx: 190,
    grow: 2,
    sortable: true,
    render: (row) => {
      const chosen = read.chosen(row);
      const label = read.label(row);
      return (
        <ChosenCell
          chosen={chosen}
          openLabel={s.get('Open_Label', chosen?.name ?? '')}
          onOpen={() => chosen && store.requestOpen(read.chosenTable, chosen.id)}
          chooseText={chosen ? s.get('Change_Button') : s.get('Choose_Button')}
          chooseLabel={chosen ? s.get('Change_Label', label) : s.get('Choose_Label', label)}
          onChoose={() => column.choose(row)}
        />
      );
    },
  };
}

/** The row's Actions menu: the control's `own` actions, then open the chosen record and undo. */
export function actionsColumn<Row extends ColumnRow>(
  store: AnyStore<Row>,
  read: ColumnReading<Row>,
  own: (row: Row) => RowAction[],
): TableColumn<Row> {
  const s = store.s;
  const actions = (row: Row): RowAction[] => {
    const st = store.current;
    if (st.conflicts.has(row.id))
      return [
        { key: 'theirs', label: s.get('Conflict_Theirs'), run: () => store.resolve(row.id, false) },
        { key: 'mine', label: s.get('Conflict_Mine'), run: () => store.resolve(row.id, true) },
      ];
    const out = own(row);
    const chosen = read.chosen(row);
    if (chosen)
      out.push({
        key: 'open',
        label: s.get('Open_Label', chosen.name),
        run: () => store.requestOpen(read.chosenTable, chosen.id),
      });
    if (st.edits.has(row.id)) out.push({ key: 'undo', label: s.get('Undo_Button'), run: () => store.undo(row.id) });
    return out;
  };
  return {
    key: 'actions',
    header: s.get('Col_Actions'),
    minWidthInPx: 110,
    render: (row) => (
      <RowActionsButton
        text={s.get('Actions_Button')}
        label={s.get('Actions_Label', read.label(row))}
        actions={() => actions(row)}
      />
    ),
  };
}

/** The shared "choose" and "unmap" entries of a row's own actions. */
export function chooseAction(
  s: { get(key: GridStringKey): string },
  chosen: Ref | null,
  choose: () => void,
): RowAction {
  return { key: 'choose', label: chosen ? s.get('Change_Button') : s.get('Choose_Button'), run: choose };
}

/**
 * The grid's columns, built once per store and action set (rows re-render only when the columns or
 * their data change: virtual-table.tsx), with the status filter menu beside the Status header, and
 * the statuses with their labels (for the toolbar's counts).
 */
export function useGridColumns<Row extends ColumnRow, A, K extends string>(
  store: AnyStore<Row> & { readonly s: { get(key: K | GridStringKey): string } },
  statusKeys: readonly (readonly [number, K])[],
  build: (store: never, actions: A) => TableColumn<Row>[],
  actions: A,
): { readonly columns: TableColumn<Row>[]; readonly statuses: readonly (readonly [number, string])[] } {
  const s = store.s;
  const statuses = React.useMemo(() => statusKeys.map(([value, key]) => [value, s.get(key)] as const), [s, statusKeys]);
  const filter = store.current.statuses;
  const columns = React.useMemo(
    () =>
      build(store as never, actions).map((c) =>
        c.key === 'status'
          ? {
              ...c,
              headerExtra: (
                <StatusFilterMenu
                  label={s.get('Status_Filter')}
                  statuses={statuses}
                  selected={filter}
                  onChange={(v) => store.setStatuses(v)}
                />
              ),
            }
          : c,
      ),
    [store, s, statuses, filter, build, actions],
  );
  return { columns, statuses };
}
