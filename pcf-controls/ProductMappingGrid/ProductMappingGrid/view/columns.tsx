/**
 * The product grid's columns: SKU, description, term and billing, price, and the shared status,
 * product and Actions cells (shared/react/cells.tsx: the conventions).
 */
import * as React from 'react';
import {
  ChosenCell,
  RowActionsButton,
  RowBadge,
  StatusCell,
  TwoLine,
  type RowAction,
} from '../../../shared/react/cells';
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

export function statusLabel(store: ProductMappingStore, status: number): string {
  return store.s.get(status === ProductMappingStatus.Mapped ? 'Status_Mapped' : 'Status_NotMapped');
}

function note(store: ProductMappingStore, row: ProductRow): { text?: string; problem: boolean } {
  const s = store.s;
  const st = store.current;
  const conflict = st.conflicts.get(row.id);
  if (conflict)
    return {
      text: s.get(
        'Conflict_Message',
        statusLabel(store, conflict.status),
        conflict.product ? ` (${conflict.product.name})` : '',
      ),
      problem: true,
    };
  const failure = st.failures.get(row.id);
  if (failure) return { text: failure, problem: true };
  return { text: st.edits.has(row.id) ? s.get('Unsaved') : undefined, problem: false };
}

function rowActions(store: ProductMappingStore, row: ProductRow, actions: ProductColumnActions): RowAction[] {
  const s = store.s;
  const st = store.current;
  if (st.conflicts.has(row.id))
    return [
      { key: 'theirs', label: s.get('Conflict_Theirs'), run: () => store.resolve(row.id, false) },
      { key: 'mine', label: s.get('Conflict_Mine'), run: () => store.resolve(row.id, true) },
    ];
  const e = effective(row, st.edits);
  const out: RowAction[] = [
    {
      key: 'choose',
      label: e.product ? s.get('Change_Button') : s.get('Choose_Button'),
      run: () => actions.choose([row]),
    },
    { key: 'create', label: s.get('Create_Button'), run: () => actions.create(row) },
  ];
  if (e.status === ProductMappingStatus.Mapped)
    out.push({ key: 'unmap', label: s.get('Unmap_Button'), run: () => store.unmap(row) });
  if (e.product) {
    const product = e.product;
    out.push({
      key: 'open',
      label: s.get('Open_Label', product.name),
      run: () => store.requestOpen(Product.logicalName, product.id),
    });
  }
  if (st.edits.has(row.id)) out.push({ key: 'undo', label: s.get('Undo_Button'), run: () => store.undo(row.id) });
  return out;
}

export function productColumns(store: ProductMappingStore, actions: ProductColumnActions): TableColumn<ProductRow>[] {
  const s = store.s;
  const money = (v: number | undefined, currency: string | undefined) =>
    v === undefined ? '' : `${store.platform.formatting.formatDecimal(v, 2)}${currency ? ` ${currency}` : ''}`;
  return [
    {
      key: 'sku',
      header: s.get('Col_Sku'),
      minWidthInPx: 150,
      grow: 1,
      sortable: true,
      render: (row) => (
        <TwoLine
          focus
          first={row.sku}
          second={
            <>
              {store.isNew(row) ? <RowBadge tone="new" text={s.get('New_Badge')} /> : null}
              {row.microsoftOfferId}
            </>
          }
          full={[row.sku, row.microsoftOfferId].filter(Boolean).join(' · ')}
        />
      ),
    },
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
    {
      key: 'status',
      header: s.get('Col_Status'),
      minWidthInPx: 140,
      grow: 1,
      sortable: true,
      render: (row) => {
        const status = effective(row, store.current.edits).status;
        const n = note(store, row);
        return (
          <StatusCell
            label={statusLabel(store, status)}
            color={status === ProductMappingStatus.Mapped ? 'success' : 'danger'}
            note={n.text}
            problem={n.problem}
          />
        );
      },
    },
    {
      key: 'product',
      header: s.get('Col_Product'),
      minWidthInPx: 200,
      grow: 2,
      sortable: true,
      render: (row) => {
        const chosen = effective(row, store.current.edits).product;
        return (
          <ChosenCell
            chosen={chosen}
            openLabel={s.get('Open_Label', chosen?.name ?? '')}
            onOpen={() => chosen && store.requestOpen(Product.logicalName, chosen.id)}
            chooseText={chosen ? s.get('Change_Button') : s.get('Choose_Button')}
            chooseLabel={chosen ? s.get('Change_Label', row.sku) : s.get('Choose_Label', row.sku)}
            onChoose={() => actions.choose([row])}
          />
        );
      },
    },
    {
      key: 'actions',
      header: s.get('Col_Actions'),
      minWidthInPx: 110,
      render: (row) => (
        <RowActionsButton
          text={s.get('Actions_Button')}
          label={s.get('Actions_Label', row.sku)}
          actions={() => rowActions(store, row, actions)}
        />
      ),
    },
  ];
}
