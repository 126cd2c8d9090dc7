/**
 * The mapping grids' table: Fluent's Table (an ARIA grid) with a virtualised body (use-virtual-rows.ts),
 * sortable column headers, a selection column and full keyboard use.
 *
 * Keyboard (the ARIA grid pattern, one tab stop for the body): arrows move the active cell, PageUp /
 * PageDown by a screenful, Home / End to the row's first or last cell, Ctrl+Home / Ctrl+End to the
 * first or last row; Space on the selection cell selects. The active cell's focus target is the
 * element marked `data-grid-focus` (a cell's button), else the cell. Fluent's arrow navigation
 * (tabster) moves between rendered elements only; a virtualised body must scroll the row in first,
 * so the movement is done here by index.
 */
import * as React from 'react';
import {
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TableSelectionCell,
  tokens,
} from '@fluentui/react-components';
import type { SortOrder } from '../mapping-rules';
import { OVERSCAN_ROWS, ROW_HEIGHT_IN_PX } from '../tuning';
import { useVirtualRows } from './use-virtual-rows';

export interface TableColumn<Row> {
  readonly key: string;
  readonly header: string;
  /** Smallest width in px; the column grows with `grow` (flex-grow) beyond it. */
  readonly minWidthInPx: number;
  readonly grow?: number;
  readonly sortable?: boolean;
  /** Shown after the header's title (the status column's filter button). */
  readonly headerExtra?: React.ReactNode;
  render(row: Row): React.ReactNode;
}

export interface TableSelection<Row> {
  readonly selected: ReadonlySet<string>;
  toggle(id: string): void;
  toggleAll(): void;
  readonly allLabel: string;
  rowLabel(row: Row): string;
}

export interface VirtualTableProps<Row extends { readonly id: string }> {
  readonly label: string;
  readonly columns: readonly TableColumn<Row>[];
  readonly rows: readonly Row[];
  readonly heightInPx: number;
  readonly emptyText: string;
  readonly sort?: SortOrder;
  onSort(column: string): void;
  readonly selection: TableSelection<Row>;
  /** `unsaved` or `problem`: the row's background says so. */
  rowTone(row: Row): 'unsaved' | 'problem' | undefined;
  /**
   * What, beyond the row object, its cells show (its edit, its save problem, ...): a row is rendered
   * again only when the row, its position or one of these changed. `columns` must keep its identity.
   */
  rowDeps(row: Row): readonly unknown[];
}

const HEADER_HEIGHT_IN_PX = 40;
const SELECT_COLUMN_IN_PX = 44;

const useStyles = makeStyles({
  viewport: { overflow: 'auto', position: 'relative', border: `1px solid ${tokens.colorNeutralStroke2}` },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground2,
    height: `${HEADER_HEIGHT_IN_PX}px`,
  },
  body: { position: 'relative' },
  // A row's layout, style and paint are its own (fixed height, full width): one scrolled in lays out
  // and paints alone, not the body around it.
  row: { position: 'absolute', top: 0, left: 0, right: 0, boxSizing: 'border-box', contain: 'strict' },
  unsaved: { backgroundColor: tokens.colorPaletteYellowBackground1 },
  problem: { backgroundColor: tokens.colorPaletteRedBackground1 },
  cell: { minWidth: 0, overflow: 'hidden' },
  headerTitle: { display: 'flex', alignItems: 'center', minWidth: 0 },
  empty: { padding: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground3 },
});

const flexOf = (c: { minWidthInPx: number; grow?: number }): React.CSSProperties => ({
  flex: `${c.grow ?? 0} 1 ${c.minWidthInPx}px`,
  minWidth: `${c.minWidthInPx}px`,
});
const SELECT_FLEX = flexOf({ minWidthInPx: SELECT_COLUMN_IN_PX });

interface Active {
  readonly row: number;
  readonly col: number;
}

function nextCell(
  e: React.KeyboardEvent,
  at: Active,
  rows: number,
  cols: number,
  pageRows: number,
): Active | undefined {
  switch (e.key) {
    case 'ArrowDown':
      return { row: at.row + 1, col: at.col };
    case 'ArrowUp':
      return { row: at.row - 1, col: at.col };
    case 'ArrowRight':
      return { row: at.row, col: at.col + 1 };
    case 'ArrowLeft':
      return { row: at.row, col: at.col - 1 };
    case 'PageDown':
      return { row: at.row + pageRows, col: at.col };
    case 'PageUp':
      return { row: at.row - pageRows, col: at.col };
    case 'Home':
      return { row: e.ctrlKey ? 0 : at.row, col: 0 };
    case 'End':
      return { row: e.ctrlKey ? rows - 1 : at.row, col: cols - 1 };
    default:
      return undefined;
  }
}

