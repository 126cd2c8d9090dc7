/**
 * The account grid's store: the shared grid store (shared/grid-store.ts: loading, views, search,
 * sort, selection, Save all) over the account model, with the account grid's own actions: accept a
 * suggestion, choose a CRM account (refused on the spot when another provider account of this
 * provider holds it), exclude, include again, unmap, "Accept all exact matches" and the bulk actions
 * on the selection.
 */
import { GridStore, type GridModel } from '../../shared/grid-store';
import { searchRecords } from '../../shared/record-search';
import type { PickerOption } from '../../shared/react/picker-dialog';
import type { IInputs } from './generated/ManifestTypes';
import { Account, DATASET, DATASET_COLUMNS, MappingStatus, ProviderAccount, SyncOperation } from './ManifestConstants';
import * as mapping from './model/mapping';
import type { AcceptAllResult, ActionResult } from './model/mapping';
import { ENTITY_SELECT, rowFromEntity, rowFromRecord } from './model/rows';
import { planWrites, sameAsRow, savedRow } from './model/save-plan';
import type { AccountEdit, AccountRow, Ref } from './model/types';
import type { StringKey } from './strings-keys';

export const ACCOUNT_MODEL: GridModel<IInputs, AccountRow, AccountEdit> = {
  reading: mapping.READING,
  statuses: MappingStatus,
  dataset: (parameters) => parameters[DATASET],
  datasetColumns: DATASET_COLUMNS,
  entityLogicalName: ProviderAccount.logicalName,
  entitySelect: ENTITY_SELECT,
  rowFromRecord,
  rowFromEntity,
  order: (rows) => rows,
  sortValue(row, edits, column) {
    const e = mapping.effective(row, edits);
    switch (column) {
      case 'name':
        return row.name;
      case 'tenant':
        return row.domain ?? row.tenantId;
      case 'status':
        return e.status;
      case 'crm':
        return e.account?.name;
      case 'suggestion':
        return row.suggestion?.score === undefined ? undefined : -row.suggestion.score;
      default:
        return undefined;
    }
  },
  planWrites,
  savedRow,
  sameAsRow,
  syncOperation: SyncOperation.SyncProviderAccounts,
};

export class AccountMappingStore extends GridStore<IInputs, AccountRow, AccountEdit, StringKey> {
  constructor(context: ComponentFramework.Context<IInputs>, saved: ComponentFramework.Dictionary | undefined) {
    super(context, ACCOUNT_MODEL, saved);
  }

  protected loadedAnnouncement(rows: number): string {
    return this.s.get('Loaded', rows);
  }

  protected failureText(kind: string, message: string): string {
    return kind === 'duplicateKey' ? this.s.get('Failed_Duplicate') : super.failureText(kind, message);
  }

  /** Take an action's result; a refusal (the CRM account is held) is said and shown, not applied. */
  private apply(row: AccountRow, result: ActionResult, account: Ref | undefined): string | undefined {
    const s = this.s;
    if (!result.ok) {
      const refusal = s.get('Refused_Held', account?.name ?? '', result.heldBy.name);
      this.setMessage(refusal, 'error');
      this.announce(refusal, true);
      return refusal;
    }
    const mapped = result.edits.get(row.id)?.account ?? account;
    this.setMessage('');
    this.edit(result.edits, mapped ? s.get('Mapped_Announce', row.name, mapped.name) : '', [row.id]);
    return undefined;
  }

  accept(row: AccountRow): void {
    this.apply(row, mapping.acceptSuggestion(this.current.rows, this.current.edits, row.id), row.suggestion?.account);
  }

  /** Map the row to `account`; returns the refusal when another provider account holds it. */
  choose(row: AccountRow, account: Ref): string | undefined {
    return this.apply(row, mapping.chooseAccount(this.current.rows, this.current.edits, row.id, account), account);
  }

  /** Why choosing `account` for `row` would be refused, before the person tries. */
  heldBy(row: AccountRow, accountId: string): AccountRow | undefined {
    const holder = mapping.holders(this.current.rows, this.current.edits).get(accountId);
    return holder && holder.id !== row.id ? holder : undefined;
  }

  exclude(row: AccountRow): void {
    this.edit(
      mapping.exclude(this.current.rows, this.current.edits, row.id),
      this.s.get('Excluded_Announce', row.name),
      [row.id],
    );
  }

  /** Unmap, or include again: back to Suggested or Not Setup. */
  clear(row: AccountRow): void {
    this.edit(
      mapping.clearMapping(this.current.rows, this.current.edits, row.id),
      this.s.get('Cleared_Announce', row.name),
      [row.id],
    );
  }

  private report(result: AcceptAllResult): void {
    const s = this.s;
    const reasons = result.skipped.map((k) =>
      k.why === 'shared'
        ? s.get('AcceptExact_Shared', k.row.name, k.others.map((o) => o.name).join(', '))
        : s.get('AcceptExact_Held', k.row.name, k.others[0]?.name ?? ''),
    );
    const summary = s.get('AcceptExact_Result', result.accepted.length, result.skipped.length);
    this.edit(
      result.edits,
      summary,
      result.accepted.map((r) => r.id),
    );
    this.setMessage([summary, ...reasons].join(' '), result.skipped.length > 0 ? 'warning' : 'success');
  }

  private exactMemo: { rows: unknown; edits: unknown; count: number } | undefined;

  /** How many suggestions "Accept all exact matches" would accept now (the button's count; cached). */
  exactCount(): number {
    const { rows, edits } = this.current;
    if (this.exactMemo?.rows !== rows || this.exactMemo.edits !== edits)
      this.exactMemo = { rows, edits, count: mapping.acceptableExactCount(rows, edits) };
    return this.exactMemo.count;
  }

  acceptExact(): void {
    this.report(mapping.acceptAllExact(this.current.rows, this.current.edits));
  }

  acceptSelection(): void {
    this.report(
      mapping.acceptSelected(this.current.rows, this.current.edits, new Set(this.selectedRows().map((r) => r.id))),
    );
  }

  excludeSelection(): void {
    const ids = new Set(this.selectedRows().map((r) => r.id));
    this.edit(
      mapping.excludeSelected(this.current.rows, this.current.edits, ids),
      this.s.get('Excluded_Many', ids.size),
      [...ids],
    );
  }

  /** Server-side search of active CRM accounts; an account another provider account holds says so. */
  async searchAccounts(text: string, row: AccountRow): Promise<PickerOption[]> {
    const A = Account.col;
    const found = await searchRecords(
      this.platform.webAPI,
      {
        entityLogicalName: Account.logicalName,
        id: A.id,
        name: A.name,
        details: [A.accountNumber, A.websiteUrl],
        offered: `${A.stateCode} eq 0`,
      },
      text,
    );
    return found.map((f) => {
      const holder = this.heldBy(row, f.id);
      return {
        id: f.id,
        name: f.name,
        detail: f.detail,
        warning: holder ? this.s.get('Held_Warning', holder.name) : undefined,
      };
    });
  }
}
