/**
 * Glue between the platform and the product-mapping view model: loads every mapping of the provider
 * (Not Mapped first), keeps unsaved product choices, saves them with compare-before-write, and
 * creates a product from a SKU and maps it in one step. index.ts only forwards the lifecycle here.
 */
import { writeAll, writeOne } from '../../shared/compare-write';
import { DatasetLoader } from '../../shared/dataset';
import { Announcer, h } from '../../shared/dom';
import { containsAnyFilter, normaliseGuid, odataString, queryString } from '../../shared/odata';
import { Picker, type PickerOption } from '../../shared/picker';
import { Strings } from '../../shared/strings';
import { ensureSharedStyles } from '../../shared/styles';
import { searchTerms } from '../../shared/text';
import { VirtualGrid } from '../../shared/virtual-grid';
import { classifyWebApiError } from '../../shared/webapi-errors';
import type { IInputs } from './generated/ManifestTypes';
import {
  DATASET,
  DATASET_COLUMNS,
  DEFAULT_GRID_HEIGHT_IN_PX,
  OVERSCAN_ROWS,
  Product,
  ProductMapping,
  ProductMappingStatus,
  RETIRED_PRODUCT_STATE,
  ROW_HEIGHT_IN_PX,
  SAVE_CONCURRENCY,
  SEARCH_DEBOUNCE_IN_MS,
  SEARCH_MIN_CHARS,
  SEARCH_RESULTS,
  TransactionCurrency,
  Uom,
  UomSchedule,
} from './ManifestConstants';
import { chooseProduct, countByStatus, filterRows, planWrites, revert, savedRow, unmap, writeFor } from './model/mapping';
import { draftFor, productBody, type NewProductDraft } from './model/new-product';
import { ENTITY_SELECT, rowFromEntity, rowFromRecord, sortNotMappedFirst } from './model/rows';
import type { MappingRow, ProductEdits, ProductFilter, Ref } from './model/types';
import type { StringKey } from './strings-keys';
import { productColumns } from './view/columns';
import { ProductDialog } from './view/product-dialog';
import { ProductToolbar } from './view/toolbar';

type Context = ComponentFramework.Context<IInputs>;

export class ProductMappingController {
  private context: Context;
  private readonly s: Strings<StringKey>;
  private readonly root: HTMLElement;
  private readonly message: HTMLElement;
  private readonly toolbar: ProductToolbar;
  private readonly grid: VirtualGrid<MappingRow>;
  private readonly picker: Picker;
  private readonly dialog: ProductDialog;
  private readonly announcer = new Announcer();
  private readonly loader = new DatasetLoader(DATASET_COLUMNS);
  private rows: MappingRow[] = [];
  private edits: ProductEdits = new Map();
  private conflicts = new Map<string, MappingRow>();
  private failures = new Map<string, string>();
  private status: ProductFilter = 'all';
  private terms: string[] = [];
  private loadedIds: readonly string[] | undefined;
  private saving: { done: number; total: number } | undefined;
  private destroyed = false;

  constructor(container: HTMLDivElement, context: Context) {
    this.context = context;
    const s = (this.s = new Strings<StringKey>(context.resources));
    this.toolbar = new ProductToolbar(s, {
      onStatus: (f) => this.setFilter(f, undefined),
      onSearch: (t) => this.setFilter(undefined, t),
      onSave: () => void this.save(),
    });
    this.grid = new VirtualGrid<MappingRow>({
      label: s.get('Grid_Label'),
      rowHeightInPx: ROW_HEIGHT_IN_PX,
      overscanRows: OVERSCAN_ROWS,
      emptyText: s.get('Empty'),
      rowKey: (r) => r.id,
      rowClass: (r) => (this.conflicts.has(r.id) || this.failures.has(r.id) ? 'w365-row-problem' : this.edits.has(r.id) ? 'w365-row-unsaved' : ''),
      columns: productColumns(
        s,
        () => ({ edits: this.edits, conflicts: this.conflicts, failures: this.failures, formatAmount: (v, c) => this.formatAmount(v, c) }),
        {
          choose: (row, cell) => this.openPicker(row, cell),
          create: (row, button) => this.openDialog(row, button),
          unmap: (row) => this.edit(unmap(this.rows, this.edits, row.id), s.get('Unmapped_Announce', row.sku)),
          undo: (row) => this.edit(revert(this.edits, row.id), ''),
          open: (product) => void this.openProduct(product),
          resolve: (row, keepMine) => this.resolve(row, keepMine),
        },
      ),
    });
    this.picker = new Picker({
      strings: { searching: s.get('Picker_Searching'), noResults: s.get('Picker_NoResults'), typeToSearch: s.get('Picker_Type'), failed: s.get('Picker_Failed'), close: s.get('Picker_Close') },
      debounceInMs: SEARCH_DEBOUNCE_IN_MS,
      minChars: SEARCH_MIN_CHARS,
    });
    this.dialog = new ProductDialog(s);
    this.message = h('div', { className: 'w365-message', text: s.get('Loading') });
    this.root = h('div', { className: 'w365-root w365-pmg' }, [this.toolbar.element, this.message, this.grid.element, this.picker.element, this.dialog.element, this.announcer.element]);
    ensureSharedStyles(container.ownerDocument);
    container.append(this.root);
    context.mode.trackContainerResize(true);
  }

