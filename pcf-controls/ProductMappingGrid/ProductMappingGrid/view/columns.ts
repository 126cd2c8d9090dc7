/** The product grid's columns (see the account grid's columns.ts for the conventions). */
import { append, h } from '../../../shared/dom';
import type { Strings } from '../../../shared/strings';
import type { GridColumn } from '../../../shared/virtual-grid';
import { ProductMappingStatus } from '../ManifestConstants';
import { effective } from '../model/mapping';
import type { MappingRow, ProductEdits, Ref } from '../model/types';
import type { StringKey } from '../strings-keys';

export interface ProductRowActions {
  choose(row: MappingRow, cell: HTMLElement): void;
  create(row: MappingRow, button: HTMLElement): void;
  unmap(row: MappingRow): void;
  undo(row: MappingRow): void;
  open(product: Ref): void;
  resolve(row: MappingRow, keepMine: boolean): void;
}

export interface ProductRowState {
  readonly edits: ProductEdits;
  readonly conflicts: ReadonlyMap<string, MappingRow>;
  readonly failures: ReadonlyMap<string, string>;
  formatAmount(value: number | undefined, currencyCode: string | undefined): string;
}

function button(text: string, label: string, onClick: (b: HTMLButtonElement) => void, focus = false): HTMLButtonElement {
  const b = h('button', { type: 'button', className: 'w365-button w365-small', 'aria-label': label, text, 'data-grid-focus': focus });
  b.addEventListener('click', () => onClick(b));
  return b;
}

export function productStatusLabel(s: Strings<StringKey>, status: number): string {
  return status === ProductMappingStatus.Mapped ? s.get('Status_Mapped') : s.get('Status_NotMapped');
}

export function productColumns(s: Strings<StringKey>, state: () => ProductRowState, actions: ProductRowActions): GridColumn<MappingRow>[] {
  return [
    {
      key: 'sku',
      header: s.get('Col_Sku'),
      width: 'minmax(9rem, 1fr)',
      render(cell, row) {
        append(cell, h('span', { className: 'w365-line1', text: row.sku }), row.microsoftOfferId ? h('span', { className: 'w365-line2', text: row.microsoftOfferId }) : undefined);
      },
    },
    {
      key: 'description',
      header: s.get('Col_Description'),
      width: 'minmax(14rem, 2.4fr)',
      render(cell, row) {
        const text = row.description ?? row.name;
        cell.title = text;
        append(cell, h('span', { className: 'w365-line1', text }), row.term ? h('span', { className: 'w365-line2', text: row.term }) : undefined);
      },
    },
    {
      key: 'price',
      header: s.get('Col_Price'),
      width: 'minmax(8rem, 1fr)',
      render(cell, row) {
        const st = state();
        cell.append(h('span', { className: 'w365-line1', text: st.formatAmount(row.lastUnitPrice, row.currencyCode) }), h('span', { className: 'w365-line2', text: st.formatAmount(row.lastUnitCost, row.currencyCode) }));
      },
    },
    {
      key: 'status',
      header: s.get('Col_Status'),
      width: 'minmax(8rem, 1fr)',
      render(cell, row) {
        const st = state();
        const e = effective(row, st.edits);
        const conflict = st.conflicts.get(row.id);
        const failure = st.failures.get(row.id);
        const note = conflict
          ? s.get('Conflict_Message', productStatusLabel(s, conflict.status), conflict.product ? ` (${conflict.product.name})` : '')
          : (failure ?? (st.edits.has(row.id) ? s.get('Unsaved') : ''));
        cell.title = note;
        append(
          cell,
          h('span', { className: `w365-badge ${e.status === ProductMappingStatus.Mapped ? 'w365-status-mapped' : 'w365-status-notsetup'}`, text: productStatusLabel(s, e.status) }),
          note ? h('span', { className: `w365-line2 ${conflict || failure ? 'w365-problem' : 'w365-unsaved'}`, text: note }) : undefined,
        );
      },
    },
    {
      key: 'product',
      header: s.get('Col_Product'),
      width: 'minmax(13rem, 2fr)',
      render(cell, row) {
        const e = effective(row, state().edits);
        const chooser = button(e.product ? s.get('Change_Button') : s.get('Choose_Button'), s.get('Choose_Label', row.sku), () => actions.choose(row, cell), true);
        if (e.product) {
          const product = e.product;
          const link = h('button', { type: 'button', className: 'w365-link', 'aria-label': s.get('Open_Label', product.name), text: product.name, title: product.name });
          link.addEventListener('click', () => actions.open(product));
          cell.append(link);
        }
        cell.append(chooser);
      },
    },
    {
      key: 'actions',
      header: s.get('Col_Actions'),
      width: 'minmax(12rem, 1.4fr)',
      render(cell, row) {
        const st = state();
        if (st.conflicts.has(row.id)) {
          cell.append(
            button(s.get('Conflict_Theirs'), `${s.get('Conflict_Theirs')}: ${row.sku}`, () => actions.resolve(row, false), true),
            button(s.get('Conflict_Mine'), `${s.get('Conflict_Mine')}: ${row.sku}`, () => actions.resolve(row, true)),
          );
          return;
        }
        const e = effective(row, st.edits);
        const parts = [button(s.get('Create_Button'), s.get('Create_Label', row.sku), (b) => actions.create(row, b), true)];
        if (e.status === ProductMappingStatus.Mapped) parts.push(button(s.get('Unmap_Button'), s.get('Unmap_Label', row.sku), () => actions.unmap(row)));
        if (st.edits.has(row.id)) parts.push(button(s.get('Undo_Button'), s.get('Undo_Label', row.sku), () => actions.undo(row)));
        cell.append(...parts);
      },
    },
  ];
}
