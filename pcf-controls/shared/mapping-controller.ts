/**
 * What both mapping grids' controllers do the same way, as glue between the platform (context:
 * dataset, webAPI, navigation, resources) and a control's pure view model (model/*): it holds the
 * rows as loaded, the person's unsaved edits and the last save's problems; loads every page of the
 * dataset; filters and searches; saves with compare-before-write; and builds the DOM frame (toolbar,
 * message line, grid, picker, announcer). Each control's controller.ts extends it with what is its
 * own: its toolbar and columns, its actions, and what a save's outcomes do to its rows.
 */
import { writeAll, type PendingWrite, type WriteOutcome } from './compare-write';
import { DatasetLoader, type Ref } from './dataset';
import { Announcer, h } from './dom';
import type { GridStringKey } from './grid-strings';
import type { Counts, GridFilter, RowFilter } from './mapping-rules';
import type { GridToolbarState, SaveProgress } from './mapping-toolbar';
import { containsAnyFilter, normaliseGuid, queryString } from './odata';
import { Picker, type PickerOption } from './picker';
import { Strings } from './strings';
import { ensureSharedStyles } from './styles';
import { searchTerms } from './text';
import {
  OVERSCAN_ROWS,
  ROW_HEIGHT_IN_PX,
  SAVE_CONCURRENCY,
  SEARCH_DEBOUNCE_IN_MS,
  SEARCH_MIN_CHARS,
  SEARCH_RESULTS,
} from './tuning';
import { VirtualGrid, type GridColumn } from './virtual-grid';

type DataSet = ComponentFramework.PropertyTypes.DataSet;

export interface GridSettings<I> {
  /** The manifest's `<data-set>` property. */
  dataset(parameters: I): DataSet;
  /** Columns the grid reads from each dataset record; the ones the view lacks are added with addColumn. */
  readonly datasetColumns: readonly string[];
  /** The table of the grid's rows, which Save all writes and a conflicting row is read back from. */
  readonly entityLogicalName: string;
  /** `$select` for reading one row back in the shape `rowFromEntity` expects. */
  readonly entitySelect: readonly string[];
  /** What the toolbar and message line take of the allocated height (the product grid has a help line). */
  readonly chromeHeightInPx: number;
  /** Grid height when the platform gives none (allocatedHeight -1 on a form section). */
  readonly defaultGridHeightInPx: number;
  /** Announce "Saving 0 of n" as a save starts (the account grid does; the product grid never has). */
  readonly announceSaveStart: boolean;
}

/** The control's parts of the DOM frame. */
export interface GridFrame<Row> {
  /** `w365-root` and the control's own class, which its css/*.css hangs off. */
  readonly className: string;
  readonly toolbar: { readonly element: HTMLElement };
  readonly columns: readonly GridColumn<Row>[];
  /** The control's own elements, placed between the picker and the announcer (the product dialog). */
  readonly extra?: readonly HTMLElement[];
}

/** What a save came to, for its summary line (each control counts from its own outcomes). */
export interface SaveCounts {
  readonly saved: number;
  readonly conflicts: number;
  readonly failures: number;
}

/** A server-side search for the picker (see `searchRecords`). */
export interface RecordSearch {
  readonly entityLogicalName: string;
  readonly id: string;
  readonly name: string;
  /** Columns searched as well as the name, and shown as the option's second line. */
  readonly details: readonly string[];
  /** Which records may be offered at all (`statecode eq 0`). */
  readonly offered: string;
}

export abstract class MappingGridController<I, Row extends { readonly id: string }, Edit, K extends string> {
  protected context: ComponentFramework.Context<I>;
  protected readonly s: Strings<K | GridStringKey>;
  protected readonly announcer = new Announcer();
  private readonly loader: DatasetLoader;
  // Set by mount(), which the control's constructor calls once its toolbar and columns exist (they
  // call back into the control, so they cannot be made before this base class is).
  protected root!: HTMLElement;
  protected message!: HTMLElement;
  protected grid!: VirtualGrid<Row>;
  protected picker!: Picker;
  protected rows: Row[] = [];
  protected edits: ReadonlyMap<string, Edit> = new Map();
  protected conflicts = new Map<string, Row>();
  protected failures = new Map<string, string>();
  protected status: GridFilter = 'all';
  private terms: string[] = [];
  private loadedIds: readonly string[] | undefined;
  protected saving: SaveProgress | undefined;
  protected destroyed = false;

