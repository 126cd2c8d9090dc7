/**
 * RowWrites (plugins/invoices/row-write.ts: the row as it should be, as plain data) as write intents:
 * a create with the row's deterministic id, its key's own columns and its create-only columns, or the
 * smallest update of a row as read (compare before write: only differing columns, never the
 * create-only ones, nothing at all when the row already looks right). The Import Invoice and
 * Reconcile jobs write this way, so a rerun over the same data writes nothing.
 */
import type { Row } from '../dataverse/client';
import { diff, selectFor } from '../dataverse/diff';
import { createRow, updateRow, type Desired, type Scalar, type WriteIntent } from '../dataverse/intents';
import type { RowWrite } from '../invoices/row-write';

/** The key's scalar columns (a lookup in a key is one of the write's lookups already). */
function keyScalars(w: RowWrite): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [name, v] of Object.entries(w.key)) if (typeof v !== 'object' || v === null) out[name] = v;
  return out;
}

const desiredOf = (w: RowWrite): Desired => ({ values: { ...w.values }, lookups: { ...w.lookups } });

export function createIntent(w: RowWrite): WriteIntent {
  return createRow(w.table, {
    values: { [w.table.primaryIdAttribute]: w.id, ...keyScalars(w), ...w.values, ...(w.createOnly ?? {}) },
    lookups: { ...w.lookups },
  });
}

/** The update that makes `current` (read with `selectOf(w)`) look like `w`, or undefined when it does. */
export function updateIntent(w: RowWrite, current: Row): WriteIntent | undefined {
  const changes = diff(w.table, current, desiredOf(w));
  if (!changes) return undefined;
  const id = String(current[w.table.primaryIdAttribute] ?? w.id);
  return updateRow(w.table, id, { values: changes.values, lookups: changes.lookups });
}

/** The columns to read a row with before `updateIntent` (its id included). */
export function selectOf(w: RowWrite): string[] {
  return [w.table.primaryIdAttribute, ...selectFor(desiredOf(w))];
}

/** Create the row when it is not there, else the smallest update (or nothing). */
export function writeIntent(w: RowWrite, current: Row | undefined): WriteIntent | undefined {
  return current ? updateIntent(w, current) : createIntent(w);
}
