/**
 * A virtualised, keyboard-navigable data grid (ARIA grid pattern) in plain DOM: only the rows in
 * view (plus an overscan) exist as elements, recycled as the person scrolls, so 10,000 rows cost
 * about as much as 40. Row height is fixed: that is what makes "which rows are visible" simple
 * arithmetic (virtual-range.ts) instead of measuring.
 *
 * Keyboard: arrows move the active cell, PageUp/PageDown by a screenful, Home/End to the row's first
 * or last cell, Ctrl+Home/End to the first or last row. One tab stop: the active cell's focus target
 * (the element marked `data-grid-focus` in the cell, else the cell itself), so Tab leaves the grid.
 */
import { h } from './dom';
import { scrollTopToReveal, visibleRange } from './virtual-range';

export interface GridColumn<R> {
  readonly key: string;
  readonly header: string;
  /** CSS grid track, e.g. `minmax(12rem, 2fr)`. */
  readonly width: string;
  /** Fill `cell` (already emptied) for `row`. Mark the cell's main control with `data-grid-focus`. */
  render(cell: HTMLElement, row: R, rowIndex: number): void;
}

export interface VirtualGridOptions<R> {
  readonly label: string;
  readonly rowHeightInPx: number;
  readonly overscanRows: number;
  readonly columns: readonly GridColumn<R>[];
  readonly emptyText: string;
  rowKey(row: R): string;
  rowClass?(row: R): string;
}

interface RenderedRow {
  readonly element: HTMLElement;
  index: number;
}

export class VirtualGrid<R> {
  readonly element: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly body: HTMLElement;
  private readonly empty: HTMLElement;
  private rows: readonly R[] = [];
  private readonly rendered = new Map<number, RenderedRow>();
  private readonly pool: HTMLElement[] = [];
  private activeRow = 0;
  private activeCol = 0;
  private focusWithin = false;
  private frame: number | undefined;
  private readonly template: string;

  constructor(private readonly options: VirtualGridOptions<R>) {
    this.template = options.columns.map((c) => c.width).join(' ');
    const header = h(
      'div',
      { role: 'row', 'aria-rowindex': 1, className: 'w365-grid-row w365-grid-header' },
      options.columns.map((c, i) =>
        h('div', { role: 'columnheader', 'aria-colindex': i + 1, className: 'w365-grid-cell', text: c.header }),
      ),
    );
    header.style.gridTemplateColumns = this.template;
    this.body = h('div', { role: 'rowgroup', className: 'w365-grid-body' });
    this.empty = h('div', { className: 'w365-grid-empty', text: options.emptyText, hidden: true });
    this.viewport = h('div', { className: 'w365-grid-viewport' }, [this.body, this.empty]);
    this.element = h(
      'div',
      { role: 'grid', 'aria-label': options.label, 'aria-colcount': options.columns.length, className: 'w365-grid' },
      [h('div', { role: 'rowgroup', className: 'w365-grid-head' }, [header]), this.viewport],
    );
    this.viewport.addEventListener('scroll', this.onScroll, { passive: true });
    this.element.addEventListener('keydown', this.onKeyDown);
    this.element.addEventListener('focusin', this.onFocusIn);
    this.element.addEventListener('focusout', this.onFocusOut);
  }

  /** Replace the rows (after a filter or a reload); keeps the active row when it is still there. */
  setRows(rows: readonly R[]): void {
    const activeKey =
      this.rows[this.activeRow] !== undefined ? this.options.rowKey(this.rows[this.activeRow]) : undefined;
    this.rows = rows;
    const again = activeKey === undefined ? -1 : rows.findIndex((r) => this.options.rowKey(r) === activeKey);
    this.activeRow = again >= 0 ? again : Math.min(this.activeRow, Math.max(0, rows.length - 1));
    if (again < 0)
      this.viewport.scrollTop = Math.min(this.viewport.scrollTop, rows.length * this.options.rowHeightInPx);
    this.element.setAttribute('aria-rowcount', String(rows.length + 1));
    this.body.style.height = `${rows.length * this.options.rowHeightInPx}px`;
    this.empty.hidden = rows.length > 0;
    this.renderAll();
  }

  /** Re-render the rows in view (after an edit changed what they show). */
  refresh(): void {
    this.renderAll();
  }

  get rowCount(): number {
    return this.rows.length;
  }

  /** Viewport height in px; the control sets it from its allocated height. */
  setHeight(heightInPx: number): void {
    this.viewport.style.height = `${Math.max(this.options.rowHeightInPx * 3, Math.floor(heightInPx))}px`;
    this.scheduleRender();
  }

  /** Move the active cell to the row with this key and focus it (after the picker closes, for example). */
  focusRowKey(key: string, colKey?: string): void {
    const index = this.rows.findIndex((r) => this.options.rowKey(r) === key);
    if (index < 0) return;
    const col = colKey ? this.options.columns.findIndex((c) => c.key === colKey) : this.activeCol;
    this.moveTo(index, col < 0 ? this.activeCol : col, true);
  }

  destroy(): void {
    if (this.frame !== undefined) window.cancelAnimationFrame(this.frame);
    this.viewport.removeEventListener('scroll', this.onScroll);
    this.element.removeEventListener('keydown', this.onKeyDown);
    this.element.removeEventListener('focusin', this.onFocusIn);
    this.element.removeEventListener('focusout', this.onFocusOut);
  }

  private readonly onScroll = () => this.scheduleRender();