  protected constructor(
    context: ComponentFramework.Context<I>,
    private readonly settings: GridSettings<I>,
  ) {
    this.context = context;
    this.s = new Strings<K | GridStringKey>(context.resources);
    this.loader = new DatasetLoader(settings.datasetColumns);
  }

  /** The dataset's records as rows, in the order the grid shows them. */
  protected abstract rowsOf(dataset: DataSet): Row[];
  /** A Web API entity (`retrieveRecord` with lookups' formatted values) as a row. */
  protected abstract rowFromEntity(entity: ComponentFramework.WebApi.Entity): Row;
  /** What the announcer says once every row is loaded. */
  protected abstract loadedAnnouncement(): string;
  protected abstract filterRows(filter: RowFilter): Row[];
  /** Bring the toolbar up to date (see `toolbarState`). */
  protected abstract updateToolbar(): void;
  /** The writes for every unsaved edit (compare-write.ts). */
  protected abstract planWrites(): PendingWrite[];
  /** Take a save's outcomes into rows, edits, conflicts and failures. */
  protected abstract applyOutcomes(outcomes: readonly WriteOutcome[]): Promise<SaveCounts>;

  /** Build the DOM frame around the control's toolbar and columns, and put it in the container. */
  protected mount(container: HTMLDivElement, frame: GridFrame<Row>): void {
    const s = this.s;
    this.grid = new VirtualGrid<Row>({
      label: s.get('Grid_Label'),
      rowHeightInPx: ROW_HEIGHT_IN_PX,
      overscanRows: OVERSCAN_ROWS,
      columns: frame.columns,
      emptyText: s.get('Empty'),
      rowKey: (r) => r.id,
      rowClass: (r) =>
        this.conflicts.has(r.id) || this.failures.has(r.id)
          ? 'w365-row-problem'
          : this.edits.has(r.id)
            ? 'w365-row-unsaved'
            : '',
    });
    this.picker = new Picker({
      strings: {
        searching: s.get('Picker_Searching'),
        noResults: s.get('Picker_NoResults'),
        typeToSearch: s.get('Picker_Type'),
        failed: s.get('Picker_Failed'),
        close: s.get('Picker_Close'),
      },
      debounceInMs: SEARCH_DEBOUNCE_IN_MS,
      minChars: SEARCH_MIN_CHARS,
    });
    this.message = h('div', { className: 'w365-message', text: s.get('Loading') });
    this.root = h('div', { className: frame.className }, [
      frame.toolbar.element,
      this.message,
      this.grid.element,
      this.picker.element,
      ...(frame.extra ?? []),
      this.announcer.element,
    ]);
    ensureSharedStyles(container.ownerDocument);
    container.append(this.root);
    this.context.mode.trackContainerResize(true);
  }

  update(context: ComponentFramework.Context<I>): void {
    this.context = context;
    const { chromeHeightInPx, defaultGridHeightInPx } = this.settings;
    this.grid.setHeight(
      context.mode.allocatedHeight > 0 ? context.mode.allocatedHeight - chromeHeightInPx : defaultGridHeightInPx,
    );
    const dataset = this.settings.dataset(context.parameters);
    const state = this.loader.step(dataset);
    if (state === 'error') {
      this.message.textContent = this.s.get('Load_Failed', dataset.errorMessage);
      return;
    }
    if (state === 'waiting' || dataset.sortedRecordIds === this.loadedIds) return;
    this.loadedIds = dataset.sortedRecordIds;
    this.rows = this.rowsOf(dataset);
    // Edits for rows that are still there survive a reload (the platform refreshes the subgrid when
    // the form saves, for example): a person's unsaved work is not thrown away. (`entry[0]` rather
    // than a destructured `[id]`: pcf-scripts' Babel adds a 1 KB array helper to every module that
    // destructures an array, and this one need not.)
    const ids = new Set(this.rows.map((r) => r.id));
    this.edits = new Map([...this.edits].filter((entry) => ids.has(entry[0])));
    this.message.textContent = '';
    this.render(true);
    this.announcer.say(this.loadedAnnouncement());
  }

  destroy(): void {
    this.destroyed = true;
    this.picker.destroy();
    this.grid.destroy();
    this.announcer.destroy();
    this.root.remove();
  }

