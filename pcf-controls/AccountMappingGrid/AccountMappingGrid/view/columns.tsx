/**
 * The account grid's columns: how one provider account renders in each. Status, CRM account and the
 * Actions menu use the shared cells (shared/react/cells.tsx, which also holds the conventions:
 * `data-grid-focus`, accessible names that say which provider account a button acts on).
 */
import * as React from 'react';
import { Button, Skeleton, SkeletonItem } from '@fluentui/react-components';
import {
  ChosenCell,
  RowActionsButton,
  RowBadge,
  StatusCell,
  TwoLine,
  type RowAction,
  type StatusColor,
} from '../../../shared/react/cells';
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

export function statusLabel(store: AccountMappingStore, status: number): string {
  const key = STATUS_KEYS.find(([value]) => value === status)?.[1] ?? 'Status_NotSetup';
  return store.s.get(key);
}

/** Why the row needs a look (a conflict, a failed save) or that it is unsaved. */
function note(store: AccountMappingStore, row: AccountRow): { text?: string; problem: boolean } {
  const s = store.s;
  const st = store.current;
  const conflict = st.conflicts.get(row.id);
  if (conflict)
    return {
      text: s.get(
        'Conflict_Message',
        statusLabel(store, conflict.status),
        conflict.account ? ` (${conflict.account.name})` : '',
      ),
      problem: true,
    };
  const failure = st.failures.get(row.id);
  if (failure) return { text: failure, problem: true };
  return { text: st.edits.has(row.id) ? s.get('Unsaved') : undefined, problem: false };
}

/** Everything a person can do to the row, in its Actions menu. */
function rowActions(store: AccountMappingStore, row: AccountRow, actions: AccountColumnActions): RowAction[] {
  const s = store.s;
  const st = store.current;
  if (st.conflicts.has(row.id))
    return [
      { key: 'theirs', label: s.get('Conflict_Theirs'), run: () => store.resolve(row.id, false) },
      { key: 'mine', label: s.get('Conflict_Mine'), run: () => store.resolve(row.id, true) },
    ];
  const e = effective(row, st.edits);
  const out: RowAction[] = [];
  const sug = row.suggestion;
  if (sug && !(e.status === MappingStatus.Mapped && e.account?.id === sug.account.id))
    out.push({ key: 'accept', label: s.get('Accept_Button'), run: () => store.accept(row) });
  out.push({
    key: 'choose',
    label: e.account ? s.get('Change_Button') : s.get('Choose_Button'),
    run: () => actions.choose(row),
  });
  if (e.status === MappingStatus.Excluded)
    out.push({ key: 'include', label: s.get('Include_Button'), run: () => store.clear(row) });
  else out.push({ key: 'exclude', label: s.get('Exclude_Button'), run: () => store.exclude(row) });
  if (e.status === MappingStatus.Mapped)
    out.push({ key: 'unmap', label: s.get('Unmap_Button'), run: () => store.clear(row) });
  if (e.account) {
    const account = e.account;
    out.push({
      key: 'open',
      label: s.get('Open_Label', account.name),
      run: () => store.requestOpen(Account.logicalName, account.id),
    });
  }
  if (st.edits.has(row.id)) out.push({ key: 'undo', label: s.get('Undo_Button'), run: () => store.undo(row.id) });
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
  return [
    {
      key: 'name',
      header: s.get('Col_ProviderAccount'),
      minWidthInPx: 190,
      grow: 2,
      sortable: true,
      render: (row) => (
        <TwoLine
          focus
          first={row.name}
          second={
            <>
              {store.isNew(row) ? <RowBadge tone="new" text={s.get('New_Badge')} /> : null}
              {row.removedAtProvider ? <RowBadge tone="removed" text={s.get('Removed')} /> : null}
              {row.providerSpecificId}
            </>
          }
          full={row.name}
        />
      ),
    },
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
    {
      key: 'status',
      header: s.get('Col_Status'),
      minWidthInPx: 150,
      grow: 1,
      sortable: true,
      render: (row) => {
        const status = effective(row, store.current.edits).status;
        const n = note(store, row);
        return (
          <StatusCell
            label={statusLabel(store, status)}
            color={COLORS[status] ?? 'danger'}
            note={n.text}
            problem={n.problem}
          />
        );
      },
    },
    {
      key: 'crm',
      header: s.get('Col_CrmAccount'),
      minWidthInPx: 190,
      grow: 2,
      sortable: true,
      render: (row) => {
        const chosen = effective(row, store.current.edits).account;
        return (
          <ChosenCell
            chosen={chosen}
            openLabel={s.get('Open_Label', chosen?.name ?? '')}
            onOpen={() => chosen && store.requestOpen(Account.logicalName, chosen.id)}
            chooseText={chosen ? s.get('Change_Button') : s.get('Choose_Button')}
            chooseLabel={chosen ? s.get('Change_Label', row.name) : s.get('Choose_Label', row.name)}
            onChoose={() => actions.choose(row)}
          />
        );
      },
    },
    {
      key: 'suggestion',
      header: s.get('Col_Suggestion'),
      minWidthInPx: 210,
      grow: 2,
      sortable: true,
      render: (row) => suggestionCell(store, row),
    },
    {
      key: 'actions',
      header: s.get('Col_Actions'),
      minWidthInPx: 110,
      render: (row) => (
        <RowActionsButton
          text={s.get('Actions_Button')}
          label={s.get('Actions_Label', row.name)}
          actions={() => rowActions(store, row, actions)}
        />
      ),
    },
  ];
}