  update(context: Context): void {
    this.context = context;
    this.grid.setHeight(context.mode.allocatedHeight > 0 ? context.mode.allocatedHeight - 130 : DEFAULT_GRID_HEIGHT_IN_PX);
    const dataset = context.parameters[DATASET];
    const state = this.loader.step(dataset);
    if (state === 'error') {
      this.message.textContent = this.s.get('Load_Failed', dataset.errorMessage);
      return;
    }
    if (state === 'waiting' || dataset.sortedRecordIds === this.loadedIds) return;
    this.loadedIds = dataset.sortedRecordIds;
    this.rows = sortNotMappedFirst(dataset.sortedRecordIds.map((id) => rowFromRecord(dataset.records[id])));
    const ids = new Set(this.rows.map((r) => r.id));
    this.edits = new Map([...this.edits].filter(([id]) => ids.has(id)));
    this.message.textContent = '';
    this.render(true);
    const notMapped = this.rows.filter((r) => r.status === ProductMappingStatus.NotMapped).length;
    this.announcer.say(this.s.get('Loaded', this.rows.length, notMapped));
  }

  destroy(): void {
    this.destroyed = true;
    this.picker.destroy();
    this.grid.destroy();
    this.announcer.destroy();
    this.root.remove();
  }

  private formatAmount(value: number | undefined, currencyCode: string | undefined): string {
    if (value === undefined) return '';
    const text = this.context.formatting.formatDecimal(value, 2);
    return currencyCode ? `${text} ${currencyCode}` : text;
  }

  private setFilter(status: ProductFilter | undefined, text: string | undefined): void {
    if (status !== undefined) this.status = status;
    if (text !== undefined) this.terms = searchTerms(text);
    this.render(true);
  }

  private render(refilter: boolean): void {
    if (refilter) {
      const attention = new Set([...this.conflicts.keys(), ...this.failures.keys()]);
      this.grid.setRows(filterRows(this.rows, this.edits, { status: this.status, terms: this.terms, attention }));
    } else this.grid.refresh();
    const counts = countByStatus(this.rows, this.edits);
    this.toolbar.update({ byStatus: counts.byStatus, unsaved: counts.unsaved, status: this.status, shown: this.grid.rowCount, total: this.rows.length, saving: this.saving });
  }

  private edit(edits: ProductEdits, announcement: string): void {
    this.edits = edits;
    this.render(false);
    if (announcement) this.announcer.say(announcement);
  }

  private openPicker(row: MappingRow, cell: HTMLElement): void {
    const s = this.s;
    this.picker.open(cell, this.root, {
      label: s.get('Picker_Label', row.sku),
      initialText: row.sku,
      search: (text) => this.searchProducts(text),
      onChoose: (option) => {
        this.edit(chooseProduct(this.rows, this.edits, row.id, { id: option.id, name: option.name }), s.get('Mapped_Announce', row.sku, option.name));
        return undefined;
      },
      onClose: () => {
        if (!this.dialog.isOpen) this.grid.focusRowKey(row.id, 'product');
      },
      extraAction: { label: s.get('Picker_Create'), run: () => this.openDialog(row, cell) },
    });
  }

  private async searchProducts(text: string): Promise<PickerOption[]> {
    const P = Product.col;
    const filter = `${P.stateCode} ne ${RETIRED_PRODUCT_STATE} and ${containsAnyFilter([P.name, P.productNumber, P.providerPartNumber], text)}`;
    const result = await this.context.webAPI.retrieveMultipleRecords(
      Product.logicalName,
      queryString({ select: [P.id, P.name, P.productNumber, P.providerPartNumber], filter, orderBy: `${P.name} asc`, top: SEARCH_RESULTS }),
    );
    return result.entities.map((e) => ({
      id: normaliseGuid(String(e[P.id])),
      name: String(e[P.name] ?? ''),
      detail: [e[P.productNumber], e[P.providerPartNumber]].filter((v) => typeof v === 'string' && v).join(' · ') || undefined,
    }));
  }

  private async refs(entity: string, idCol: string, nameCol: string, filter?: string): Promise<Ref[]> {
    const r = await this.context.webAPI.retrieveMultipleRecords(entity, queryString({ select: [idCol, nameCol], filter, orderBy: `${nameCol} asc` }));
    return r.entities.map((e) => ({ id: normaliseGuid(String(e[idCol])), name: String(e[nameCol] ?? '') }));
  }

  private openDialog(row: MappingRow, returnFocusTo: HTMLElement): void {
    const api = this.context.webAPI;
    void this.dialog.open({
      sku: row.sku,
      draft: draftFor(row),
      loadUnitGroups: () => this.refs(UomSchedule.logicalName, UomSchedule.col.id, UomSchedule.col.name, 'statecode eq 0'),
      loadUnits: (groupId) => this.refs(Uom.logicalName, Uom.col.id, Uom.col.name, `${Uom.val.schedule} eq ${normaliseGuid(groupId)}`),
      submit: (draft) => this.createAndMap(row, draft, api),
      onClose: () => (returnFocusTo.isConnected ? returnFocusTo.focus() : this.grid.focusRowKey(row.id, 'actions')),
    });
  }

