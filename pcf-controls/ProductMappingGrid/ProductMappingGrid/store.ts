/**
 * The product grid's store: the shared grid store (shared/grid-store.ts) over the product model, with
 * the product grid's own actions: map one SKU or the selection to a product, unmap, create a product
 * from a SKU and map it in one step; and what the picker needs to make a slip hard: products ranked
 * for the SKU with their term and billing (model/ranking.ts), and how many customers' subscriptions
 * the mapping serves.
 */
import { writeOne } from '../../shared/compare-write';
import { FORMATTED } from '../../shared/entity';
import { GridStore, type GridModel } from '../../shared/grid-store';
import { normaliseGuid, odataString, queryString } from '../../shared/odata';
import { searchRecords } from '../../shared/record-search';
import { classifyWebApiError } from '../../shared/webapi-errors';
import type { IInputs } from './generated/ManifestTypes';
import {
  DATASET,
  DATASET_COLUMNS,
  Product,
  ProductMapping,
  ProductMappingStatus,
  RETIRED_PRODUCT_STATE,
  Subscription,
  SyncOperation,
  TransactionCurrency,
  Uom,
  UomSchedule,
} from './ManifestConstants';
import { chooseProduct, chooseProductForAll, effective, READING, revert, unmap } from './model/mapping';
import { productBody, type NewProductDraft } from './model/new-product';
import { factsByProduct, rankProducts, type ProductCandidate } from './model/ranking';
import { ENTITY_SELECT, rowFromEntity, rowFromRecord, sortNotMappedFirst } from './model/rows';
import { planWrites, sameAsRow, savedRow, writeFor } from './model/save-plan';
import type { ProductEdit, ProductRow, Ref } from './model/types';
import type { StringKey } from './strings-keys';

export const PRODUCT_MODEL: GridModel<IInputs, ProductRow, ProductEdit> = {
  reading: READING,
  statuses: ProductMappingStatus,
  dataset: (parameters) => parameters[DATASET],
  datasetColumns: DATASET_COLUMNS,
  entityLogicalName: ProductMapping.logicalName,
  entitySelect: ENTITY_SELECT,
  rowFromRecord,
  rowFromEntity,
  order: sortNotMappedFirst,
  sortValue(row, edits, column) {
    switch (column) {
      case 'sku':
        return row.sku;
      case 'description':
        return row.description ?? row.name;
      case 'term':
        return row.term;
      case 'price':
        return row.lastUnitPrice;
      case 'status':
        return effective(row, edits).status;
      case 'product':
        return effective(row, edits).product?.name;
      default:
        return undefined;
    }
  },
  planWrites,
  savedRow,
  sameAsRow,
  syncOperation: SyncOperation.SyncSubscriptions,
};

/** Subscriptions read to count the customers a mapping serves, at most (Dataverse's page size). */
const AFFECTED_PAGE = 5000;

export interface Affected {
  readonly subscriptions: number;
  readonly customers: number;
}

export class ProductMappingStore extends GridStore<IInputs, ProductRow, ProductEdit, StringKey> {
  constructor(context: ComponentFramework.Context<IInputs>, saved: ComponentFramework.Dictionary | undefined) {
    super(context, PRODUCT_MODEL, saved);
  }

  protected loadedAnnouncement(rows: number): string {
    const notMapped = this.current.rows.filter((r) => r.status === ProductMappingStatus.NotMapped).length;
    return this.s.get('Loaded', rows, notMapped);
  }

  /** Map each of `rows` to `product` (one SKU from its picker, or the selection). */
  choose(rows: readonly ProductRow[], product: Ref): void {
    const edits =
      rows.length === 1
        ? chooseProduct(this.current.rows, this.current.edits, rows[0].id, product)
        : chooseProductForAll(this.current.rows, this.current.edits, new Set(rows.map((r) => r.id)), product);
    const said =
      rows.length === 1
        ? this.s.get('Mapped_Announce', rows[0].sku, product.name)
        : this.s.get('Mapped_Many', rows.length, product.name);
    this.edit(
      edits,
      said,
      rows.map((r) => r.id),
    );
  }

  unmap(row: ProductRow): void {
    this.edit(unmap(this.current.rows, this.current.edits, row.id), this.s.get('Unmapped_Announce', row.sku), [row.id]);
  }

  /** Products (not retired) matching the text, with what the mappings pointing at them say, ranked for `row`. */
  async searchProducts(text: string, row: ProductRow): Promise<ProductCandidate[]> {
    const P = Product.col;
    const found = await searchRecords(
      this.platform.webAPI,
      {
        entityLogicalName: Product.logicalName,
        id: P.id,
        name: P.name,
        details: [P.productNumber, P.providerPartNumber],
        extra: [Product.val.provider],
        offered: `${P.stateCode} ne ${RETIRED_PRODUCT_STATE}`,
      },
      text,
    );
    const facts = await this.facts(found.map((f) => f.id));
    const candidates = found.map((f): ProductCandidate => {
      const providerId = f.entity[Product.val.provider];
      const partNumber = f.entity[P.providerPartNumber];
      return {
        id: f.id,
        name: f.name,
        detail: f.detail,
        providerId: typeof providerId === 'string' ? normaliseGuid(providerId) : undefined,
        providerName: String(f.entity[`${Product.val.provider}${FORMATTED}`] ?? '') || undefined,
        providerPartNumber: typeof partNumber === 'string' ? partNumber : undefined,
        terms: facts.get(f.id)?.terms ?? new Set(),
        billingCycles: facts.get(f.id)?.billingCycles ?? new Set(),
      };
    });
    return rankProducts(row, candidates);
  }

