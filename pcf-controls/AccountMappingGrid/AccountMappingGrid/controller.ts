/**
 * Glue between the platform (context: dataset, webAPI, navigation, resources) and the pure view model
 * (model/*): holds the rows as loaded, the person's unsaved edits and the save outcomes, and
 * re-renders the toolbar and the visible rows after each change. index.ts only forwards the PCF
 * lifecycle here.
 */
import { writeAll } from '../../shared/compare-write';
import { DatasetLoader } from '../../shared/dataset';
import { Announcer, h } from '../../shared/dom';
import { ensureSharedStyles } from '../../shared/styles';
import { containsAnyFilter, normaliseGuid, queryString } from '../../shared/odata';
import { Picker, type PickerOption } from '../../shared/picker';
import { Strings } from '../../shared/strings';
import { searchTerms } from '../../shared/text';
import { VirtualGrid } from '../../shared/virtual-grid';
import { Account, DATASET, DATASET_COLUMNS, DEFAULT_GRID_HEIGHT_IN_PX, OVERSCAN_ROWS, ProviderAccount, ROW_HEIGHT_IN_PX, SAVE_CONCURRENCY, SEARCH_DEBOUNCE_IN_MS, SEARCH_MIN_CHARS, SEARCH_RESULTS } from './ManifestConstants';
import { acceptAllExact, acceptSuggestion, acceptableExactCount, chooseAccount, clearMapping, countByStatus, exclude, filterRows, holders, revert } from './model/mapping';
import { ENTITY_SELECT, rowFromEntity, rowFromRecord } from './model/rows';
import { applyOutcomes, planWrites, resolveConflict } from './model/save-plan';
import type { AccountRow, Edits, Ref, StatusFilter } from './model/types';
import type { StringKey } from './strings-keys';
import { accountColumns, type RowActions } from './view/columns';
import { Toolbar } from './view/toolbar';
import type { IInputs } from './generated/ManifestTypes';

type Context = ComponentFramework.Context<IInputs>;

export class AccountMappingController {
  private context: Context;
  private readonly s: Strings<StringKey>;
  private readonly root: HTMLElement;
  private readonly message: HTMLElement;
  private readonly toolbar: Toolbar;
  private readonly grid: VirtualGrid<AccountRow>;
  private readonly picker: Picker;
  private readonly announcer = new Announcer();
  private readonly loader = new DatasetLoader(DATASET_COLUMNS);
  private rows: AccountRow[] = [];
  private edits: Edits = new Map();
  private conflicts = new Map<string, AccountRow>();
  private failures = new Map<string, string>();
  private status: StatusFilter = 'all';
  private terms: string[] = [];
  private loadedIds: readonly string[] | undefined;
  private saving: { done: number; total: number } | undefined;
  private destroyed = false;