  protected setFilter(status: GridFilter | undefined, text: string | undefined): void {
    if (status !== undefined) this.status = status;
    if (text !== undefined) this.terms = searchTerms(text);
    this.render(true);
  }

  /** Recompute the shown rows (`refilter`) or just redraw, then the toolbar. */
  protected render(refilter: boolean): void {
    if (refilter) {
      const attention = new Set([...this.conflicts.keys(), ...this.failures.keys()]);
      this.grid.setRows(this.filterRows({ status: this.status, terms: this.terms, attention }));
    } else this.grid.refresh();
    this.updateToolbar();
  }

  /** The toolbar state both grids show, from the control's counts per status. */
  protected toolbarState(counts: Counts): GridToolbarState {
    return { counts, status: this.status, shown: this.grid.rowCount, total: this.rows.length, saving: this.saving };
  }

  protected edit(edits: ReadonlyMap<string, Edit>, announcement: string): void {
    this.edits = edits;
    // Redraw in place: a row edited under a status filter stays visible until the filter is changed,
    // so it does not vanish from under the person's focus.
    this.render(false);
    if (announcement) this.announcer.say(announcement);
  }

  /** Save all: every unsaved edit, compare-before-write, a bounded number in flight. */
  protected async save(): Promise<void> {
    const s = this.s;
    const writes = this.planWrites();
    if (writes.length === 0 || this.saving) {
      this.announcer.say(s.get('Save_Nothing'));
      return;
    }
    this.picker.close(false);
    this.conflicts = new Map();
    this.failures = new Map();
    this.saving = { done: 0, total: writes.length };
    this.render(false);
    if (this.settings.announceSaveStart) this.announcer.say(s.get('Saving', 0, writes.length));
    const outcomes = await writeAll(this.context.webAPI, this.settings.entityLogicalName, writes, {
      concurrency: SAVE_CONCURRENCY,
      onProgress: (done, total) => {
        this.saving = { done, total };
        this.render(false);
      },
    });
    if (this.destroyed) return;
    const counts = await this.applyOutcomes(outcomes);
    this.saving = undefined;
    const summary = s.get('Save_Result', counts.saved, counts.conflicts, counts.failures);
    this.message.textContent = summary;
    // Problems first in view: switch to "Needs attention" when there are any.
    if (this.conflicts.size + this.failures.size > 0) this.status = 'attention';
    this.render(true);
    this.announcer.say(summary, this.conflicts.size + this.failures.size > 0);
  }

  /**
   * Show what a row a save found changed holds now: read it back (few, so one by one is fine). A
   * failed read marks the row failed instead, with `describe`'s wording of the rejection.
   */
  protected async readBack(id: string, describe: (error: unknown) => string): Promise<void> {
    try {
      const entity = await this.context.webAPI.retrieveRecord(
        this.settings.entityLogicalName,
        id,
        `?$select=${this.settings.entitySelect.join(',')}`,
      );
      this.conflicts.set(id, this.rowFromEntity(entity));
    } catch (error) {
      this.failures.set(id, this.s.get('Failed_Message', describe(error)));
    }
  }

  /** Search the server for the picker: offered records whose name or a detail contains the text, by name. */
  protected async searchRecords(search: RecordSearch, text: string): Promise<PickerOption[]> {
    const { id, name, details } = search;
    const filter = `${search.offered} and ${containsAnyFilter([name, ...details], text)}`;
    const result = await this.context.webAPI.retrieveMultipleRecords(
      search.entityLogicalName,
      queryString({ select: [id, name, ...details], filter, orderBy: `${name} asc`, top: SEARCH_RESULTS }),
    );
    return result.entities.map((e) => ({
      id: normaliseGuid(String(e[id])),
      name: String(e[name] ?? ''),
      detail:
        details
          .map((d) => e[d])
          .filter((v) => typeof v === 'string' && v)
          .join(' · ') || undefined,
    }));
  }

  /** Open a record's form (a mapped CRM account, a product). */
  protected async openRecord(entityName: string, record: Ref): Promise<void> {
    try {
      await this.context.navigation.openForm({ entityName, entityId: record.id });
    } catch {
      // The person closed the form or navigation is unavailable here: nothing to report.
    }
  }
}
