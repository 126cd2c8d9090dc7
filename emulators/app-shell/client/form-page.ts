/**
 * A record's main form (solution/ui forms): header, tabs, sections, fields and subgrids, a command bar
 * with Save, Refresh and the table's Work 365 flyout, and a notification bar. Edits collect into a
 * change set that Save PATCHes through the Web API (lookups as `@odata.bind`), as a form does: Save is
 * enabled by the first keystroke, each field says in words what is wrong with it (from the column's
 * metadata) before anything is sent, and leaving the form with unsaved changes asks first.
 */
import { ShellStrings } from '../strings';
import type { FormCellMeta, FormMeta } from '../shared/metadata';
import { WebApiError, type Row } from './api';
import { commandBar, syncCommandBar } from './command-bar';
import { field, type FieldView } from './fields';
import { createFormContext, type FormHooks, type FormState, type ShellFormContext } from './form-context';
import { clear, h } from './dom';
import { lookupLink } from './links';
import { columnOf, tableOf, type Shell } from './shell';
import { subgrid, type SubgridControl } from './subgrid';
import { validate, inWords } from './validation';
import { displayText, editable, wireValue, xrmValue, type XrmValue } from './values';

/** How long "Saved." stays in the notification bar. */
export const SAVED_NOTICE_IN_MS = 4000;

export interface RenderedForm {
  readonly formContext: ShellFormContext;
}

