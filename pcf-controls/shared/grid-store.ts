/**
 * What both mapping grids hold and do the same way, as a plain store the React view subscribes to
 * (no DOM, no React: the lifecycle tests and the view both drive it): the rows as loaded (page by
 * page, the first screen first), the person's unsaved edits and the last save's problems, the view,
 * status filter, search, sort and selection, and Save all with compare-before-write. Each control's
 * store (AccountMappingStore, ProductMappingStore) extends it with its own actions. Every change makes
 * a new state object, so the view re-renders only what changed.
 */
import { writeAll, type PendingWrite } from './compare-write';
import { SyncJob } from './generated/names';
import { queryString } from './odata';
import { DatasetLoader, expectedRows, type DatasetRecord, type LoadState } from './dataset';
import type { GridStringKey } from './grid-strings';
import {
  countRows,
  filterRows,
  sortRows,
  type Counts,
  type GridRow,
  type GridView,
  type RowReading,
  type SortOrder,
  type SortValue,
} from './mapping-rules';
import { applyOutcomes, resolveConflict } from './save-outcomes';
import { Strings } from './strings';
import { searchTerms } from './text';
import { SAVE_CONCURRENCY } from './tuning';
import { classifyWebApiError } from './webapi-errors';

type DataSet = ComponentFramework.PropertyTypes.DataSet;
type Entity = ComponentFramework.WebApi.Entity;

/** A row of either grid: its provider and when it was created, for "new since the last sync". */
export interface StoreRow extends GridRow {
  readonly providerId?: string;
  /** ISO date and time. */
  readonly createdOn?: string;
}

/** How a control's rows read, load and save (its model/*.ts, pure). */
export interface GridModel<I, Row extends StoreRow, Edit> {
  readonly reading: RowReading<Row, Edit>;
  /** The status choice (every value is counted). */
  readonly statuses: Readonly<Record<string, number>>;
  dataset(parameters: I): DataSet;
  /** Columns read from each dataset record; the ones the view lacks are added with addColumn. */
  readonly datasetColumns: readonly string[];
  /** The table Save all writes, and a conflicting row is read back from (`$select`: entitySelect). */
  readonly entityLogicalName: string;
  readonly entitySelect: readonly string[];
  rowFromRecord(record: DatasetRecord): Row;
  rowFromEntity(entity: Entity): Row;
  /** The order rows are shown in before a sort by column (the product grid: Not Mapped first). */
  order(rows: Row[]): Row[];
  sortValue(row: Row, edits: ReadonlyMap<string, Edit>, column: string): SortValue;
  planWrites(rows: readonly Row[], edits: ReadonlyMap<string, Edit>): PendingWrite[];
  savedRow(row: Row, edit: Edit): Row;
  /** The edit would leave the row as it is (then it is no edit). */
  sameAsRow(row: Row, edit: Edit): boolean;
  /** The sync operation whose last run decides what is new (Sync Provider Accounts, Sync Subscriptions). */
  readonly syncOperation: number;
}

export type MessageIntent = 'success' | 'warning' | 'error' | 'info';

export interface LoadProgress {
  readonly state: LoadState;
  readonly loaded: number;
  /** Rows the dataset will hold, as the platform knows it (`atLeast`: Dataverse capped the count). */
  readonly total?: number;
  readonly atLeast: boolean;
  /** The rows shown lack columns still loading (the platform's first page has only the view's). */
  readonly partial: boolean;
  readonly error?: string;
}

export interface GridState<Row, Edit> {
  readonly rows: readonly Row[];
  readonly edits: ReadonlyMap<string, Edit>;
  /** Rows a save found changed by someone else: the row as Dataverse holds it now. */
  readonly conflicts: ReadonlyMap<string, Row>;
  /** Rows a save could not write, with why. */
  readonly failures: ReadonlyMap<string, string>;
  readonly view: GridView;
  readonly statuses: ReadonlySet<number>;
  readonly search: string;
  readonly sort?: SortOrder;
  readonly selection: ReadonlySet<string>;
  readonly load: LoadProgress;
  readonly saving?: { readonly done: number; readonly total: number };
  readonly message?: { readonly text: string; readonly intent: MessageIntent };
  /** When the provider's last finished sync (of the model's operation) started, ISO. */
  readonly lastSyncOn?: string;
  /** A record the person asked to open while edits are unsaved: the grid asks first. */
  readonly leaving?: { readonly entityName: string; readonly id: string };
}

export interface Announcement {
  readonly text: string;
  readonly urgent: boolean;
}

/** What the store keeps with mode.setControlState: unsaved edits outlive leaving the form and coming back. */
const STATE_EDITS = 'w365Edits';

