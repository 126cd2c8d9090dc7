/**
 * Glue between the platform and the product-mapping view model (model/*). What both grids do the
 * same way (loading, filter and search, Save all, the DOM frame) is shared/mapping-controller.ts; this
 * holds the product grid's own: every mapping of the provider, Not Mapped first; product choices; and
 * creating a product from a SKU and mapping it in one step. index.ts only forwards the lifecycle here.
 */
import { writeOne, type PendingWrite, type WriteOutcome } from '../../shared/compare-write';
import { MappingGridController, type SaveCounts } from '../../shared/mapping-controller';
import type { RowFilter } from '../../shared/mapping-rules';
import { normaliseGuid, odataString, queryString } from '../../shared/odata';
import type { PickerOption } from '../../shared/picker';
import { classifyWebApiError } from '../../shared/webapi-errors';
import type { IInputs } from './generated/ManifestTypes';
import {
  DATASET,
  DATASET_COLUMNS,
  DEFAULT_GRID_HEIGHT_IN_PX,
  Product,
  ProductMapping,
  ProductMappingStatus,
  RETIRED_PRODUCT_STATE,
  TransactionCurrency,
  Uom,
  UomSchedule,
} from './ManifestConstants';
import {
  chooseProduct,
  countByStatus,
  filterRows,
  planWrites,
  revert,
  savedRow,
  unmap,
  writeFor,
} from './model/mapping';
import { draftFor, productBody, type NewProductDraft } from './model/new-product';
import { ENTITY_SELECT, rowFromEntity, rowFromRecord, sortNotMappedFirst } from './model/rows';
import type { MappingRow, ProductEdit, Ref } from './model/types';
import type { StringKey } from './strings-keys';
import { productColumns } from './view/columns';
import { ProductDialog } from './view/product-dialog';
import { ProductToolbar } from './view/toolbar';

type Context = ComponentFramework.Context<IInputs>;

export class ProductMappingController extends MappingGridController<IInputs, MappingRow, ProductEdit, StringKey> {
  private readonly toolbar: ProductToolbar;
  private readonly dialog: ProductDialog;

  constructor(container: HTMLDivElement, context: Context) {
    super(context, {
      dataset: (parameters) => parameters[DATASET],
      datasetColumns: DATASET_COLUMNS,
      entityLogicalName: ProductMapping.logicalName,
      entitySelect: ENTITY_SELECT,
      chromeHeightInPx: 130,
      defaultGridHeightInPx: DEFAULT_GRID_HEIGHT_IN_PX,
      announceSaveStart: false,
    });
    const s = this.s;
    this.toolbar = new ProductToolbar(s, {
      onStatus: (f) => this.setFilter(f, undefined),
      onSearch: (t) => this.setFilter(undefined, t),
      onSave: () => void this.save(),
    });
    const columns = productColumns(
      s,
      () => ({
        edits: this.edits,
        conflicts: this.conflicts,
        failures: this.failures,
        formatAmount: (v, c) => this.formatAmount(v, c),
      }),
      {
        choose: (row, cell) => this.openPicker(row, cell),
        create: (row, button) => this.openDialog(row, button),
        unmap: (row) => this.edit(unmap(this.rows, this.edits, row.id), s.get('Unmapped_Announce', row.sku)),
        undo: (row) => this.edit(revert(this.edits, row.id), ''),
        open: (product) => void this.openRecord(Product.logicalName, product),
        resolve: (row, keepMine) => this.resolve(row, keepMine),
      },
    );
    this.dialog = new ProductDialog(s);
    this.mount(container, {
      className: 'w365-root w365-pmg',
      toolbar: this.toolbar,
      columns,
      extra: [this.dialog.element],
    });
  }

  protected rowsOf(dataset: ComponentFramework.PropertyTypes.DataSet): MappingRow[] {
    return sortNotMappedFirst(dataset.sortedRecordIds.map((id) => rowFromRecord(dataset.records[id])));
  }

  protected rowFromEntity(entity: ComponentFramework.WebApi.Entity): MappingRow {
    return rowFromEntity(entity);
  }

  protected loadedAnnouncement(): string {
    const notMapped = this.rows.filter((r) => r.status === ProductMappingStatus.NotMapped).length;
    return this.s.get('Loaded', this.rows.length, notMapped);
  }

