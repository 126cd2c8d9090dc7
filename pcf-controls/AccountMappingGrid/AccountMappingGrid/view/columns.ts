/**
 * The grid's columns: how one row renders in each. Status, CRM account and actions are the shared
 * columns (shared/mapping-columns.ts, which also holds the conventions: `data-grid-focus`, accessible
 * names that say which provider account a button acts on); name, tenant and suggestion are this
 * grid's own.
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
import { percent } from '../../../shared/text';
import type { GridColumn } from '../../../shared/virtual-grid';
import { MappingStatus } from '../ManifestConstants';
import { effective } from '../model/mapping';
import type { AccountRow, Edit, Ref } from '../model/types';
import type { StringKey } from '../strings-keys';

export interface RowActions {
  choose(row: AccountRow, cell: HTMLElement): void;
  accept(row: AccountRow): void;
  exclude(row: AccountRow): void;
  clear(row: AccountRow): void;
  undo(row: AccountRow): void;
  open(account: Ref): void;
  resolve(row: AccountRow, keepMine: boolean): void;
}

export type RowState = RowMarks<AccountRow, Edit>;

export function statusLabel(s: Strings<StringKey>, status: number): string {
  switch (status) {
    case MappingStatus.Suggested:
      return s.get('Status_Suggested');
    case MappingStatus.Mapped:
      return s.get('Status_Mapped');
    case MappingStatus.Excluded:
      return s.get('Status_Excluded');
    default:
      return s.get('Status_NotSetup');
  }
}

const statusClass = (status: number): string =>
  status === MappingStatus.Mapped
    ? 'mapped'
    : status === MappingStatus.Suggested
      ? 'suggested'
      : status === MappingStatus.Excluded
        ? 'excluded'
        : 'notsetup';

export function accountColumns(
  s: Strings<StringKey>,
  state: () => RowState,
  actions: RowActions,
): GridColumn<AccountRow>[] {
  const read: ColumnReading<AccountRow, Edit> = {
    label: (row) => row.name,
    status: (row, edits) => effective(row, edits).status,
    chosen: (row, edits) => effective(row, edits).account,
    loaded: (row) => row.account,
    statusLabel: (status) => statusLabel(s, status),
    statusClass,
  };
  return [
    {
      key: 'name',
      header: s.get('Col_ProviderAccount'),
      width: 'minmax(12rem, 2fr)',
      render(cell, row) {
        cell.title = row.name;
        cell.append(
          h('span', { className: 'w365-line1', text: row.name }),
          h('span', { className: 'w365-line2' }, [
            row.providerSpecificId ?? '',
            row.removedAtProvider
              ? h('span', { className: 'w365-badge w365-removed', text: s.get('Removed') })
              : undefined,
          ]),
        );
      },
    },
    {
      key: 'tenant',
      header: s.get('Col_TenantOrDomain'),
      width: 'minmax(9rem, 1.2fr)',
      render(cell, row) {
        const text = row.domain ?? row.tenantId ?? '';
        cell.title = [row.domain, row.tenantId].filter(Boolean).join('\n');
        append(
          cell,
          h('span', { className: 'w365-line1', text }),
          row.domain && row.tenantId ? h('span', { className: 'w365-line2', text: row.tenantId }) : undefined,
        );
      },
    },
    statusColumn(s, state, read),
    chosenColumn(s, state, read, {
      key: 'crm',
      header: s.get('Col_CrmAccount'),
      width: 'minmax(12rem, 2fr)',
      choose: actions.choose,
      open: actions.open,
    }),
    {
      key: 'suggestion',
      header: s.get('Col_Suggestion'),
      width: 'minmax(14rem, 2.4fr)',
      render(cell, row) {
        const sug = row.suggestion;
        if (!sug) return;
        const e = effective(row, state().edits);
        const score = percent(sug.score);
        cell.title = [sug.account.name, score ? s.get('Score', score) : '', sug.reason ?? '']
          .filter(Boolean)
          .join('\n');
        const text = h('span', { className: 'w365-suggestion-text' }, [
          h('span', {
            className: 'w365-line1',
            text: `${sug.account.name}${score ? ` · ${s.get('Score', score)}` : ''}`,
          }),
          h('span', { className: 'w365-line2', text: sug.reason ?? '' }),
        ]);
        const alreadyTaken = e.status === MappingStatus.Mapped && e.account?.id === sug.account.id;
        cell.append(text);
        if (!alreadyTaken)
          cell.append(
            rowButton(
              s.get('Accept_Button'),
              s.get('Accept_Label', sug.account.name, row.name),
              () => actions.accept(row),
              true,
            ),
          );
      },
    },
    actionsColumn(s, state, read, {
      width: 'minmax(11rem, 1.3fr)',
      // Exclude, or Include again once excluded (both the cell's focus target).
      lead: (row, edits) =>
        effective(row, edits).status === MappingStatus.Excluded
          ? rowButton(s.get('Include_Button'), s.get('Include_Label', row.name), () => actions.clear(row), true)
          : rowButton(s.get('Exclude_Button'), s.get('Exclude_Label', row.name), () => actions.exclude(row), true),
      mapped: MappingStatus.Mapped,
      unmap: actions.clear,
      undo: actions.undo,
      resolve: actions.resolve,
    }),
  ];
}
