/**
 * Product-mapping rules as pure functions over (rows as loaded, unsaved edits). Unlike accounts,
 * several SKUs may map to one product (monthly and annual SKUs of one licence are often one catalog
 * product), so there is no one-to-one check here. A mapping is per provider and SKU, so one mapping
 * serves every customer: the next subscription sync gives each subscription with that SKU the product.
 */
import type { PendingWrite } from '../../../shared/compare-write';
import { bindPath } from '../../../shared/odata';
import { matchesAll, searchKey } from '../../../shared/text';
import { Product, ProductMapping, ProductMappingStatus } from '../ManifestConstants';
import type { MappingRow, ProductEdit, ProductEdits, ProductFilter, Ref } from './types';

export function effective(row: MappingRow, edits: ProductEdits): ProductEdit {
  return edits.get(row.id) ?? { status: row.status, product: row.product ?? null };
}

function withEdit(edits: ProductEdits, row: MappingRow, edit: ProductEdit): Map<string, ProductEdit> {
  const next = new Map(edits);
  if (edit.status === row.status && (edit.product?.id ?? null) === (row.product?.id ?? null)) next.delete(row.id);
  else next.set(row.id, edit);
  return next;
}

export function chooseProduct(rows: readonly MappingRow[], edits: ProductEdits, rowId: string, product: Ref): ProductEdits {
  const row = rows.find((r) => r.id === rowId);
  return row ? withEdit(edits, row, { status: ProductMappingStatus.Mapped, product }) : edits;
}

export function unmap(rows: readonly MappingRow[], edits: ProductEdits, rowId: string): ProductEdits {
  const row = rows.find((r) => r.id === rowId);
  return row ? withEdit(edits, row, { status: ProductMappingStatus.NotMapped, product: null }) : edits;
}

export function revert(edits: ProductEdits, rowId: string): ProductEdits {
  if (!edits.has(rowId)) return edits;
  const next = new Map(edits);
  next.delete(rowId);
  return next;
}

export function countByStatus(rows: readonly MappingRow[], edits: ProductEdits): { byStatus: Map<number, number>; unsaved: number } {
  const byStatus = new Map<number, number>(Object.values(ProductMappingStatus).map((v) => [v, 0]));
  for (const r of rows) {
    const s = effective(r, edits).status;
    byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
  }
  return { byStatus, unsaved: edits.size };
}

export function filterRows(rows: readonly MappingRow[], edits: ProductEdits, filter: { status: ProductFilter; terms: readonly string[]; attention: ReadonlySet<string> }): MappingRow[] {
  return rows.filter((r) => {
    if (filter.status === 'unsaved' && !edits.has(r.id)) return false;
    if (filter.status === 'attention' && !filter.attention.has(r.id)) return false;
    if (typeof filter.status === 'number' && effective(r, edits).status !== filter.status) return false;
    if (filter.terms.length === 0 || matchesAll(r.searchKey, filter.terms)) return true;
    const e = edits.get(r.id);
    return Boolean(e?.product && matchesAll(`${r.searchKey} ${searchKey(e.product.name)}`, filter.terms));
  });
}

export function writeFor(row: MappingRow, edit: ProductEdit): PendingWrite {
  const PM = ProductMapping;
  const bind = `${PM.nav.product}@odata.bind`;
  const body: ComponentFramework.WebApi.Entity = { [PM.col.mappingStatus]: edit.status };
  if (edit.product) body[bind] = bindPath(Product.entitySetName, edit.product.id);
  else if (row.product) body[bind] = null;
  return { id: row.id, body, expected: { [PM.val.product]: row.product?.id ?? null, [PM.col.mappingStatus]: row.status } };
}

export function planWrites(rows: readonly MappingRow[], edits: ProductEdits): PendingWrite[] {
  return rows.filter((r) => edits.has(r.id)).map((r) => writeFor(r, edits.get(r.id) as ProductEdit));
}

export function savedRow(row: MappingRow, edit: ProductEdit): MappingRow {
  return { ...row, status: edit.status, product: edit.product ?? undefined };
}
