/**
 * The product grid's view: the shared frame (shared/react/grid-shell.tsx) with the product columns,
 * "Map selected" in the toolbar, the product picker and the new-product dialog.
 */
import * as React from 'react';
import { useGridColumns } from '../../../shared/react/columns';
import { GridShell } from '../../../shared/react/grid-shell';
import type { ToolbarAction } from '../../../shared/react/grid-toolbar';
import { useStore } from '../../../shared/react/use-store';
import type { ProductRow } from '../model/types';
import type { ProductMappingStore } from '../store';
import { productColumns, STATUS_KEYS } from './columns';
import { ProductDialog } from './product-dialog';
import { ProductPicker } from './product-picker';

export interface ProductGridProps {
  readonly store: ProductMappingStore;
  readonly heightInPx: number;
}

/** The product grid's own toolbar actions (the shared frame adds Save all). */
function toolbarActions(store: ProductMappingStore, pick: (rows: readonly ProductRow[]) => void): ToolbarAction[] {
  const selected = store.selectedRows();
  return [
    {
      key: 'map-selected',
      label: store.s.get('MapSelected_Button', selected.length),
      disabled: store.current.saving !== undefined || selected.length === 0,
      priority: 20,
      run: () => pick(selected),
    },
  ];
}

export function ProductGrid({ store, heightInPx }: ProductGridProps): React.ReactElement {
  useStore(store);
  const s = store.s;
  const [picking, setPicking] = React.useState<readonly ProductRow[]>();
  const [creating, setCreating] = React.useState<ProductRow>();
  const actions = React.useMemo(() => ({ choose: setPicking, create: setCreating }), []);
  const { columns, statuses } = useGridColumns(store, STATUS_KEYS, productColumns, actions);
  return (
    <GridShell
      store={store}
      columns={columns}
      statuses={statuses}
      actions={toolbarActions(store, setPicking)}
      help={s.get('Help')}
      rowName={(row) => row.sku}
      heightInPx={heightInPx}
    >
      {picking ? (
        <ProductPicker
          store={store}
          rows={picking}
          onClose={() => setPicking(undefined)}
          onCreate={(row) => {
            setPicking(undefined);
            setCreating(row);
          }}
        />
      ) : null}
      {creating ? <ProductDialog store={store} row={creating} onClose={() => setCreating(undefined)} /> : null}
    </GridShell>
  );
}