  /** Create the product, then map the SKU to it at once (compare-before-write like Save all). */
  private async createAndMap(row: MappingRow, draft: NewProductDraft, api: ComponentFramework.WebApi): Promise<string | undefined> {
    const s = this.s;
    let currencyId: string | undefined;
    if (row.currencyCode) {
      const C = TransactionCurrency.col;
      const found = await api
        .retrieveMultipleRecords(TransactionCurrency.logicalName, queryString({ select: [C.id], filter: `${C.isoCurrencyCode} eq ${odataString(row.currencyCode)}`, top: 1 }))
        .catch(() => ({ entities: [] as ComponentFramework.WebApi.Entity[] }));
      currencyId = found.entities[0] ? String(found.entities[0][C.id]) : undefined;
    }
    let created: Ref;
    try {
      const ref = await api.createRecord(Product.logicalName, productBody(draft, row.providerId, currencyId));
      created = { id: normaliseGuid(ref.id), name: draft.name.trim() };
    } catch (error) {
      return s.get('Create_Failed', classifyWebApiError(error).message);
    }
    const edit = { status: ProductMappingStatus.Mapped, product: created };
    const outcome = await writeOne(api, ProductMapping.logicalName, writeFor(row, edit));
    if (this.destroyed) return undefined;
    if (outcome.kind === 'saved') {
      this.rows = this.rows.map((r) => (r.id === row.id ? savedRow(r, edit) : r));
      this.edits = revert(this.edits, row.id);
      this.render(false);
      this.announcer.say(s.get('Created_Announce', created.name, row.sku));
      this.message.textContent = s.get('Created_Announce', created.name, row.sku);
      return undefined;
    }
    // The product exists either way; the mapping is left for the person (picker finds the new product).
    this.edits = chooseProduct(this.rows, this.edits, row.id, created);
    if (outcome.kind === 'conflict') await this.loadConflict(row.id);
    else this.failures.set(row.id, s.get('Failed_Message', outcome.failure.message));
    this.render(false);
    return s.get('Created_NotMapped', created.name, row.sku, outcome.kind === 'conflict' ? s.get('Filter_Attention') : outcome.failure.message);
  }

  private async loadConflict(id: string): Promise<void> {
    try {
      const entity = await this.context.webAPI.retrieveRecord(ProductMapping.logicalName, id, `?$select=${ENTITY_SELECT.join(',')}`);
      this.conflicts.set(id, rowFromEntity(entity));
    } catch (error) {
      this.failures.set(id, this.s.get('Failed_Message', classifyWebApiError(error).message));
    }
  }

  private async save(): Promise<void> {
    const s = this.s;
    const writes = planWrites(this.rows, this.edits);
    if (writes.length === 0 || this.saving) {
      this.announcer.say(s.get('Save_Nothing'));
      return;
    }
    this.picker.close(false);
    this.conflicts = new Map();
    this.failures = new Map();
    this.saving = { done: 0, total: writes.length };
    this.render(false);
    const outcomes = await writeAll(this.context.webAPI, ProductMapping.logicalName, writes, {
      concurrency: SAVE_CONCURRENCY,
      onProgress: (done, total) => {
        this.saving = { done, total };
        this.render(false);
      },
    });
    if (this.destroyed) return;
    const edits = new Map(this.edits);
    let saved = 0;
    for (const o of outcomes) {
      const edit = edits.get(o.id);
      if (o.kind === 'saved' && edit) {
        this.rows = this.rows.map((r) => (r.id === o.id ? savedRow(r, edit) : r));
        edits.delete(o.id);
        saved++;
      } else if (o.kind === 'conflict') await this.loadConflict(o.id);
      else if (o.kind === 'failed') this.failures.set(o.id, s.get('Failed_Message', o.failure.message));
    }
    this.edits = edits;
    this.saving = undefined;
    const summary = s.get('Save_Result', saved, this.conflicts.size, this.failures.size);
    this.message.textContent = summary;
    if (this.conflicts.size + this.failures.size > 0) this.status = 'attention';
    this.render(true);
    this.announcer.say(summary, this.conflicts.size + this.failures.size > 0);
  }

  private resolve(row: MappingRow, keepMine: boolean): void {
    const theirs = this.conflicts.get(row.id);
    if (!theirs) return;
    this.rows = this.rows.map((r) => (r.id === theirs.id ? theirs : r));
    const mine = this.edits.get(row.id);
    this.edits = keepMine && mine ? new Map(this.edits).set(row.id, mine) : revert(this.edits, row.id);
    this.conflicts.delete(row.id);
    this.render(false);
  }

  private async openProduct(product: Ref): Promise<void> {
    try {
      await this.context.navigation.openForm({ entityName: Product.logicalName, entityId: product.id });
    } catch {
      // closed or unavailable: nothing to report
    }
  }
}