const FOCUSABLE = 'button, input, a[href], select, textarea, [tabindex]';

/**
 * Exactly one element of the body is in the tab order: the active cell's focus target, or, when the
 * active row is scrolled out of the rendered range, the same column's target in the first row shown.
 */
function updateTabStops(body: HTMLElement, active: Active, focus: boolean): boolean {
  const cell =
    body.querySelector<HTMLElement>(`[data-row="${active.row}"][data-col="${active.col}"]`) ??
    (focus ? null : body.querySelector<HTMLElement>(`[data-col="${active.col}"]`));
  const target = cell ? (cell.querySelector<HTMLElement>('[data-grid-focus]') ?? cell) : undefined;
  // Only attributes that differ are written: a write makes the browser restyle the element.
  body.querySelectorAll<HTMLElement>(FOCUSABLE).forEach((el) => {
    const want = el === target ? '0' : '-1';
    if (el.getAttribute('tabindex') !== want) el.setAttribute('tabindex', want);
  });
  if (!target) return false;
  if (target.getAttribute('tabindex') !== '0') target.setAttribute('tabindex', '0');
  if (focus) target.focus({ preventScroll: true });
  return Number(cell?.dataset.row) === active.row;
}

interface RowProps<Row extends { readonly id: string }> {
  readonly row: Row;
  readonly index: number;
  readonly start: number;
  readonly columns: readonly TableColumn<Row>[];
  readonly selected: boolean;
  readonly tone: 'unsaved' | 'problem' | undefined;
  readonly selectLabel: string;
  readonly deps: readonly unknown[];
  onToggle(id: string): void;
}

function VirtualRowView<Row extends { readonly id: string }>(props: RowProps<Row>): React.ReactElement {
  const styles = useStyles();
  const { row, index } = props;
  return (
    <TableRow
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      className={mergeClasses(styles.row, props.tone && styles[props.tone])}
      style={{ height: `${ROW_HEIGHT_IN_PX}px`, transform: `translateY(${props.start - HEADER_HEIGHT_IN_PX}px)` }}
    >
      <TableSelectionCell
        role="gridcell"
        aria-colindex={1}
        data-row={index}
        data-col={0}
        style={SELECT_FLEX}
        checked={props.selected}
        onClick={() => props.onToggle(row.id)}
        checkboxIndicator={{ 'aria-label': props.selectLabel, 'data-grid-focus': true } as never}
      />
      {props.columns.map((c, i) => (
        <TableCell
          key={c.key}
          role="gridcell"
          aria-colindex={i + 2}
          data-row={index}
          data-col={i + 1}
          className={styles.cell}
          style={flexOf(c)}
        >
          {c.render(row)}
        </TableCell>
      ))}
    </TableRow>
  );
}

const sameRow = <Row extends { readonly id: string }>(a: RowProps<Row>, b: RowProps<Row>): boolean =>
  a.row === b.row &&
  a.index === b.index &&
  a.start === b.start &&
  a.columns === b.columns &&
  a.selected === b.selected &&
  a.tone === b.tone &&
  a.deps.length === b.deps.length &&
  a.deps.every((d, i) => d === b.deps[i]);

/** A row renders again only when what it shows changed (scrolling and typing re-render the table). */
const VirtualRow = React.memo(VirtualRowView, sameRow) as typeof VirtualRowView;

interface HeaderProps<Row> {
  readonly columns: readonly TableColumn<Row>[];
  readonly sort?: SortOrder;
  onSort(column: string): void;
  readonly checked: boolean | 'mixed';
  onToggleAll(): void;
  readonly allLabel: string;
  readonly empty: boolean;
}

