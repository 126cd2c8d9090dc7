/**
 * From unsaved edits to Web API writes, and what a saved edit makes of its row. What a save's
 * outcomes do to the grid is the same for both grids (shared/save-outcomes.ts).
 */
import type { PendingWrite } from '../../../shared/compare-write';
import { bindPath } from '../../../shared/odata';
import { Product, ProductMapping } from '../ManifestConstants';
import type { ProductEdit, ProductEdits, ProductRow } from './types';

const PM = ProductMapping;

/** The write for one edit, carrying the values it expects to find (see compare-write.ts). */
export function writeFor(row: ProductRow, edit: ProductEdit): PendingWrite {
  const bind = `${PM.nav.product}@odata.bind`;
  const body: ComponentFramework.WebApi.Entity = { [PM.col.mappingStatus]: edit.status };
  if (edit.product) body[bind] = bindPath(Product.entitySetName, edit.product.id);
  // Dataverse clears a lookup when its navigation property is bound to null.
  else if (row.product) body[bind] = null;
  return {
    id: row.id,
    body,
    expected: { [PM.val.product]: row.product?.id ?? null, [PM.col.mappingStatus]: row.status },
  };
}

/** The writes for every unsaved edit. */
export function planWrites(rows: readonly ProductRow[], edits: ProductEdits): PendingWrite[] {
  const writes: PendingWrite[] = [];
  for (const row of rows) {
    const edit = edits.get(row.id);
    if (edit) writes.push(writeFor(row, edit));
  }
  return writes;
}

export function savedRow(row: ProductRow, edit: ProductEdit): ProductRow {
  return { ...row, status: edit.status, product: edit.product ?? undefined };
}

/** The edit would leave the row as it is. */
export function sameAsRow(row: ProductRow, edit: ProductEdit): boolean {
  return edit.status === row.status && (edit.product?.id ?? null) === (row.product?.id ?? null);
}
