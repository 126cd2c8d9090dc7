/**
 * The account grid's columns: provider account, tenant or domain and suggestion are its own; status,
 * CRM account and the Actions menu are the shared ones (shared/react/columns.tsx), read through
 * `ColumnReading`. The conventions (`data-grid-focus`, accessible names that say which provider
 * account a button acts on) are in shared/react/cells.tsx.
 */
import * as React from 'react';
import { Button, Skeleton, SkeletonItem } from '@fluentui/react-components';
import { RowBadge, TwoLine, type RowAction, type StatusColor } from '../../../shared/react/cells';
import * as shared from '../../../shared/react/columns';
import type { TableColumn } from '../../../shared/react/virtual-table';
import { percent } from '../../../shared/text';
import { Account, MappingStatus } from '../ManifestConstants';
import { effective } from '../model/mapping';
import type { AccountRow } from '../model/types';
import type { AccountMappingStore } from '../store';

export interface AccountColumnActions {
  choose(row: AccountRow): void;
}

export const STATUS_KEYS = [
  [MappingStatus.NotSetup, 'Status_NotSetup'],
  [MappingStatus.Suggested, 'Status_Suggested'],
  [MappingStatus.Mapped, 'Status_Mapped'],
  [MappingStatus.Excluded, 'Status_Excluded'],
] as const;

const COLORS: Readonly<Record<number, StatusColor>> = {
  [MappingStatus.NotSetup]: 'danger',
  [MappingStatus.Suggested]: 'warning',
  [MappingStatus.Mapped]: 'success',
  [MappingStatus.Excluded]: 'informative',
};

function reading(store: AccountMappingStore): shared.ColumnReading<AccountRow> {
  return {
    label: (row) => row.name,
    status: (row) => effective(row, store.current.edits).status,
    chosen: (row) => effective(row, store.current.edits).account,
    loaded: (row) => row.account,
    statusLabel: (status) => store.s.get(STATUS_KEYS.find(([value]) => value === status)?.[1] ?? 'Status_NotSetup'),
    statusColor: (status) => COLORS[status] ?? 'danger',
    chosenTable: Account.logicalName,
  };
}

/** The account grid's own actions of a row (the shared part adds open and undo). */
function ownActions(store: AccountMappingStore, row: AccountRow, actions: AccountColumnActions): RowAction[] {
  const s = store.s;
  const e = effective(row, store.current.edits);
  const out: RowAction[] = [];
  const sug = row.suggestion;
  if (sug && !(e.status === MappingStatus.Mapped && e.account?.id === sug.account.id))
    out.push({ key: 'accept', label: s.get('Accept_Button'), run: () => store.accept(row) });
  out.push(shared.chooseAction(s, e.account, () => actions.choose(row)));
  if (e.status === MappingStatus.Excluded)
    out.push({ key: 'include', label: s.get('Include_Button'), run: () => store.clear(row) });
  else out.push({ key: 'exclude', label: s.get('Exclude_Button'), run: () => store.exclude(row) });
  if (e.status === MappingStatus.Mapped)
    out.push({ key: 'unmap', label: s.get('Unmap_Button'), run: () => store.clear(row) });
  return out;
}

function suggestionCell(store: AccountMappingStore, row: AccountRow): React.ReactNode {
  const s = store.s;
  if (store.current.load.partial)
    return (
      <Skeleton aria-label={s.get('Loading')}>
        <SkeletonItem size={16} />
      </Skeleton>
    );
  const sug = row.suggestion;
  if (!sug) return null;
  const e = effective(row, store.current.edits);
  const score = percent(sug.score);
  const first = `${sug.account.name}${score ? ` · ${s.get('Score', score)}` : ''}`;
  const taken = e.status === MappingStatus.Mapped && e.account?.id === sug.account.id;
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 4, minWidth: 0 }}>
      <div style={{ flex: '1 1 auto', minWidth: 0 }}>
        <TwoLine
          first={first}
          second={sug.reason}
          full={[first, sug.reason].filter(Boolean).join(': ')}
          focus={taken}
        />
      </div>
      {taken ? null : (
        <Button
          size="small"
          aria-label={s.get('Accept_Label', sug.account.name, row.name)}
          onClick={() => store.accept(row)}
          data-grid-focus
        >
          {s.get('Accept_Button')}
        </Button>
      )}
    </div>
  );
}

export function accountColumns(store: AccountMappingStore, actions: AccountColumnActions): TableColumn<AccountRow>[] {
  const s = store.s;
  const read = reading(store);
  return [
    shared.identityColumn(store, {
      key: 'name',
      header: s.get('Col_ProviderAccount'),
      minWidthInPx: 190,
      grow: 2,
      first: (row) => row.name,
      second: (row) => (
        <>
          {row.removedAtProvider ? <RowBadge tone="removed" text={s.get('Removed')} /> : null}
          {row.providerSpecificId}
        </>
      ),
      full: (row) => row.name,
    }),
    {
      key: 'tenant',
      header: s.get('Col_TenantOrDomain'),
      minWidthInPx: 150,
      grow: 1,
      sortable: true,
      render: (row) => (
        <TwoLine
          focus
          first={row.domain ?? row.tenantId ?? ''}
          second={row.domain && row.tenantId ? row.tenantId : undefined}
          full={[row.domain, row.tenantId].filter(Boolean).join(' · ')}
        />
      ),
    },
    shared.statusColumn(store, read),
    shared.chosenColumn(store, read, { key: 'crm', header: s.get('Col_CrmAccount'), choose: actions.choose }),
    {
      key: 'suggestion',
      header: s.get('Col_Suggestion'),
      minWidthInPx: 210,
      grow: 2,
      sortable: true,
      render: (row) => suggestionCell(store, row),
    },
    shared.actionsColumn(store, read, (row) => ownActions(store, row, actions)),
  ];
}