export async function renderForm(shell: Shell, logicalName: string, id: string): Promise<RenderedForm | undefined> {
  const table = tableOf(shell, logicalName);
  const form: FormMeta | undefined = shell.meta.forms[logicalName];
  clear(shell.main);
  if (!table || !form) {
    shell.main.append(h('p', { role: 'alert' }, [ShellStrings.unknownTable(logicalName)]));
    return undefined;
  }
  const state: FormState = { table, id, row: {}, changes: new Map(), subgrids: [] };
  const subgrids = new Map<string, SubgridControl>();
  const notifications = new Map<string, { message: string; level: string }>();
  const fields = new Map<string, FieldView>();
  const labels = new Map(table.columns.map((c) => [c.name, c.label]));
  let savedTimer: ReturnType<typeof setTimeout> | undefined;
  // Leaving with unsaved changes asks first (main.ts asks this guard on every navigation).
  shell.setLeaveGuard(() =>
    state.changes.size > 0 ? String(state.row[table.primaryName] ?? '') || table.displayName : undefined,
  );
  let activeTab = form.tabs[0]?.name ?? '';

  const header = h('header', { class: 'form-header' });
  const notificationBar = h('div', { class: 'notifications', 'aria-live': 'polite' });
  const body = h('div', { class: 'form-body' });

  const renderNotifications = () => {
    clear(notificationBar);
    for (const [key, n] of notifications)
      notificationBar.append(
        h(
          'p',
          {
            class: `notification ${n.level.toLowerCase()}`,
            role: n.level === 'ERROR' ? 'alert' : 'status',
            'data-id': key,
          },
          [n.message],
        ),
      );
  };

  const load = async () => {
    state.row = await shell.api.get(`${table.entitySetName}(${id})`);
    state.changes.clear();
  };

  const hooks: FormHooks = {
    refresh: async (save) => {
      if (save) return hooks.save();
      await load();
      renderAll();
    },
    save: async () => {
      if (!state.changes.size) return;
      const problems = problemsOnSave();
      if (problems > 0) {
        hooks.notify(ShellStrings.fixFirst(problems), 'ERROR', 'save');
        return;
      }
      const patch: Row = {};
      for (const [name, value] of state.changes) {
        const column = columnOf(table, name);
        if (column) Object.assign(patch, wireValue(column, value));
      }
      try {
        await shell.api.update(table.entitySetName, id, patch);
      } catch (err) {
        const message = err instanceof WebApiError ? err.message : String(err);
        hooks.notify(ShellStrings.saveFailed(inWords(message, labels)), 'ERROR', 'save');
        return;
      }
      hooks.clearNotification('save');
      await load();
      renderAll();
      hooks.notify(ShellStrings.saved, 'INFO', 'save');
      // "Saved." is news for a moment, not a state: it goes, as the platform's save notice does.
      if (savedTimer) clearTimeout(savedTimer);
      savedTimer = setTimeout(() => {
        if (notifications.get('save')?.message === ShellStrings.saved) hooks.clearNotification('save');
      }, SAVED_NOTICE_IN_MS);
    },
    setValue: (column, value) => {
      const original = xrmValue(column, state.row);
      if (sameValue(value, original)) state.changes.delete(column.name);
      else state.changes.set(column.name, value);
      fields.get(column.name)?.setError(validate(column, value));
      if (notifications.get('save')?.level !== 'ERROR' || problemsNow() === 0) hooks.clearNotification('save');
      syncCommandBar(bar);
    },
    notify: (message, level, uniqueId) => {
      notifications.set(uniqueId, { message, level });
      renderNotifications();
    },
    clearNotification: (uniqueId) => {
      if (uniqueId === undefined) notifications.clear();
      else notifications.delete(uniqueId);
      renderNotifications();
    },
  };
  /** Fields with a problem now (changed ones, and required ones left empty), each showing its message. */
  const check = (): number => {
    let count = 0;
    for (const [name, view] of fields) {
      const column = columnOf(table, name);
      if (!column || !editable(column)) continue;
      const value = state.changes.has(name) ? (state.changes.get(name) ?? null) : xrmValue(column, state.row);
      const problem = state.changes.has(name) || column.required ? validate(column, value) : undefined;
      view.setError(problem);
      if (problem) count++;
    }
    return count;
  };
  const problemsOnSave = check;
  const problemsNow = check;
  const formContext = createFormContext(state, hooks);
  const ribbon = shell.meta.commandBars.find((b) => b.table === logicalName && b.surface === 'Form');
  const bar = commandBar(
    form.name,
    [
      { label: ShellStrings.save, onClick: () => hooks.save(), disabled: () => state.changes.size === 0 },
      { label: ShellStrings.refresh, onClick: () => hooks.refresh(false) },
    ],
    ribbon,
    { primaryControl: formContext, selectedIds: () => [] },
  );

  const cell = (c: FormCellMeta): HTMLElement => {
    if (c.kind === 'subgrid') {
      let control = subgrids.get(c.id);
      if (!control) {
        control = subgrid(shell, c, id);
        subgrids.set(c.id, control);
        state.subgrids = [...subgrids.values()];
      }
      return control.element;
    }
    const column = columnOf(table, c.column);
    if (!column) return h('div');
    const view = field(
      shell,
      table,
      column,
      c.label,
      state.row,
      state.changes.has(column.name) ? (state.changes.get(column.name) ?? null) : xrmValue(column, state.row),
      c.readOnly,
      (v) => hooks.setValue(column, v),
    );
    if (!c.readOnly) fields.set(column.name, view);
    return view.element;
  };

  const renderHeader = () => {
    clear(header);
    const title = String(state.row[table.primaryName] ?? '') || ShellStrings.unnamed;
    const fields = form.header.map((name) => columnOf(table, name)).filter((c) => !!c);
    header.append(
      h('p', { class: 'table-name' }, [table.displayName]),
      h('h1', {}, [title]),
      h(
        'dl',
        { class: 'header-fields' },
        fields.flatMap((c) => [
          h('dt', {}, [c.label]),
          h('dd', { 'data-column': c.name }, [
            c.kind === 'lookup' ? lookupLink(c, state.row) : displayText(c, state.row),
          ]),
        ]),
      ),
    );
  };

  const renderBody = () => {
    clear(body);
    fields.clear();
    const tabs = h(
      'div',
      { role: 'tablist', class: 'tabs' },
      form.tabs.map((t) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            'aria-selected': String(t.name === activeTab),
            onclick: () => ((activeTab = t.name), renderBody()),
          },
          [t.label],
        ),
      ),
    );
    const tab = form.tabs.find((t) => t.name === activeTab) ?? form.tabs[0];
    const panel = h(
      'div',
      { role: 'tabpanel', 'aria-label': tab?.label ?? '' },
      (tab?.sections ?? []).map((s) =>
        h('fieldset', { class: `section columns-${s.columns}`, 'data-section': s.name }, [
          h('legend', {}, [s.label]),
          ...s.cells.map(cell),
        ]),
      ),
    );
    body.append(tabs, panel);
  };

  const renderAll = () => {
    renderHeader();
    renderBody();
    syncCommandBar(bar);
  };

  shell.main.append(header, bar, notificationBar, body);
  try {
    await load();
  } catch (err) {
    clear(shell.main);
    const missing = err instanceof WebApiError && err.status === 404;
    shell.main.append(
      h('p', { role: 'alert' }, [
        missing ? ShellStrings.notFound(table.displayName) : ShellStrings.loadFailed((err as Error).message),
      ]),
    );
    return undefined;
  }
  renderAll();
  return { formContext };
}

/** Whether an edit brings a value back to what Dataverse holds (the field is then no longer dirty). */
function sameValue(a: XrmValue, b: XrmValue): boolean {
  if (Array.isArray(a) || Array.isArray(b))
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => x.id.toLowerCase() === b[i].id.toLowerCase())
    );
  if (a instanceof Date || b instanceof Date) return String(a) === String(b);
  return (a ?? '') === (b ?? '');
}
