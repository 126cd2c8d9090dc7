/**
 * The product grid's columns: SKU, description, term and billing, and price are its own; status,
 * product and the Actions menu are the shared ones (shared/react/columns.tsx), read through
 * `ColumnReading`. The conventions are in shared/react/cells.tsx.
 */
import * as React from 'react';
import { TwoLine, type RowAction } from '../../../shared/react/cells';
import * as shared from '../../../shared/react/columns';
import type { TableColumn } from '../../../shared/react/virtual-table';
import { Product, ProductMappingStatus } from '../ManifestConstants';
import { effective } from '../model/mapping';
import type { ProductRow } from '../model/types';
import type { ProductMappingStore } from '../store';
import { billingText } from './terms';

export interface ProductColumnActions {
  choose(rows: readonly ProductRow[]): void;
  create(row: ProductRow): void;
}

export const STATUS_KEYS = [
  [ProductMappingStatus.NotMapped, 'Status_NotMapped'],
  [ProductMappingStatus.Mapped, 'Status_Mapped'],
] as const;

function reading(store: ProductMappingStore): shared.ColumnReading<ProductRow> {
  const mapped = (status: number) => status === ProductMappingStatus.Mapped;
  return {
    label: (row) => row.sku,
    status: (row) => effective(row, store.current.edits).status,
    chosen: (row) => effective(row, store.current.edits).product,
    loaded: (row) => row.product,
    statusLabel: (status) => store.s.get(mapped(status) ? 'Status_Mapped' : 'Status_NotMapped'),
    statusColor: (status) => (mapped(status) ? 'success' : 'danger'),
    chosenTable: Product.logicalName,
  };
}

/** The product grid's own actions of a row (the shared part adds open and undo). */
function ownActions(store: ProductMappingStore, row: ProductRow, actions: ProductColumnActions): RowAction[] {
  const s = store.s;
  const e = effective(row, store.current.edits);
  const out: RowAction[] = [
    shared.chooseAction(s, e.product, () => actions.choose([row])),
    { key: 'create', label: s.get('Create_Button'), run: () => actions.create(row) },
  ];
  if (e.status === ProductMappingStatus.Mapped)
    out.push({ key: 'unmap', label: s.get('Unmap_Button'), run: () => store.unmap(row) });
  return out;
}

export function productColumns(store: ProductMappingStore, actions: ProductColumnActions): TableColumn<ProductRow>[] {
  const s = store.s;
  const read = reading(store);
  const money = (v: number | undefined, currency: string | undefined) =>
    v === undefined ? '' : `${store.platform.formatting.formatDecimal(v, 2)}${currency ? ` ${currency}` : ''}`;
  return [
    shared.identityColumn(store, {
      key: 'sku',
      header: s.get('Col_Sku'),
      minWidthInPx: 150,
      grow: 1,
      first: (row) => row.sku,
      second: (row) => row.microsoftOfferId,
      full: (row) => [row.sku, row.microsoftOfferId].filter(Boolean).join(' · '),
    }),
    {
      key: 'description',
      header: s.get('Col_Description'),
      minWidthInPx: 200,
      grow: 2,
      sortable: true,
      render: (row) => <TwoLine focus first={row.description ?? row.name} full={row.description ?? row.name} />,
    },
    {
      key: 'term',
      header: s.get('Col_Term'),
      minWidthInPx: 110,
      sortable: true,
      render: (row) => <TwoLine focus first={row.term ?? ''} second={billingText(s, row.billingCycle)} />,
    },
    {
      key: 'price',
      header: s.get('Col_Price'),
      minWidthInPx: 110,
      sortable: true,
      render: (row) => (
        <TwoLine
          focus
          first={money(row.lastUnitPrice, row.currencyCode)}
          second={money(row.lastUnitCost, row.currencyCode)}
        />
      ),
    },
    shared.statusColumn(store, read),
    shared.chosenColumn(store, read, {
      key: 'product',
      header: s.get('Col_Product'),
      choose: (row) => actions.choose([row]),
    }),
    shared.actionsColumn(store, read, (row) => ownActions(store, row, actions)),
  ];
}
