/**
 * Glue between the platform and the account-mapping view model (model/*). What both grids do the same
 * way (loading, filter and search, Save all, the DOM frame) is shared/mapping-controller.ts; this
 * holds the account grid's own: its toolbar and columns, the one-to-one refusals, "Accept all exact
 * matches", the CRM account picker, and what a save's outcomes do to provider accounts. index.ts
 * only forwards the PCF lifecycle here.
 */
import type { PendingWrite, WriteOutcome } from '../../shared/compare-write';
import { MappingGridController, type SaveCounts } from '../../shared/mapping-controller';
import type { RowFilter } from '../../shared/mapping-rules';
import type { PickerOption } from '../../shared/picker';
import { Account, DATASET, DATASET_COLUMNS, DEFAULT_GRID_HEIGHT_IN_PX, ProviderAccount } from './ManifestConstants';
import {
  acceptAllExact,
  acceptSuggestion,
  acceptableExactCount,
  chooseAccount,
  clearMapping,
  countByStatus,
  exclude,
  filterRows,
  holders,
  revert,
} from './model/mapping';
import { ENTITY_SELECT, rowFromEntity, rowFromRecord } from './model/rows';
import { applyOutcomes, planWrites, resolveConflict } from './model/save-plan';
import type { AccountRow, Edit, Edits, Ref } from './model/types';
import type { StringKey } from './strings-keys';
import { accountColumns, type RowActions } from './view/columns';
import { Toolbar } from './view/toolbar';
import type { IInputs } from './generated/ManifestTypes';

type Context = ComponentFramework.Context<IInputs>;