  private readonly onFocusIn = (e: FocusEvent) => {
    this.focusWithin = true;
    // A click on a cell's control makes that cell the active one, so arrows continue from there.
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[role="gridcell"]');
    const rowEl = cell?.parentElement;
    if (!cell || !rowEl || !rowEl.dataset.index) return;
    this.activeRow = Number(rowEl.dataset.index);
    this.activeCol = Number(cell.dataset.col);
    this.updateTabStops();
  };

  private readonly onFocusOut = (e: FocusEvent) => {
    const next = e.relatedTarget as Node | null;
    if (!next || !this.element.contains(next)) this.focusWithin = false;
  };

  private scheduleRender(): void {
    if (this.frame !== undefined) return;
    this.frame = window.requestAnimationFrame(() => {
      this.frame = undefined;
      this.renderVisible(false);
    });
  }

  private renderAll(): void {
    this.renderVisible(true);
  }

  /** Render the rows in view; with `all` also re-render rows already in the DOM (their data changed). */
  private renderVisible(all: boolean): void {
    const { first, end } = visibleRange({
      scrollTopInPx: this.viewport.scrollTop,
      viewportHeightInPx: this.viewport.clientHeight || this.options.rowHeightInPx * 15,
      rowHeightInPx: this.options.rowHeightInPx,
      rowCount: this.rows.length,
      overscanRows: this.options.overscanRows,
    });
    const hadFocus =
      this.focusWithin && this.element.contains(document.activeElement) && document.activeElement !== this.element;
    for (const [index, r] of this.rendered) {
      if (index >= first && index < end) continue; // still in view: kept (and re-filled below when `all`)
      this.rendered.delete(index);
      r.element.remove();
      this.pool.push(r.element);
    }
    for (let index = first; index < end; index++) {
      const existing = this.rendered.get(index);
      if (existing && !all) continue;
      const element = existing?.element ?? this.pool.pop() ?? this.newRowElement();
      this.fillRow(element, index);
      if (!existing) {
        this.rendered.set(index, { element, index });
        this.body.append(element);
      }
    }
    this.updateTabStops();
    if (hadFocus && !this.element.contains(document.activeElement)) this.focusActive();
  }

  private newRowElement(): HTMLElement {
    const row = h('div', { role: 'row', className: 'w365-grid-row' });
    row.style.gridTemplateColumns = this.template;
    row.style.height = `${this.options.rowHeightInPx}px`;
    return row;
  }

  private fillRow(element: HTMLElement, index: number): void {
    const row = this.rows[index];
    element.dataset.index = String(index);
    element.dataset.key = this.options.rowKey(row);
    element.setAttribute('aria-rowindex', String(index + 2));
    element.className = `w365-grid-row ${this.options.rowClass?.(row) ?? ''}`.trim();
    element.style.transform = `translateY(${index * this.options.rowHeightInPx}px)`;
    element.replaceChildren(
      ...this.options.columns.map((c, col) => {
        const cell = h('div', {
          role: 'gridcell',
          'aria-colindex': col + 1,
          className: `w365-grid-cell w365-col-${c.key}`,
        });
        cell.dataset.col = String(col);
        c.render(cell, row, index);
        return cell;
      }),
    );
  }

  private focusTarget(cell: HTMLElement): HTMLElement {
    return cell.querySelector<HTMLElement>('[data-grid-focus]') ?? cell;
  }

  /** Exactly one element in the grid is in the tab order: the active cell's focus target. */
  private updateTabStops(): void {
    for (const r of this.rendered.values()) {
      r.element
        .querySelectorAll<HTMLElement>('[role="gridcell"], button, input, a, select')
        .forEach((el) => el.setAttribute('tabindex', '-1'));
    }
    const cell = this.activeCell();
    if (cell) this.focusTarget(cell).setAttribute('tabindex', '0');
    else if (this.rows.length === 0) this.element.setAttribute('tabindex', '0');
  }

  private activeCell(): HTMLElement | undefined {
    const r = this.rendered.get(this.activeRow);
    return r?.element.querySelector<HTMLElement>(`[data-col="${this.activeCol}"]`) ?? undefined;
  }

  private focusActive(): void {
    const cell = this.activeCell();
    if (cell) this.focusTarget(cell).focus({ preventScroll: true });
  }

  private moveTo(rowIndex: number, colIndex: number, focus: boolean): void {
    if (this.rows.length === 0) return;
    this.activeRow = Math.max(0, Math.min(this.rows.length - 1, rowIndex));
    this.activeCol = Math.max(0, Math.min(this.options.columns.length - 1, colIndex));
    const top = scrollTopToReveal(
      this.activeRow,
      this.viewport.scrollTop,
      this.viewport.clientHeight,
      this.options.rowHeightInPx,
    );
    if (top !== undefined) this.viewport.scrollTop = top;
    // Render now (not on the next frame) so that the row exists before it is focused.
    this.renderVisible(false);
    if (focus) this.focusActive();
  }

  private readonly onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    // Keys typed into a text box inside a cell belong to the text box.
    if (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') return;
    const pageRows = Math.max(1, Math.floor(this.viewport.clientHeight / this.options.rowHeightInPx) - 1);
    let row = this.activeRow;
    let col = this.activeCol;
    switch (e.key) {
      case 'ArrowDown':
        row++;
        break;
      case 'ArrowUp':
        row--;
        break;
      case 'ArrowRight':
        col++;
        break;
      case 'ArrowLeft':
        col--;
        break;
      case 'PageDown':
        row += pageRows;
        break;
      case 'PageUp':
        row -= pageRows;
        break;
      case 'Home':
        if (e.ctrlKey) row = 0;
        col = 0;
        break;
      case 'End':
        if (e.ctrlKey) row = this.rows.length - 1;
        col = this.options.columns.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    this.moveTo(row, col, true);
  };
}
