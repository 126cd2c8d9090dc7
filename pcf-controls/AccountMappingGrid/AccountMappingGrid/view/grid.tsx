/**
 * The account grid's view: the shared frame (shared/react/grid-shell.tsx) with the account columns,
 * the toolbar's own actions ("Accept all exact matches", and Accept / Exclude for the selection) and
 * the CRM account picker.
 */
import * as React from 'react';
import { useGridColumns } from '../../../shared/react/columns';
import { GridShell } from '../../../shared/react/grid-shell';
import { useStore } from '../../../shared/react/use-store';
import type { ToolbarAction } from '../../../shared/react/grid-toolbar';
import { PickerDialog, pickerStrings, type PickerOption } from '../../../shared/react/picker-dialog';
import type { AccountRow } from '../model/types';
import type { AccountMappingStore } from '../store';
import { accountColumns, STATUS_KEYS } from './columns';

export interface AccountGridProps {
  readonly store: AccountMappingStore;
  readonly heightInPx: number;
}

function toolbarActions(store: AccountMappingStore): ToolbarAction[] {
  const s = store.s;
  const st = store.current;
  const busy = st.saving !== undefined;
  const selected = store.selectedRows().length;
  const exact = store.exactCount();
  return [
    {
      key: 'exact',
      label: s.get('AcceptExact_Button', exact),
      disabled: busy || exact === 0,
      priority: 50,
      run: () => store.acceptExact(),
    },
    {
      key: 'accept-selected',
      label: s.get('AcceptSelected_Button', selected),
      disabled: busy || selected === 0,
      priority: 20,
      run: () => store.acceptSelection(),
    },
    {
      key: 'exclude-selected',
      label: s.get('ExcludeSelected_Button', selected),
      disabled: busy || selected === 0,
      priority: 10,
      run: () => store.excludeSelection(),
    },
  ];
}

export function AccountGrid({ store, heightInPx }: AccountGridProps): React.ReactElement {
  useStore(store);
  const s = store.s;
  const [picking, setPicking] = React.useState<AccountRow>();
  const actions = React.useMemo(() => ({ choose: setPicking }), []);
  const { columns, statuses } = useGridColumns(store, STATUS_KEYS, accountColumns, actions);
  const search = React.useCallback(
    (text: string) => (picking ? store.searchAccounts(text, picking) : Promise.resolve([])),
    [store, picking],
  );
  return (
    <GridShell
      store={store}
      columns={columns}
      statuses={statuses}
      actions={toolbarActions(store)}
      rowName={(row) => row.name}
      heightInPx={heightInPx}
    >
      {picking ? (
        <PickerDialog
          title={s.get('Picker_Title', picking.name)}
          label={s.get('Picker_Label', picking.name)}
          strings={pickerStrings(s)}
          search={search}
          judge={(option: PickerOption) => {
            const holder = store.heldBy(picking, option.id);
            return holder ? { kind: 'refuse', text: s.get('Refused_Held', option.name, holder.name) } : { kind: 'ok' };
          }}
          onChosen={(option) => {
            if (store.choose(picking, { id: option.id, name: option.name }) === undefined) setPicking(undefined);
          }}
          onClose={() => setPicking(undefined)}
        />
      ) : null}
    </GridShell>
  );
}