export class GridStore<I, Row extends StoreRow, Edit, K extends string> {
  protected context: ComponentFramework.Context<I>;
  readonly s: Strings<K | GridStringKey>;
  private state: GridState<Row, Edit>;
  private readonly listeners = new Set<() => void>();
  private readonly announcers = new Set<(a: Announcement) => void>();
  private readonly loader: DatasetLoader;
  private loadedIds: readonly string[] | undefined;
  private lastSyncAsked: string | undefined;
  private readonly rowsByRecord = new WeakMap<DatasetRecord, Row>();
  private memo: { key: readonly unknown[]; rows: readonly Row[] } | undefined;
  private countsMemo: { key: readonly unknown[]; counts: Counts } | undefined;
  protected destroyed = false;

  constructor(
    context: ComponentFramework.Context<I>,
    protected readonly model: GridModel<I, Row, Edit>,
    saved: ComponentFramework.Dictionary | undefined,
  ) {
    this.context = context;
    this.s = new Strings<K | GridStringKey>(context.resources);
    this.loader = new DatasetLoader(model.datasetColumns);
    this.state = {
      rows: [],
      edits: restoreEdits<Edit>(saved),
      conflicts: new Map(),
      failures: new Map(),
      view: 'needs',
      statuses: new Set(),
      search: '',
      selection: new Set(),
      load: { state: 'waiting', loaded: 0, atLeast: false, partial: false },
    };
  }

  get current(): GridState<Row, Edit> {
    return this.state;
  }

  get platform(): ComponentFramework.Context<I> {
    return this.context;
  }

  /** For React: call `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Screen-reader announcements (the view speaks them through Fluent's live announcer). */
  onAnnounce(listener: (a: Announcement) => void): () => void {
    this.announcers.add(listener);
    return () => this.announcers.delete(listener);
  }

  announce(text: string, urgent = false): void {
    if (text) for (const a of this.announcers) a({ text, urgent });
  }

  protected set(patch: Partial<GridState<Row, Edit>>): void {
    if (this.destroyed) return;
    const editsChanged = patch.edits !== undefined && patch.edits !== this.state.edits;
    this.state = { ...this.state, ...patch };
    if (editsChanged) this.persistEdits();
    for (const l of this.listeners) l();
  }

  private persistEdits(): void {
    try {
      this.context.mode.setControlState({ [STATE_EDITS]: JSON.stringify([...this.state.edits]) });
    } catch {
      // A host without control state: the edits still live as long as the control does.
    }
  }

  /** From every updateView: take the dataset's rows as they arrive (the first page first). */
  update(context: ComponentFramework.Context<I>): void {
    this.context = context;
    const dataset = this.model.dataset(context.parameters);
    const state = this.loader.step(dataset);
    if (state === 'error') {
      this.set({ load: { ...this.state.load, state, error: dataset.errorMessage } });
      return;
    }
    if (state === 'waiting' || dataset.sortedRecordIds === this.loadedIds) {
      if (state !== this.state.load.state) this.set({ load: { ...this.state.load, state } });
      return;
    }
    this.loadedIds = dataset.sortedRecordIds;
    const rows = this.model.order(
      dataset.sortedRecordIds.map((id) => this.rowOf(dataset.records[id], state !== 'partial')),
    );
    const done = state === 'ready';
    const expected = expectedRows(dataset, rows.length, done);
    // Edits (restored from the control state, or made while loading) for rows that are gone are
    // dropped only once every row is in: a row of a page still to come keeps its edit.
    let edits = this.state.edits;
    if (done) {
      const ids = new Set(rows.map((r) => r.id));
      const kept = new Map([...edits].filter((entry) => ids.has(entry[0])));
      if (kept.size !== edits.size) edits = kept;
      this.announce(this.loadedAnnouncement(rows.length));
    }
    if (this.lastSyncAsked === undefined && rows.length > 0) {
      this.lastSyncAsked = rows[0].providerId ?? '';
      if (this.lastSyncAsked) void this.loadLastSync(this.lastSyncAsked);
    }
    const patch: Partial<GridState<Row, Edit>> = {
      rows,
      edits,
      load: {
        state,
        loaded: rows.length,
        total: expected?.total,
        atLeast: expected?.atLeast ?? false,
        partial: state === 'partial',
      },
    };
    this.set(patch);
  }

  /**
   * A record's row, read once per record object: a page appended keeps the rows before it (the same
   * objects, so their rows are not rendered again) and only the new page's records are read. A refresh
   * brings new record objects, read anew. [I] The platform hands a record loaded before as the same
   * object on the next page; were it another, it would only be read again. A row read from the first,
   * partial page (the view's columns only) is not kept: the same record may come back with more.
   */
  private rowOf(record: DatasetRecord, keep: boolean): Row {
    let row = this.rowsByRecord.get(record);
    if (!row) {
      row = this.model.rowFromRecord(record);
      if (keep) this.rowsByRecord.set(record, row);
    }
    return row;
  }