  protected filterRows(filter: RowFilter): MappingRow[] {
    return filterRows(this.rows, this.edits, filter);
  }

  protected updateToolbar(): void {
    this.toolbar.update(this.toolbarState(countByStatus(this.rows, this.edits)));
  }

  protected planWrites(): PendingWrite[] {
    return planWrites(this.rows, this.edits);
  }

  private formatAmount(value: number | undefined, currencyCode: string | undefined): string {
    if (value === undefined) return '';
    const text = this.context.formatting.formatDecimal(value, 2);
    return currencyCode ? `${text} ${currencyCode}` : text;
  }

  private openPicker(row: MappingRow, cell: HTMLElement): void {
    const s = this.s;
    this.picker.open(cell, this.root, {
      label: s.get('Picker_Label', row.sku),
      initialText: row.sku,
      search: (text) => this.searchProducts(text),
      onChoose: (option) => {
        this.edit(
          chooseProduct(this.rows, this.edits, row.id, { id: option.id, name: option.name }),
          s.get('Mapped_Announce', row.sku, option.name),
        );
        return undefined;
      },
      onClose: () => {
        if (!this.dialog.isOpen) this.grid.focusRowKey(row.id, 'product');
      },
      extraAction: { label: s.get('Picker_Create'), run: () => this.openDialog(row, cell) },
    });
  }

  private searchProducts(text: string): Promise<PickerOption[]> {
    const P = Product.col;
    return this.searchRecords(
      {
        entityLogicalName: Product.logicalName,
        id: P.id,
        name: P.name,
        details: [P.productNumber, P.providerPartNumber],
        offered: `${P.stateCode} ne ${RETIRED_PRODUCT_STATE}`,
      },
      text,
    );
  }

  private async refs(entity: string, idCol: string, nameCol: string, filter?: string): Promise<Ref[]> {
    const r = await this.context.webAPI.retrieveMultipleRecords(
      entity,
      queryString({ select: [idCol, nameCol], filter, orderBy: `${nameCol} asc` }),
    );
    return r.entities.map((e) => ({ id: normaliseGuid(String(e[idCol])), name: String(e[nameCol] ?? '') }));
  }

  private openDialog(row: MappingRow, returnFocusTo: HTMLElement): void {
    const api = this.context.webAPI;
    void this.dialog.open({
      sku: row.sku,
      draft: draftFor(row),
      loadUnitGroups: () =>
        this.refs(UomSchedule.logicalName, UomSchedule.col.id, UomSchedule.col.name, 'statecode eq 0'),
      loadUnits: (groupId) =>
        this.refs(Uom.logicalName, Uom.col.id, Uom.col.name, `${Uom.val.schedule} eq ${normaliseGuid(groupId)}`),
      submit: (draft) => this.createAndMap(row, draft, api),
      onClose: () => (returnFocusTo.isConnected ? returnFocusTo.focus() : this.grid.focusRowKey(row.id, 'actions')),
    });
  }

  /** Create the product, then map the SKU to it at once (compare-before-write like Save all). */
  private async createAndMap(
    row: MappingRow,
    draft: NewProductDraft,
    api: ComponentFramework.WebApi,
  ): Promise<string | undefined> {
    const s = this.s;
    let currencyId: string | undefined;
    if (row.currencyCode) {
      const C = TransactionCurrency.col;
      const found = await api
        .retrieveMultipleRecords(
          TransactionCurrency.logicalName,
          queryString({ select: [C.id], filter: `${C.isoCurrencyCode} eq ${odataString(row.currencyCode)}`, top: 1 }),
        )
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
    return s.get(
      'Created_NotMapped',
      created.name,
      row.sku,
      outcome.kind === 'conflict' ? s.get('Filter_Attention') : outcome.failure.message,
    );
  }

  private loadConflict(id: string): Promise<void> {
    return this.readBack(id, (error) => classifyWebApiError(error).message);
  }

  /** Outcomes in order: a saved row takes its edit, a conflict is read back, a failure is noted. */
  protected async applyOutcomes(outcomes: readonly WriteOutcome[]): Promise<SaveCounts> {
    const s = this.s;
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
    return { saved, conflicts: this.conflicts.size, failures: this.failures.size };
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
}
