/**
 * Product-mapping rules as pure functions over (rows as loaded, unsaved edits). Unlike accounts,
 * several SKUs may map to one product (monthly and annual SKUs of one licence are often one catalog
 * product), so there is no one-to-one check here. A mapping is per provider and SKU, so one mapping
 * serves every customer: the next subscription sync gives each subscription with that SKU the product.
 */
import type { PendingWrite } from '../../../shared/compare-write';
import { bindPath } from '../../../shared/odata';
import * as shared from '../../../shared/mapping-rules';
import { Product, ProductMapping, ProductMappingStatus } from '../ManifestConstants';
import type { MappingRow, ProductEdit, ProductEdits, Ref } from './types';

export { revert } from '../../../shared/mapping-rules';

export function effective(row: MappingRow, edits: ProductEdits): ProductEdit {
  return edits.get(row.id) ?? { status: row.status, product: row.product ?? null };
}

function withEdit(edits: ProductEdits, row: MappingRow, edit: ProductEdit): Map<string, ProductEdit> {
  const next = new Map(edits);
  if (edit.status === row.status && (edit.product?.id ?? null) === (row.product?.id ?? null)) next.delete(row.id);
  else next.set(row.id, edit);
  return next;
}

export function chooseProduct(
  rows: readonly MappingRow[],
  edits: ProductEdits,
  rowId: string,
  product: Ref,
): ProductEdits {
  const row = rows.find((r) => r.id === rowId);
  return row ? withEdit(edits, row, { status: ProductMappingStatus.Mapped, product }) : edits;
}

export function unmap(rows: readonly MappingRow[], edits: ProductEdits, rowId: string): ProductEdits {
  const row = rows.find((r) => r.id === rowId);
  return row ? withEdit(edits, row, { status: ProductMappingStatus.NotMapped, product: null }) : edits;
}

/** How the shared rules (shared/mapping-rules.ts) read a mapping row and its edit. */
const READING: shared.RowReading<MappingRow, ProductEdit> = {
  status: (row, edits) => effective(row, edits).status,
  chosen: (edit) => edit.product,
};

export function countByStatus(rows: readonly MappingRow[], edits: ProductEdits): shared.Counts {
  return shared.countByStatus(rows, edits, ProductMappingStatus, READING);
}

export function filterRows(rows: readonly MappingRow[], edits: ProductEdits, filter: shared.RowFilter): MappingRow[] {
  return shared.filterRows(rows, edits, filter, READING);
}

export function writeFor(row: MappingRow, edit: ProductEdit): PendingWrite {
  const PM = ProductMapping;
  const bind = `${PM.nav.product}@odata.bind`;
  const body: ComponentFramework.WebApi.Entity = { [PM.col.mappingStatus]: edit.status };
  if (edit.product) body[bind] = bindPath(Product.entitySetName, edit.product.id);
  else if (row.product) body[bind] = null;
  return {
    id: row.id,
    body,
    expected: { [PM.val.product]: row.product?.id ?? null, [PM.col.mappingStatus]: row.status },
  };
}

export function planWrites(rows: readonly MappingRow[], edits: ProductEdits): PendingWrite[] {
  return rows.filter((r) => edits.has(r.id)).map((r) => writeFor(r, edits.get(r.id) as ProductEdit));
}

export function savedRow(row: MappingRow, edit: ProductEdit): MappingRow {
  return { ...row, status: edit.status, product: edit.product ?? undefined };
}
