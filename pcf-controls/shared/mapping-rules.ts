/**
 * Rules both mapping grids apply the same way, as pure functions over (rows as loaded, a person's
 * unsaved edits): the status filter and search, the counts per status, and undo. Each control's
 * model/mapping.ts passes in how its rows and edits read and keeps the rules that are its own (the
 * account grid's one-to-one check, for one).
 */
import type { Ref } from './dataset';
import { matchesAll, searchKey } from './text';

/** The status filter: every row, rows with unsaved edits, rows a save had trouble with, or one status. */
export type GridFilter = 'all' | 'unsaved' | 'attention' | number;

export interface GridRow {
  readonly id: string;
  /** Lower-case, accent-free text the search box matches (see text.ts searchKey). */
  readonly searchKey: string;
}

/** How a control's rows and edits read, for the rules here. */
export interface RowReading<Row, Edit> {
  /** The status the row will have once saved (its edit's, else as loaded). */
  status(row: Row, edits: ReadonlyMap<string, Edit>): number;
  /** The record an edit maps its row to (CRM account, product); null when it unmaps. */
  chosen(edit: Edit): Ref | null;
}

export interface Counts {
  readonly byStatus: ReadonlyMap<number, number>;
  readonly unsaved: number;
}

export interface RowFilter {
  readonly status: GridFilter;
  /** Search words (text.ts searchTerms); every one must match. */
  readonly terms: readonly string[];
  /** Rows that need attention after a save (conflicts, failures). */
  readonly attention: ReadonlySet<string>;
}

/** Drop a row's unsaved edit (the same map when it has none). */
export function revert<Edit>(edits: ReadonlyMap<string, Edit>, rowId: string): ReadonlyMap<string, Edit> {
  if (!edits.has(rowId)) return edits;
  const next = new Map(edits);
  next.delete(rowId);
  return next;
}

/**
 * Rows per status after saving (what the toolbar shows; every value of the status choice counted,
 * zero included), and how many rows have unsaved edits.
 */
export function countByStatus<Row, Edit>(
  rows: readonly Row[],
  edits: ReadonlyMap<string, Edit>,
  statuses: Readonly<Record<string, number>>,
  reading: Pick<RowReading<Row, Edit>, 'status'>,
): Counts {
  const byStatus = new Map<number, number>(Object.values(statuses).map((v) => [v, 0]));
  for (const r of rows) {
    const s = reading.status(r, edits);
    byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
  }
  return { byStatus, unsaved: edits.size };
}

/**
 * The rows to show, in load order. Linear in rows with no allocation per row beyond the result: it
 * runs on every keystroke in the search box, over up to tens of thousands of rows.
 */
export function filterRows<Row extends GridRow, Edit>(
  rows: readonly Row[],
  edits: ReadonlyMap<string, Edit>,
  filter: RowFilter,
  reading: RowReading<Row, Edit>,
): Row[] {
  const out: Row[] = [];
  for (const r of rows) {
    if (filter.status === 'unsaved' && !edits.has(r.id)) continue;
    if (filter.status === 'attention' && !filter.attention.has(r.id)) continue;
    if (typeof filter.status === 'number' && reading.status(r, edits) !== filter.status) continue;
    if (filter.terms.length > 0 && !matchesAll(r.searchKey, filter.terms)) {
      // An unsaved choice is found by the name of the record just chosen, too.
      const e = edits.get(r.id);
      const chosen = e === undefined ? null : reading.chosen(e);
      if (!chosen || !matchesAll(`${r.searchKey} ${searchKey(chosen.name)}`, filter.terms)) continue;
    }
    out.push(r);
  }
  return out;
}
