/**
 * Product-mapping rules as pure functions over (rows as loaded, unsaved edits). Unlike accounts,
 * several SKUs may map to one product (monthly and annual SKUs of one licence are often one catalog
 * product), so there is no one-to-one check here. A mapping is per provider and SKU, so one mapping
 * serves every customer: the next subscription sync gives each subscription with that SKU the product.
 */
import * as shared from '../../../shared/mapping-rules';
import { ProductMappingStatus } from '../ManifestConstants';
import { sameAsRow } from './save-plan';
import type { ProductEdit, ProductEdits, ProductRow, Ref } from './types';

export { revert } from '../../../shared/mapping-rules';

export function effective(row: ProductRow, edits: ProductEdits): ProductEdit {
  return edits.get(row.id) ?? { status: row.status, product: row.product ?? null };
}

function withEdit(edits: ProductEdits, row: ProductRow, edit: ProductEdit): Map<string, ProductEdit> {
  const next = new Map(edits);
  if (sameAsRow(row, edit)) next.delete(row.id);
  else next.set(row.id, edit);
  return next;
}

export function chooseProduct(
  rows: readonly ProductRow[],
  edits: ProductEdits,
  rowId: string,
  product: Ref,
): ProductEdits {
  const row = rows.find((r) => r.id === rowId);
  return row ? withEdit(edits, row, { status: ProductMappingStatus.Mapped, product }) : edits;
}

export function unmap(rows: readonly ProductRow[], edits: ProductEdits, rowId: string): ProductEdits {
  const row = rows.find((r) => r.id === rowId);
  return row ? withEdit(edits, row, { status: ProductMappingStatus.NotMapped, product: null }) : edits;
}

/** Map every row in `ids` to one product (the toolbar's "Map selected"). */
export function chooseProductForAll(
  rows: readonly ProductRow[],
  edits: ProductEdits,
  ids: ReadonlySet<string>,
  product: Ref,
): ProductEdits {
  let next = edits;
  for (const r of rows) if (ids.has(r.id)) next = chooseProduct(rows, next, r.id, product);
  return next;
}

/** How the shared rules (shared/mapping-rules.ts) read a mapping row and its edit: a Not Mapped SKU needs a person. */
export const READING: shared.RowReading<ProductRow, ProductEdit> = {
  status: (row, edits) => effective(row, edits).status,
  chosen: (edit) => edit.product,
  needsMapping: (status) => status === ProductMappingStatus.NotMapped,
};
