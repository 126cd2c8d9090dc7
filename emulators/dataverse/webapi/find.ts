/** Finding the row a key addresses, and the matching not-found error. */
import { Errors, type DataverseError } from '../errors';
import type { KeyRef } from '../odata/keys';
import type { Row } from '../store/codec';
import type { TableMeta } from '../store/model';
import type { Store } from '../store/store';

export function findRow(store: Store, t: TableMeta, key: KeyRef): Row | undefined {
  return key.kind === 'id' ? store.getById(t, key.id) : store.findByColumns(t, key.values);
}

/** 404 with 0x80040217 for an id, 0x80060891 for an alternate key [I: status for the key case]. */
export function notFound(t: TableMeta, key: KeyRef): DataverseError {
  return key.kind === 'id' ? Errors.notFoundById(t.name, key.id) : Errors.notFoundByKey(t.name);
}
