/** The product grid's toolbar: the shared one (shared/mapping-toolbar.ts) with its statuses and a line of help. */
import { GridToolbar, type GridToolbarHandlers } from '../../../shared/mapping-toolbar';
import type { Strings } from '../../../shared/strings';
import { ProductMappingStatus } from '../ManifestConstants';
import type { StringKey } from '../strings-keys';

export const STATUS_KEYS: readonly [number, StringKey][] = [
  [ProductMappingStatus.NotMapped, 'Status_NotMapped'],
  [ProductMappingStatus.Mapped, 'Status_Mapped'],
];

export class ProductToolbar extends GridToolbar<StringKey> {
  constructor(s: Strings<StringKey>, handlers: GridToolbarHandlers) {
    super(s, handlers, { idPrefix: 'w365-pm', statuses: STATUS_KEYS, help: s.get('Help') });
  }
}