  /** Terms and billing cycles of the SKUs (any provider's) already mapped to these products. */
  private async facts(productIds: readonly string[]) {
    if (productIds.length === 0) return new Map<string, { terms: Set<string>; billingCycles: Set<number> }>();
    const PM = ProductMapping;
    const filter = `(${productIds.map((id) => `${PM.val.product} eq ${id}`).join(' or ')})`;
    const result = await this.platform.webAPI
      .retrieveMultipleRecords(
        PM.logicalName,
        queryString({ select: [PM.val.product, PM.col.term, PM.col.billingCycle], filter }),
      )
      .catch(() => ({ entities: [] as ComponentFramework.WebApi.Entity[] }));
    return factsByProduct(
      result.entities.map((e) => ({
        productId: typeof e[PM.val.product] === 'string' ? normaliseGuid(String(e[PM.val.product])) : undefined,
        term: typeof e[PM.col.term] === 'string' ? String(e[PM.col.term]) : undefined,
        billingCycle: typeof e[PM.col.billingCycle] === 'number' ? Number(e[PM.col.billingCycle]) : undefined,
      })),
    );
  }

  /** How many subscriptions (and of how many customers) of this provider carry the SKU: what the mapping serves. */
  async affected(row: ProductRow): Promise<Affected | undefined> {
    const S = Subscription;
    if (!row.providerId) return undefined;
    try {
      const result = await this.platform.webAPI.retrieveMultipleRecords(
        S.logicalName,
        queryString({
          select: [S.val.customer],
          filter: `${S.val.provider} eq ${row.providerId} and ${S.col.providerPartNumber} eq ${odataString(row.sku)}`,
        }),
        AFFECTED_PAGE,
      );
      const customers = new Set(result.entities.map((e) => String(e[S.val.customer] ?? '')).filter(Boolean));
      return { subscriptions: result.entities.length, customers: customers.size };
    } catch {
      return undefined;
    }
  }

  async refs(entity: string, idCol: string, nameCol: string, filter?: string): Promise<Ref[]> {
    const r = await this.platform.webAPI.retrieveMultipleRecords(
      entity,
      queryString({ select: [idCol, nameCol], filter, orderBy: `${nameCol} asc` }),
    );
    return r.entities.map((e) => ({ id: normaliseGuid(String(e[idCol])), name: String(e[nameCol] ?? '') }));
  }

  loadUnitGroups(): Promise<Ref[]> {
    return this.refs(UomSchedule.logicalName, UomSchedule.col.id, UomSchedule.col.name, 'statecode eq 0');
  }

  loadUnits(groupId: string): Promise<Ref[]> {
    return this.refs(Uom.logicalName, Uom.col.id, Uom.col.name, `${Uom.val.schedule} eq ${normaliseGuid(groupId)}`);
  }

  private async currencyOf(code: string | undefined): Promise<string | undefined> {
    if (!code) return undefined;
    const C = TransactionCurrency.col;
    const found = await this.platform.webAPI
      .retrieveMultipleRecords(
        TransactionCurrency.logicalName,
        queryString({ select: [C.id], filter: `${C.isoCurrencyCode} eq ${odataString(code)}`, top: 1 }),
      )
      .catch(() => ({ entities: [] as ComponentFramework.WebApi.Entity[] }));
    return found.entities[0] ? String(found.entities[0][C.id]) : undefined;
  }

  /** Create the product, then map the SKU to it at once (compare-before-write like Save all). */
  async createAndMap(row: ProductRow, draft: NewProductDraft): Promise<string | undefined> {
    const s = this.s;
    const api = this.platform.webAPI;
    const currencyId = await this.currencyOf(row.currencyCode);
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
      const text = s.get('Created_Announce', created.name, row.sku);
      this.set({
        rows: this.current.rows.map((r) => (r.id === row.id ? savedRow(r, edit) : r)),
        edits: revert(this.current.edits, row.id),
        message: { text, intent: 'success' },
      });
      this.announce(text);
      return undefined;
    }
    // The product exists either way; the mapping is left for the person (the picker finds the new product).
    const failures = new Map(this.current.failures);
    if (outcome.kind === 'failed') failures.set(row.id, s.get('Failed_Message', outcome.failure.message));
    this.set({ edits: chooseProduct(this.current.rows, this.current.edits, row.id, created), failures });
    return s.get(
      'Created_NotMapped',
      created.name,
      row.sku,
      outcome.kind === 'conflict' ? s.get('Conflict_Short') : outcome.failure.message,
    );
  }
}
