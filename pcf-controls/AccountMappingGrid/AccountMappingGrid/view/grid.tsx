/**
 * The account grid's view: the shared frame (shared/react/grid-shell.tsx) with the account columns,
 * the toolbar's own actions ("Accept all exact matches", and Accept / Exclude for the selection) and
 * the CRM account picker.
 */
import * as React from 'react';
import { StatusFilterMenu } from '../../../shared/react/cells';
import { GridShell } from '../../../shared/react/grid-shell';
import { useStore } from '../../../shared/react/use-store';
import type { ToolbarAction } from '../../../shared/react/grid-toolbar';
import { PickerDialog, type PickerOption } from '../../../shared/react/picker-dialog';
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
  const statuses = React.useMemo(() => STATUS_KEYS.map(([value, key]) => [value, s.get(key)] as const), [s]);
  const filter = store.current.statuses;
  const columns = React.useMemo(
    () =>
      accountColumns(store, { choose: setPicking }).map((c) =>
        c.key === 'status'
          ? {
              ...c,
              headerExtra: (
                <StatusFilterMenu
                  label={s.get('Status_Filter')}
                  statuses={statuses}
                  selected={filter}
                  onChange={(v) => store.setStatuses(v)}
                />
              ),
            }
          : c,
      ),
    [store, s, statuses, filter],
  );
  const search = React.useCallback(
    (text: string) => (picking ? store.searchAccounts(text, picking) : Promise.resolve([])),
    [store, picking],
  );
  return (
    <GridShell
      store={store}
      label={s.get('Grid_Label')}
      columns={columns}
      statuses={statuses}
      actions={toolbarActions(store)}
      shownText={(shown, total) => s.get('Shown', shown, total)}
      rowName={(row) => row.name}
      heightInPx={heightInPx}
    >
      {picking ? (
        <PickerDialog
          title={s.get('Picker_Title', picking.name)}
          label={s.get('Picker_Label', picking.name)}
          strings={{
            searching: s.get('Picker_Searching'),
            noResults: s.get('Picker_NoResults'),
            typeToSearch: s.get('Picker_Type'),
            failed: s.get('Picker_Failed'),
            close: s.get('Picker_Close'),
            confirm: s.get('Picker_Confirm'),
            chooseAnother: s.get('Picker_ChooseAnother'),
          }}
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