function VirtualHeaderView<Row>(props: HeaderProps<Row>): React.ReactElement {
  const styles = useStyles();
  const { columns, sort } = props;
  return (
    <TableHeader className={styles.header}>
      <TableRow aria-rowindex={1}>
        <TableSelectionCell
          aria-colindex={1}
          style={SELECT_FLEX}
          checked={props.checked}
          onClick={props.onToggleAll}
          checkboxIndicator={{ 'aria-label': props.allLabel }}
          invisible={props.empty}
        />
        {columns.map((c, i) => (
          <TableHeaderCell
            key={c.key}
            aria-colindex={i + 2}
            style={flexOf(c)}
            sortable={c.sortable}
            sortDirection={sort?.column === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
            onClick={c.sortable ? () => props.onSort(c.key) : undefined}
            // Beside the sort button, not inside it: a button must not hold another control.
            aside={c.headerExtra ? { children: c.headerExtra } : undefined}
          >
            <span className={styles.headerTitle}>{c.header}</span>
          </TableHeaderCell>
        ))}
      </TableRow>
    </TableHeader>
  );
}

/** The header renders again only when its columns, sort or select-all state change (not on scroll). */
const VirtualHeader = React.memo(VirtualHeaderView) as typeof VirtualHeaderView;

export function VirtualTable<Row extends { readonly id: string }>(props: VirtualTableProps<Row>): React.ReactElement {
  const { rows, columns, selection } = props;
  const styles = useStyles();
  const viewport = React.useRef<HTMLDivElement>(null);
  const body = React.useRef<HTMLDivElement>(null);
  const [active, setActive] = React.useState<Active>({ row: 0, col: 0 });
  const focusPending = React.useRef(false);
  const cols = columns.length + 1;
  const at = { row: Math.max(0, Math.min(active.row, rows.length - 1)), col: Math.min(active.col, cols - 1) };
  const virtual = useVirtualRows({
    count: rows.length,
    rowHeightInPx: ROW_HEIGHT_IN_PX,
    overscanRows: OVERSCAN_ROWS,
    scrollElement: () => viewport.current,
  });
  virtual.options.scrollMargin = HEADER_HEIGHT_IN_PX;
  const items = virtual.getVirtualItems();

  React.useLayoutEffect(() => {
    if (!body.current) return;
    if (updateTabStops(body.current, at, focusPending.current)) focusPending.current = false;
  });

  const moveTo = (next: Active) => {
    const row = Math.max(0, Math.min(rows.length - 1, next.row));
    const col = Math.max(0, Math.min(cols - 1, next.col));
    focusPending.current = true;
    setActive({ row, col });
    virtual.scrollToIndex(row, { align: 'auto' });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const tag = (e.target as HTMLElement).tagName;
    // Keys typed into a text box belong to it; a menu or popup inside a cell handles its own.
    if (tag === 'INPUT' && (e.target as HTMLInputElement).type !== 'checkbox') return;
    if (tag === 'TEXTAREA' || (e.target as HTMLElement).closest('[role="menu"],[role="listbox"]')) return;
    const pageRows = Math.max(1, Math.floor((props.heightInPx - HEADER_HEIGHT_IN_PX) / ROW_HEIGHT_IN_PX) - 1);
    const next = nextCell(e, at, rows.length, cols, pageRows);
    if (!next || rows.length === 0) return;
    e.preventDefault();
    moveTo(next);
  };

  // A click or Tab into a cell makes it the active one, so arrows continue from there.
  const onFocus = (e: React.FocusEvent) => {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-row]');
    if (!cell) return;
    const row = Number(cell.dataset.row);
    const col = Number(cell.dataset.col);
    if (row !== at.row || col !== at.col) setActive({ row, col });
  };

  // The header's handlers keep their identity (the latest props through a ref): scrolling re-renders
  // the table, not its header.
  const latest = React.useRef(props);
  latest.current = props;
  const onSort = React.useCallback((column: string) => latest.current.onSort(column), []);
  const toggleAll = React.useCallback(() => latest.current.selection.toggleAll(), []);
  const selected = selection.selected;
  // Over every row shown: once per change of rows or selection, not per scroll frame.
  const checked = React.useMemo(() => {
    if (rows.length === 0 || selected.size === 0) return false;
    const all = rows.every((r) => selected.has(r.id));
    return all ? true : rows.some((r) => selected.has(r.id)) ? ('mixed' as const) : false;
  }, [rows, selected]);
  return (
    <Table
      noNativeElements
      role="grid"
      aria-label={props.label}
      aria-rowcount={rows.length + 1}
      aria-colcount={cols}
      size="small"
    >
      <div
        ref={viewport}
        role="presentation"
        className={styles.viewport}
        style={{ height: `${Math.floor(props.heightInPx)}px` }}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        <VirtualHeader
          columns={columns}
          sort={props.sort}
          onSort={onSort}
          checked={checked}
          onToggleAll={toggleAll}
          allLabel={selection.allLabel}
          empty={rows.length === 0}
        />
        <TableBody ref={body} className={styles.body} style={{ height: `${virtual.getTotalSize()}px` }}>
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <VirtualRow
                key={row.id}
                row={row}
                index={item.index}
                start={item.start}
                columns={columns}
                selected={selection.selected.has(row.id)}
                tone={props.rowTone(row)}
                selectLabel={selection.rowLabel(row)}
                deps={props.rowDeps(row)}
                onToggle={selection.toggle}
              />
            );
          })}
        </TableBody>
        {rows.length === 0 ? <div className={styles.empty}>{props.emptyText}</div> : null}
      </div>
    </Table>
  );
}