  constructor(container: HTMLDivElement, context: Context) {
    this.context = context;
    this.s = new Strings<StringKey>(context.resources);
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
      exclude: (row) => this.edit(row, exclude(this.rows, this.edits, row.id), s.get('Excluded_Announce', row.name)),
      clear: (row) => this.edit(row, clearMapping(this.rows, this.edits, row.id), s.get('Cleared_Announce', row.name)),
      undo: (row) => this.edit(row, revert(this.edits, row.id), ''),
      open: (account) => void this.openAccount(account),
      resolve: (row, keepMine) => this.resolve(row, keepMine),
    };
    this.grid = new VirtualGrid<AccountRow>({
      label: s.get('Grid_Label'),
      rowHeightInPx: ROW_HEIGHT_IN_PX,
      overscanRows: OVERSCAN_ROWS,
      columns: accountColumns(s, () => ({ edits: this.edits, conflicts: this.conflicts, failures: this.failures }), actions),
      emptyText: s.get('Empty'),
      rowKey: (r) => r.id,
      rowClass: (r) => (this.conflicts.has(r.id) || this.failures.has(r.id) ? 'w365-row-problem' : this.edits.has(r.id) ? 'w365-row-unsaved' : ''),
    });
    this.picker = new Picker({
      strings: { searching: s.get('Picker_Searching'), noResults: s.get('Picker_NoResults'), typeToSearch: s.get('Picker_Type'), failed: s.get('Picker_Failed'), close: s.get('Picker_Close') },
      debounceInMs: SEARCH_DEBOUNCE_IN_MS,
      minChars: SEARCH_MIN_CHARS,
    });
    this.message = h('div', { className: 'w365-message', text: s.get('Loading') });
    this.root = h('div', { className: 'w365-root w365-amg' }, [this.toolbar.element, this.message, this.grid.element, this.picker.element, this.announcer.element]);
    ensureSharedStyles(container.ownerDocument);
    container.append(this.root);
    context.mode.trackContainerResize(true);
  }

  update(context: Context): void {
    this.context = context;
    const height = context.mode.allocatedHeight > 0 ? context.mode.allocatedHeight - 110 : DEFAULT_GRID_HEIGHT_IN_PX;
    this.grid.setHeight(height);
    const dataset = context.parameters[DATASET];
    const state = this.loader.step(dataset);
    if (state === 'error') {
      this.message.textContent = this.s.get('Load_Failed', dataset.errorMessage);
      return;
    }
    if (state === 'waiting' || dataset.sortedRecordIds === this.loadedIds) return;
    this.loadedIds = dataset.sortedRecordIds;
    this.rows = dataset.sortedRecordIds.map((id) => rowFromRecord(dataset.records[id]));
    // Edits for rows that are still there survive a reload (the platform refreshes the subgrid when
    // the form saves, for example): a person's unsaved work is not thrown away.
    const ids = new Set(this.rows.map((r) => r.id));
    this.edits = new Map([...this.edits].filter(([id]) => ids.has(id)));
    this.message.textContent = '';
    this.render(true);
    this.announcer.say(this.s.get('Loaded', this.rows.length));
  }

  destroy(): void {
    this.destroyed = true;
    this.picker.destroy();
    this.grid.destroy();
    this.announcer.destroy();
    this.root.remove();
  }

  private setFilter(status: StatusFilter | undefined, text: string | undefined): void {
    if (status !== undefined) this.status = status;
    if (text !== undefined) this.terms = searchTerms(text);
    this.render(true);
  }

  /** Recompute the shown rows (`refilter`) or just redraw, then the toolbar. */
  private render(refilter: boolean): void {
    if (refilter) {
      const attention = new Set([...this.conflicts.keys(), ...this.failures.keys()]);
      this.grid.setRows(filterRows(this.rows, this.edits, { status: this.status, terms: this.terms, attention }));
    } else this.grid.refresh();
    this.toolbar.update({
      counts: countByStatus(this.rows, this.edits),
      status: this.status,
      shown: this.grid.rowCount,
      total: this.rows.length,
      exact: acceptableExactCount(this.rows, this.edits),
      saving: this.saving,
    });
  }

  private edit(row: AccountRow, edits: Edits, announcement: string): void {
    this.edits = edits;
    this.failures.delete(row.id);
    // Redraw in place: a row edited under a status filter stays visible until the filter is changed,
    // so it does not vanish from under the person's focus.
    this.render(false);
    if (announcement) this.announcer.say(announcement);
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
    this.edit(row, result.edits, mapped ? this.s.get('Mapped_Announce', row.name, mapped.name) : '');
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
    const filter = `${A.stateCode} eq 0 and ${containsAnyFilter([A.name, A.accountNumber, A.websiteUrl], text)}`;
    const result = await this.context.webAPI.retrieveMultipleRecords(
      Account.logicalName,
      queryString({ select: [A.id, A.name, A.accountNumber, A.websiteUrl], filter, orderBy: `${A.name} asc`, top: SEARCH_RESULTS }),
    );
    const held = holders(this.rows, this.edits);
    return result.entities.map((e) => {
      const id = normaliseGuid(String(e[A.id]));
      const holder = held.get(id);
      return {
        id,
        name: String(e[A.name] ?? ''),
        detail: [e[A.accountNumber], e[A.websiteUrl]].filter((v) => typeof v === 'string' && v).join(' · ') || undefined,
        warning: holder && holder.id !== row.id ? this.s.get('Held_Warning', holder.name) : undefined,
      };
    });
  }

  private acceptExact(): void {
    const s = this.s;
    const result = acceptAllExact(this.rows, this.edits);
    this.edits = result.edits;
    const reasons = result.skipped.map((k) =>
      k.why === 'shared' ? s.get('AcceptExact_Shared', k.row.name, k.others.map((o) => o.name).join(', ')) : s.get('AcceptExact_Held', k.row.name, k.others[0]?.name ?? ''),
    );
    const summary = s.get('AcceptExact_Result', result.accepted.length, result.skipped.length);
    this.message.textContent = [summary, ...reasons].join(' ');
    this.render(false);
    this.announcer.say(summary);
  }

  private async save(): Promise<void> {
    const s = this.s;
    const writes = planWrites(this.rows, this.edits);
    if (writes.length === 0 || this.saving) {
      this.announcer.say(s.get('Save_Nothing'));
      return;
    }
    this.picker.close(false);
    this.conflicts = new Map();
    this.failures = new Map();
    this.saving = { done: 0, total: writes.length };
    this.render(false);
    this.announcer.say(s.get('Saving', 0, writes.length));
    const outcomes = await writeAll(this.context.webAPI, ProviderAccount.logicalName, writes, {
      concurrency: SAVE_CONCURRENCY,
      onProgress: (done, total) => {
        this.saving = { done, total };
        this.render(false);
      },
    });
    if (this.destroyed) return;
    const result = applyOutcomes(this.rows, this.edits, outcomes);
    this.rows = result.rows;
    this.edits = result.edits;
    for (const [id, failure] of result.failures) this.failures.set(id, failure.kind === 'duplicateKey' ? s.get('Failed_Duplicate') : s.get('Failed_Message', failure.message));
    // Show what the conflicting rows hold now: read each back (few, so one by one is fine).
    for (const id of result.conflicts) {
      try {
        const entity = await this.context.webAPI.retrieveRecord(ProviderAccount.logicalName, id, `?$select=${ENTITY_SELECT.join(',')}`);
        this.conflicts.set(id, rowFromEntity(entity));
      } catch (error) {
        this.failures.set(id, s.get('Failed_Message', error instanceof Error ? error.message : String(error)));
      }
    }
    this.saving = undefined;
    const summary = s.get('Save_Result', result.saved, result.conflicts.length, result.failures.size);
    this.message.textContent = summary;
    // Problems first in view: switch to "Needs attention" when there are any.
    if (this.conflicts.size + this.failures.size > 0) this.status = 'attention';
    this.render(true);
    this.announcer.say(summary, this.conflicts.size + this.failures.size > 0);
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

  private async openAccount(account: Ref): Promise<void> {
    try {
      await this.context.navigation.openForm({ entityName: Account.logicalName, entityId: account.id });
    } catch {
      // The person closed the form or navigation is unavailable here: nothing to report.
    }
  }
}