  /**
   * When the provider's last finished sync started: rows created since are "new since the last sync".
   * Without it (never synced, or the read fails) no row is marked new.
   */
  private async loadLastSync(providerId: string): Promise<void> {
    const J = SyncJob.col;
    try {
      const found = await this.context.webAPI.retrieveMultipleRecords(
        SyncJob.logicalName,
        queryString({
          select: [J.startedOn],
          filter: `${SyncJob.val.provider} eq ${providerId} and ${J.operation} eq ${this.model.syncOperation} and ${J.finishedOn} ne null`,
          orderBy: `${J.startedOn} desc`,
          top: 1,
        }),
      );
      const startedOn = found.entities[0]?.[J.startedOn];
      if (typeof startedOn === 'string') this.set({ lastSyncOn: startedOn });
    } catch {
      // No job history readable here: nothing is marked new.
    }
  }

  /** Created since the provider's last sync started. */
  isNew(row: Row): boolean {
    const since = this.state.lastSyncOn;
    const created = row.createdOn;
    return since !== undefined && created !== undefined && Date.parse(created) >= Date.parse(since);
  }

  /** What is said once every row is loaded. */
  protected loadedAnnouncement(rows: number): string {
    return this.s.get('Loaded_All', rows);
  }

  destroy(): void {
    this.destroyed = true;
    this.listeners.clear();
    this.announcers.clear();
  }

  get problemIds(): ReadonlySet<string> {
    return new Set([...this.state.conflicts.keys(), ...this.state.failures.keys()]);
  }

  /** The rows shown: the view, the status filter, the search, then the sort (cached between changes). */
  visibleRows(): readonly Row[] {
    const st = this.state;
    const key = [st.rows, st.edits, st.view, st.statuses, st.search, st.sort, st.conflicts, st.failures];
    if (this.memo && key.every((k, i) => k === this.memo?.key[i])) return this.memo.rows;
    const filtered = filterRows(
      st.rows,
      st.edits,
      { view: st.view, statuses: st.statuses, terms: searchTerms(st.search), problems: this.problemIds },
      this.model.reading,
    );
    const sorted = st.sort
      ? sortRows(filtered, st.sort, (r) => this.model.sortValue(r, st.edits, (st.sort as SortOrder).column))
      : filtered;
    this.memo = { key, rows: sorted };
    return sorted;
  }

  counts(): Counts {
    const st = this.state;
    const key = [st.rows, st.edits, st.conflicts, st.failures];
    if (this.countsMemo && key.every((k, i) => k === this.countsMemo?.key[i])) return this.countsMemo.counts;
    const counts = countRows(st.rows, st.edits, this.model.statuses, this.problemIds, this.model.reading);
    this.countsMemo = { key, counts };
    return counts;
  }

  setView(view: GridView): void {
    this.set({ view, selection: new Set() });
  }

  setSearch(search: string): void {
    this.set({ search });
  }

  setStatuses(statuses: ReadonlySet<number>): void {
    this.set({ statuses });
  }

  /** Sort by a column: ascending, then descending, then back to the grid's own order. */
  cycleSort(column: string): void {
    const sort = this.state.sort;
    if (!sort || sort.column !== column) this.set({ sort: { column, descending: false } });
    else if (!sort.descending) this.set({ sort: { column, descending: true } });
    else this.set({ sort: undefined });
  }

  toggleSelected(id: string): void {
    const next = new Set(this.state.selection);
    if (!next.delete(id)) next.add(id);
    this.set({ selection: next });
  }

  /** Select every row shown, or none when they all are. */
  toggleSelectAll(): void {
    const shown = this.visibleRows();
    const all = shown.length > 0 && shown.every((r) => this.state.selection.has(r.id));
    this.set({ selection: all ? new Set() : new Set(shown.map((r) => r.id)) });
  }

  /** The selected rows still shown (a filter may hide some: bulk actions act on what the person sees). */
  selectedRows(): Row[] {
    return this.visibleRows().filter((r) => this.state.selection.has(r.id));
  }

  setMessage(text: string, intent: MessageIntent = 'info'): void {
    this.set({ message: text ? { text, intent } : undefined });
  }

  /** Take new edits; a row acted on loses its last save failure (the person has dealt with it). */
  edit(edits: ReadonlyMap<string, Edit>, announcement = '', touched: readonly string[] = []): void {
    let failures = this.state.failures;
    if (touched.some((id) => failures.has(id))) {
      failures = new Map(failures);
      for (const id of touched) (failures as Map<string, string>).delete(id);
    }
    this.set({ edits, failures });
    this.announce(announcement);
  }

