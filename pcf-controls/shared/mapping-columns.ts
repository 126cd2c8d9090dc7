/**
 * The columns both mapping grids share, and their conventions: each cell marks its main control with
 * `data-grid-focus` (the grid's keyboard focus lands there), and every button has an accessible name
 * that says which row it acts on, since a screen reader reads a button out of context. Each control's
 * view/columns.ts says how its rows read and adds the columns that are its own.
 */
import type { Ref } from './dataset';
import { append, h } from './dom';
import type { GridStringKey } from './grid-strings';
import type { Strings } from './strings';
import type { GridColumn } from './virtual-grid';

/** What a cell shows beyond its row: the unsaved edits and the last save's problems. */
export interface RowMarks<Row, Edit> {
  readonly edits: ReadonlyMap<string, Edit>;
  readonly conflicts: ReadonlyMap<string, Row>;
  readonly failures: ReadonlyMap<string, string>;
}

/** How a control's rows read in the shared columns. */
export interface ColumnReading<Row, Edit> {
  /** The row in accessible names ("Unmap <provider account name>", "Unmap <SKU>"). */
  label(row: Row): string;
  /** The status the row will have once saved. */
  status(row: Row, edits: ReadonlyMap<string, Edit>): number;
  /** The record the row will be mapped to once saved (CRM account, product). */
  chosen(row: Row, edits: ReadonlyMap<string, Edit>): Ref | null;
  /** The record a row holds as loaded (named in a conflict's note: what someone else saved). */
  loaded(row: Row): Ref | undefined;
  statusLabel(status: number): string;
  /** The status badge's class is `w365-status-<statusClass>`. */
  statusClass(status: number): string;
}

/** A small button whose accessible name says which row it acts on; `focus` marks the cell's main one. */
export function rowButton(
  text: string,
  label: string,
  onClick: (button: HTMLButtonElement) => void,
  focus = false,
): HTMLButtonElement {
  const b = h('button', {
    type: 'button',
    className: 'w365-button w365-small',
    'aria-label': label,
    text,
    'data-grid-focus': focus,
  });
  b.addEventListener('click', () => onClick(b));
  return b;
}

/** The status a row will have once saved, and under it why it needs a look or that it is unsaved. */
export function statusColumn<Row extends { readonly id: string; readonly status: number }, Edit>(
  s: Strings<GridStringKey>,
  marks: () => RowMarks<Row, Edit>,
  read: ColumnReading<Row, Edit>,
): GridColumn<Row> {
  return {
    key: 'status',
    header: s.get('Col_Status'),
    width: 'minmax(8rem, 1fr)',
    render(cell, row) {
      const st = marks();
      const status = read.status(row, st.edits);
      const conflict = st.conflicts.get(row.id);
      const failure = st.failures.get(row.id);
      const theirs = conflict && read.loaded(conflict);
      const note = conflict
        ? s.get('Conflict_Message', read.statusLabel(conflict.status), theirs ? ` (${theirs.name})` : '')
        : failure
          ? failure
          : st.edits.has(row.id)
            ? s.get('Unsaved')
            : '';
      cell.title = note;
      append(
        cell,
        h('span', { className: `w365-badge w365-status-${read.statusClass(status)}`, text: read.statusLabel(status) }),
        note
          ? h('span', { className: `w365-line2 ${conflict || failure ? 'w365-problem' : 'w365-unsaved'}`, text: note })
          : undefined,
      );
    },
  };
}

export interface ChosenColumn<Row> {
  readonly key: string;
  readonly header: string;
  readonly width: string;
  choose(row: Row, cell: HTMLElement): void;
  open(record: Ref): void;
}

/** The record the row maps to (a link that opens it) and the button that opens the picker. */
export function chosenColumn<Row, Edit>(
  s: Strings<GridStringKey>,
  marks: () => RowMarks<Row, Edit>,
  read: ColumnReading<Row, Edit>,
  column: ChosenColumn<Row>,
): GridColumn<Row> {
  return {
    key: column.key,
    header: column.header,
    width: column.width,
    render(cell, row) {
      const chosen = read.chosen(row, marks().edits);
      const chooser = rowButton(
        chosen ? s.get('Change_Button') : s.get('Choose_Button'),
        s.get('Choose_Label', read.label(row)),
        () => column.choose(row, cell),
        true,
      );
      if (chosen) {
        const link = h('button', {
          type: 'button',
          className: 'w365-link',
          'aria-label': s.get('Open_Label', chosen.name),
          text: chosen.name,
          title: chosen.name,
        });
        link.addEventListener('click', () => column.open(chosen));
        cell.append(link);
      }
      cell.append(chooser);
    },
  };
}

export interface ActionsColumn<Row, Edit> {
  readonly width: string;
  /** The row's first action, the cell's focus target (create it with `rowButton(..., true)`). */
  lead(row: Row, edits: ReadonlyMap<string, Edit>): HTMLButtonElement;
  /** The status value whose rows offer Unmap. */
  readonly mapped: number;
  unmap(row: Row): void;
  undo(row: Row): void;
  resolve(row: Row, keepMine: boolean): void;
}

/**
 * A row's actions: after a conflict only "keep theirs" / "keep mine"; otherwise the control's lead
 * action, Unmap when it will be mapped, and Undo when it has an unsaved edit.
 */
export function actionsColumn<Row extends { readonly id: string }, Edit>(
  s: Strings<GridStringKey>,
  marks: () => RowMarks<Row, Edit>,
  read: ColumnReading<Row, Edit>,
  column: ActionsColumn<Row, Edit>,
): GridColumn<Row> {
  return {
    key: 'actions',
    header: s.get('Col_Actions'),
    width: column.width,
    render(cell, row) {
      const st = marks();
      const label = read.label(row);
      if (st.conflicts.has(row.id)) {
        cell.append(
          rowButton(
            s.get('Conflict_Theirs'),
            `${s.get('Conflict_Theirs')}: ${label}`,
            () => column.resolve(row, false),
            true,
          ),
          rowButton(s.get('Conflict_Mine'), `${s.get('Conflict_Mine')}: ${label}`, () => column.resolve(row, true)),
        );
        return;
      }
      const parts = [column.lead(row, st.edits)];
      if (read.status(row, st.edits) === column.mapped)
        parts.push(rowButton(s.get('Unmap_Button'), s.get('Unmap_Label', label), () => column.unmap(row)));
      if (st.edits.has(row.id))
        parts.push(rowButton(s.get('Undo_Button'), s.get('Undo_Label', label), () => column.undo(row)));
      cell.append(...parts);
    },
  };
}
