/**
 * The grid's columns: how one row renders in each. Each cell marks its main control with
 * `data-grid-focus` (the grid's keyboard focus lands there) and every button has an accessible name
 * that says which provider account it acts on, since a screen reader reads a button out of context.
 */
import { append, h } from '../../../shared/dom';
import type { Strings } from '../../../shared/strings';
import { percent } from '../../../shared/text';
import type { GridColumn } from '../../../shared/virtual-grid';
import { MappingStatus } from '../ManifestConstants';
import { effective } from '../model/mapping';
import type { AccountRow, Edits, Ref } from '../model/types';
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

export interface RowState {
  readonly edits: Edits;
  readonly conflicts: ReadonlyMap<string, AccountRow>;
  readonly failures: ReadonlyMap<string, string>;
}

function button(text: string, label: string, onClick: () => void, extra: Record<string, string | boolean> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', className: 'w365-button w365-small', 'aria-label': label, text, ...extra });
  b.addEventListener('click', onClick);
  return b;
}

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
  status === MappingStatus.Mapped ? 'mapped' : status === MappingStatus.Suggested ? 'suggested' : status === MappingStatus.Excluded ? 'excluded' : 'notsetup';

export function accountColumns(s: Strings<StringKey>, state: () => RowState, actions: RowActions): GridColumn<AccountRow>[] {
  return [
    {
      key: 'name',
      header: s.get('Col_ProviderAccount'),
      width: 'minmax(12rem, 2fr)',
      render(cell, row) {
        cell.title = row.name;
        cell.append(
          h('span', { className: 'w365-line1', text: row.name }),
          h('span', { className: 'w365-line2' }, [row.providerSpecificId ?? '', row.removedAtProvider ? h('span', { className: 'w365-badge w365-removed', text: s.get('Removed') }) : undefined]),
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
        append(cell, h('span', { className: 'w365-line1', text }), row.domain && row.tenantId ? h('span', { className: 'w365-line2', text: row.tenantId }) : undefined);
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
          ? s.get('Conflict_Message', statusLabel(s, conflict.status), conflict.account ? ` (${conflict.account.name})` : '')
          : failure
            ? failure
            : st.edits.has(row.id)
              ? s.get('Unsaved')
              : '';
        cell.title = note;
        append(
          cell,
          h('span', { className: `w365-badge w365-status-${statusClass(e.status)}`, text: statusLabel(s, e.status) }),
          note ? h('span', { className: `w365-line2 ${conflict || failure ? 'w365-problem' : 'w365-unsaved'}`, text: note }) : undefined,
        );
      },
    },
    {
      key: 'crm',
      header: s.get('Col_CrmAccount'),
      width: 'minmax(12rem, 2fr)',
      render(cell, row) {
        const e = effective(row, state().edits);
        const chooser = button(e.account ? s.get('Change_Button') : s.get('Choose_Button'), s.get('Choose_Label', row.name), () => actions.choose(row, cell), { 'data-grid-focus': true });
        if (e.account) {
          const account = e.account;
          const link = h('button', { type: 'button', className: 'w365-link', 'aria-label': s.get('Open_Label', account.name), text: account.name, title: account.name });
          link.addEventListener('click', () => actions.open(account));
          cell.append(link, chooser);
        } else cell.append(chooser);
      },
    },
    {
      key: 'suggestion',
      header: s.get('Col_Suggestion'),
      width: 'minmax(14rem, 2.4fr)',
      render(cell, row) {
        const sug = row.suggestion;
        if (!sug) return;
        const e = effective(row, state().edits);
        const score = percent(sug.score);
        cell.title = [sug.account.name, score ? s.get('Score', score) : '', sug.reason ?? ''].filter(Boolean).join('\n');
        const text = h('span', { className: 'w365-suggestion-text' }, [
          h('span', { className: 'w365-line1', text: `${sug.account.name}${score ? ` · ${s.get('Score', score)}` : ''}` }),
          h('span', { className: 'w365-line2', text: sug.reason ?? '' }),
        ]);
        const alreadyTaken = e.status === MappingStatus.Mapped && e.account?.id === sug.account.id;
        cell.append(text);
        if (!alreadyTaken) cell.append(button(s.get('Accept_Button'), s.get('Accept_Label', sug.account.name, row.name), () => actions.accept(row), { 'data-grid-focus': true }));
      },
    },
    {
      key: 'actions',
      header: s.get('Col_Actions'),
      width: 'minmax(11rem, 1.3fr)',
      render(cell, row) {
        const st = state();
        if (st.conflicts.has(row.id)) {
          cell.append(
            button(s.get('Conflict_Theirs'), `${s.get('Conflict_Theirs')}: ${row.name}`, () => actions.resolve(row, false), { 'data-grid-focus': true }),
            button(s.get('Conflict_Mine'), `${s.get('Conflict_Mine')}: ${row.name}`, () => actions.resolve(row, true)),
          );
          return;
        }
        const e = effective(row, st.edits);
        const parts: HTMLButtonElement[] = [];
        if (e.status === MappingStatus.Excluded) parts.push(button(s.get('Include_Button'), s.get('Include_Label', row.name), () => actions.clear(row)));
        else parts.push(button(s.get('Exclude_Button'), s.get('Exclude_Label', row.name), () => actions.exclude(row)));
        if (e.status === MappingStatus.Mapped) parts.push(button(s.get('Unmap_Button'), s.get('Unmap_Label', row.name), () => actions.clear(row)));
        if (st.edits.has(row.id)) parts.push(button(s.get('Undo_Button'), s.get('Undo_Label', row.name), () => actions.undo(row)));
        parts[0].setAttribute('data-grid-focus', '');
        cell.append(...parts);
      },
    },
  ];
}