  undo(rowId: string): void {
    if (!this.state.edits.has(rowId)) return;
    const next = new Map(this.state.edits);
    next.delete(rowId);
    this.edit(next, '', [rowId]);
  }

  /** Save all: every unsaved edit, compare-before-write, a bounded number in flight. */
  async save(): Promise<void> {
    const s = this.s;
    const writes = this.model.planWrites(this.state.rows, this.state.edits);
    if (writes.length === 0 || this.state.saving) {
      this.announce(s.get('Save_Nothing'));
      return;
    }
    this.set({
      conflicts: new Map(),
      failures: new Map(),
      saving: { done: 0, total: writes.length },
      message: undefined,
    });
    this.announce(s.get('Saving', 0, writes.length));
    const outcomes = await writeAll(this.context.webAPI, this.model.entityLogicalName, writes, {
      concurrency: SAVE_CONCURRENCY,
      onProgress: (done, total) => this.set({ saving: { done, total } }),
    });
    if (this.destroyed) return;
    const result = applyOutcomes(this.state.rows, this.state.edits, outcomes, (r, e) => this.model.savedRow(r, e));
    const failures = new Map<string, string>();
    for (const [id, f] of result.failures) failures.set(id, this.failureText(f.kind, f.message));
    const conflicts = new Map<string, Row>();
    for (const id of result.conflicts) await this.readBack(id, conflicts, failures);
    const problems = conflicts.size + failures.size;
    const summary = s.get('Save_Result', result.saved, conflicts.size, failures.size);
    this.set({
      rows: result.rows,
      edits: result.edits,
      conflicts,
      failures,
      saving: undefined,
      message: { text: summary, intent: problems > 0 ? 'warning' : 'success' },
      // Problems first in view when there are any.
      ...(problems > 0 ? { view: 'problems' as GridView } : {}),
    });
    this.announce(summary, problems > 0);
  }

  /** How a failed write reads for a person (the account grid names a duplicate mapping). */
  protected failureText(_kind: string, message: string): string {
    return this.s.get('Failed_Message', message);
  }

  /** What a row a save found changed holds now: read back (few, so one by one). A failed read marks it failed. */
  protected async readBack(id: string, conflicts: Map<string, Row>, failures: Map<string, string>): Promise<void> {
    try {
      const entity = await this.context.webAPI.retrieveRecord(
        this.model.entityLogicalName,
        id,
        `?$select=${this.model.entitySelect.join(',')}`,
      );
      conflicts.set(id, this.model.rowFromEntity(entity));
    } catch (error) {
      failures.set(id, this.s.get('Failed_Message', classifyWebApiError(error).message));
    }
  }

  /** Keep theirs (drop my edit) or keep mine (the next save compares against what I have now seen). */
  resolve(rowId: string, keepMine: boolean): void {
    const theirs = this.state.conflicts.get(rowId);
    if (!theirs) return;
    const next = resolveConflict(this.state.rows, this.state.edits, theirs, keepMine, (r, e) =>
      this.model.sameAsRow(r, e),
    );
    const conflicts = new Map(this.state.conflicts);
    conflicts.delete(rowId);
    this.set({ rows: next.rows, edits: next.edits, conflicts });
  }

  /** Open a record's form, asking first when edits are unsaved (they are kept in the control state). */
  requestOpen(entityName: string, id: string): void {
    if (this.state.edits.size === 0) void this.openRecord(entityName, id);
    else this.set({ leaving: { entityName, id } });
  }

  /** The answer to "unsaved edits": save then open (not when the save had problems), open, or stay. */
  async answerLeave(choice: 'save' | 'go' | 'stay'): Promise<void> {
    const leaving = this.state.leaving;
    this.set({ leaving: undefined });
    if (!leaving || choice === 'stay') return;
    if (choice === 'save') {
      await this.save();
      if (this.problemIds.size > 0) return;
    }
    await this.openRecord(leaving.entityName, leaving.id);
  }

  /** Open a record's form (a mapped CRM account, a product). */
  async openRecord(entityName: string, id: string): Promise<void> {
    try {
      await this.context.navigation.openForm({ entityName, entityId: id });
    } catch {
      // The person closed the form or navigation is unavailable here: nothing to report.
    }
  }
}

function restoreEdits<Edit>(saved: ComponentFramework.Dictionary | undefined): ReadonlyMap<string, Edit> {
  const text = saved?.[STATE_EDITS];
  if (typeof text !== 'string') return new Map();
  try {
    const entries = JSON.parse(text) as unknown;
    return Array.isArray(entries) ? new Map(entries as [string, Edit][]) : new Map();
  } catch {
    return new Map();
  }
}