/** A rejection's message as this grid has always shown it when reading a conflicting row back. */
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class AccountMappingController extends MappingGridController<IInputs, AccountRow, Edit, StringKey> {
  private readonly toolbar: Toolbar;

  constructor(container: HTMLDivElement, context: Context) {
    super(context, {
      dataset: (parameters) => parameters[DATASET],
      datasetColumns: DATASET_COLUMNS,
      entityLogicalName: ProviderAccount.logicalName,
      entitySelect: ENTITY_SELECT,
      chromeHeightInPx: 110,
      defaultGridHeightInPx: DEFAULT_GRID_HEIGHT_IN_PX,
      announceSaveStart: true,
    });
    const s = this.s;
    this.toolbar = new Toolbar(s, {
      onStatus: (status) => this.setFilter(status, undefined),
      onSearch: (text) => this.setFilter(undefined, text),
      onAcceptExact: () => this.acceptExact(),
      onSave: () => void this.save(),
    });
    const actions: RowActions = {
      choose: (row, cell) => this.openPicker(row, cell),
      accept: (row) => this.apply(row, acceptSuggestion(this.rows, this.edits, row.id)),
      exclude: (row) => this.editRow(row, exclude(this.rows, this.edits, row.id), s.get('Excluded_Announce', row.name)),
      clear: (row) =>
        this.editRow(row, clearMapping(this.rows, this.edits, row.id), s.get('Cleared_Announce', row.name)),
      undo: (row) => this.editRow(row, revert(this.edits, row.id), ''),
      open: (account) => void this.openRecord(Account.logicalName, account),
      resolve: (row, keepMine) => this.resolve(row, keepMine),
    };
    this.mount(container, {
      className: 'w365-root w365-amg',
      toolbar: this.toolbar,
      columns: accountColumns(
        s,
        () => ({ edits: this.edits, conflicts: this.conflicts, failures: this.failures }),
        actions,
      ),
    });
  }

  protected rowsOf(dataset: ComponentFramework.PropertyTypes.DataSet): AccountRow[] {
    return dataset.sortedRecordIds.map((id) => rowFromRecord(dataset.records[id]));
  }

  protected rowFromEntity(entity: ComponentFramework.WebApi.Entity): AccountRow {
    return rowFromEntity(entity);
  }

  protected loadedAnnouncement(): string {
    return this.s.get('Loaded', this.rows.length);
  }

  protected filterRows(filter: RowFilter): AccountRow[] {
    return filterRows(this.rows, this.edits, filter);
  }

  protected updateToolbar(): void {
    this.toolbar.update({
      ...this.toolbarState(countByStatus(this.rows, this.edits)),
      exact: acceptableExactCount(this.rows, this.edits),
    });
  }

  protected planWrites(): PendingWrite[] {
    return planWrites(this.rows, this.edits);
  }

  /** An edit clears the row's last save failure: the person has acted on it. */
  private editRow(row: AccountRow, edits: Edits, announcement: string): void {
    this.failures.delete(row.id);
    this.edit(edits, announcement);
  }

  private apply(row: AccountRow, result: ReturnType<typeof chooseAccount>, account?: Ref): boolean {
    if (!result.ok) {
      const chosen = account ?? row.suggestion?.account;
      this.announcer.say(this.s.get('Refused_Held', chosen?.name ?? '', result.heldBy.name), true);
      this.message.textContent = this.s.get('Refused_Held', chosen?.name ?? '', result.heldBy.name);
      return false;
    }
    const mapped = result.edits.get(row.id)?.account ?? account ?? row.suggestion?.account;
    this.message.textContent = '';
    this.editRow(row, result.edits, mapped ? this.s.get('Mapped_Announce', row.name, mapped.name) : '');
    return true;
  }

  private openPicker(row: AccountRow, cell: HTMLElement): void {
    const s = this.s;
    this.picker.open(cell, this.root, {
      label: s.get('Picker_Label', row.name),
      search: (text) => this.searchAccounts(text, row),
      onChoose: (option) => {
        const account = { id: option.id, name: option.name };
        const result = chooseAccount(this.rows, this.edits, row.id, account);
        if (!result.ok) {
          const refusal = s.get('Refused_Held', option.name, result.heldBy.name);
          this.announcer.say(refusal, true);
          return refusal;
        }
        this.apply(row, result, account);
        return undefined;
      },
      onClose: () => this.grid.focusRowKey(row.id, 'crm'),
    });
  }

  /** Server-side search of active CRM accounts; an account held by another provider account says so. */
  private async searchAccounts(text: string, row: AccountRow): Promise<PickerOption[]> {
    const A = Account.col;
    const options = await this.searchRecords(
      {
        entityLogicalName: Account.logicalName,
        id: A.id,
        name: A.name,
        details: [A.accountNumber, A.websiteUrl],
        offered: `${A.stateCode} eq 0`,
      },
      text,
    );
    const held = holders(this.rows, this.edits);
    return options.map((option) => {
      const holder = held.get(option.id);
      return {
        ...option,
        warning: holder && holder.id !== row.id ? this.s.get('Held_Warning', holder.name) : undefined,
      };
    });
  }

  private acceptExact(): void {
    const s = this.s;
    const result = acceptAllExact(this.rows, this.edits);
    this.edits = result.edits;
    const reasons = result.skipped.map((k) =>
      k.why === 'shared'
        ? s.get('AcceptExact_Shared', k.row.name, k.others.map((o) => o.name).join(', '))
        : s.get('AcceptExact_Held', k.row.name, k.others[0]?.name ?? ''),
    );
    const summary = s.get('AcceptExact_Result', result.accepted.length, result.skipped.length);
    this.message.textContent = [summary, ...reasons].join(' ');
    this.render(false);
    this.announcer.say(summary);
  }

  protected async applyOutcomes(outcomes: readonly WriteOutcome[]): Promise<SaveCounts> {
    const s = this.s;
    const result = applyOutcomes(this.rows, this.edits, outcomes);
    this.rows = result.rows;
    this.edits = result.edits;
    for (const [id, failure] of result.failures)
      this.failures.set(
        id,
        failure.kind === 'duplicateKey' ? s.get('Failed_Duplicate') : s.get('Failed_Message', failure.message),
      );
    for (const id of result.conflicts) await this.readBack(id, errorText);
    return { saved: result.saved, conflicts: result.conflicts.length, failures: result.failures.size };
  }

  private resolve(row: AccountRow, keepMine: boolean): void {
    const theirs = this.conflicts.get(row.id);
    if (!theirs) return;
    const next = resolveConflict(this.rows, this.edits, theirs, keepMine);
    this.rows = next.rows;
    this.edits = next.edits;
    this.conflicts.delete(row.id);
    this.render(false);
  }
}
