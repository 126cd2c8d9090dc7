/**
 * The product grid's columns: status, product and actions are the shared columns
 * (shared/mapping-columns.ts, which also holds the conventions); SKU, description and price are its own.
 */
import { append, h } from '../../../shared/dom';
import {
  actionsColumn,
  chosenColumn,
  rowButton,
  statusColumn,
  type ColumnReading,
  type RowMarks,
} from '../../../shared/mapping-columns';
import type { Strings } from '../../../shared/strings';
import type { GridColumn } from '../../../shared/virtual-grid';
import { ProductMappingStatus } from '../ManifestConstants';
import { effective } from '../model/mapping';
import type { MappingRow, ProductEdit, Ref } from '../model/types';
import type { StringKey } from '../strings-keys';

export interface ProductRowActions {
  choose(row: MappingRow, cell: HTMLElement): void;
  create(row: MappingRow, button: HTMLElement): void;
  unmap(row: MappingRow): void;
  undo(row: MappingRow): void;
  open(product: Ref): void;
  resolve(row: MappingRow, keepMine: boolean): void;
}

export interface ProductRowState extends RowMarks<MappingRow, ProductEdit> {
  formatAmount(value: number | undefined, currencyCode: string | undefined): string;
}

export function productStatusLabel(s: Strings<StringKey>, status: number): string {
  return status === ProductMappingStatus.Mapped ? s.get('Status_Mapped') : s.get('Status_NotMapped');
}

export function productColumns(
  s: Strings<StringKey>,
  state: () => ProductRowState,
  actions: ProductRowActions,
): GridColumn<MappingRow>[] {
  const read: ColumnReading<MappingRow, ProductEdit> = {
    label: (row) => row.sku,
    status: (row, edits) => effective(row, edits).status,
    chosen: (row, edits) => effective(row, edits).product,
    loaded: (row) => row.product,
    statusLabel: (status) => productStatusLabel(s, status),
    statusClass: (status) => (status === ProductMappingStatus.Mapped ? 'mapped' : 'notsetup'),
  };
  return [
    {
      key: 'sku',
      header: s.get('Col_Sku'),
      width: 'minmax(9rem, 1fr)',
      render(cell, row) {
        append(
          cell,
          h('span', { className: 'w365-line1', text: row.sku }),
          row.microsoftOfferId ? h('span', { className: 'w365-line2', text: row.microsoftOfferId }) : undefined,
        );
      },
    },
    {
      key: 'description',
      header: s.get('Col_Description'),
      width: 'minmax(14rem, 2.4fr)',
      render(cell, row) {
        const text = row.description ?? row.name;
        cell.title = text;
        append(
          cell,
          h('span', { className: 'w365-line1', text }),
          row.term ? h('span', { className: 'w365-line2', text: row.term }) : undefined,
        );
      },
    },
    {
      key: 'price',
      header: s.get('Col_Price'),
      width: 'minmax(8rem, 1fr)',
      render(cell, row) {
        const st = state();
        cell.append(
          h('span', { className: 'w365-line1', text: st.formatAmount(row.lastUnitPrice, row.currencyCode) }),
          h('span', { className: 'w365-line2', text: st.formatAmount(row.lastUnitCost, row.currencyCode) }),
        );
      },
    },
    statusColumn(s, state, read),
    chosenColumn(s, state, read, {
      key: 'product',
      header: s.get('Col_Product'),
      width: 'minmax(13rem, 2fr)',
      choose: actions.choose,
      open: actions.open,
    }),
    actionsColumn(s, state, read, {
      width: 'minmax(12rem, 1.4fr)',
      lead: (row) =>
        rowButton(s.get('Create_Button'), s.get('Create_Label', row.sku), (b) => actions.create(row, b), true),
      mapped: ProductMappingStatus.Mapped,
      unmap: actions.unmap,
      undo: actions.undo,
      resolve: actions.resolve,
    }),
  ];
}
