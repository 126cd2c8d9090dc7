/**
 * The form context a ribbon script gets as PrimaryControl: `data.entity` (getId, getEntityName,
 * getIsDirty), `getAttribute(name).getValue()`, `data.refresh(save)`, `ui.controls.get()` with the
 * subgrids, and form notifications. Backed by the form page's state; what Xrm offers beyond this is not
 * pretended.
 */
import type { ColumnMeta, TableMeta } from '../shared/metadata';
import type { Row } from './api';
import { braced } from './dom';
import type { SubgridControl } from './subgrid';
import { xrmValue, type XrmValue } from './values';
import { XrmPromise } from './xrm';

export interface FormState {
  readonly table: TableMeta;
  /** Undefined for a record never saved. */
  readonly id: string | undefined;
  row: Row;
  readonly changes: Map<string, XrmValue>;
  subgrids: SubgridControl[];
}

export interface FormHooks {
  /** Re-read the record (saving first when asked) and re-render. */
  refresh(save: boolean): Promise<void>;
  save(): Promise<void>;
  setValue(column: ColumnMeta, value: XrmValue): void;
  notify(message: string, level: string, uniqueId: string): void;
  clearNotification(uniqueId?: string): void;
}

/** Xrm form types: 1 Create, 2 Update. */
const FORM_TYPE_CREATE = 1;
const FORM_TYPE_UPDATE = 2;

export function createFormContext(state: FormState, hooks: FormHooks) {
  const attribute = (column: ColumnMeta) => ({
    getName: () => column.name,
    getAttributeType: () => (column.kind === 'choice' ? 'optionset' : column.kind),
    getValue: (): XrmValue =>
      state.changes.has(column.name) ? (state.changes.get(column.name) as XrmValue) : xrmValue(column, state.row),
    setValue: (value: XrmValue) => hooks.setValue(column, value),
    getIsDirty: () => state.changes.has(column.name),
  });
  const fieldControl = (column: ColumnMeta) => ({
    getControlType: () => (column.kind === 'lookup' ? 'lookup' : column.kind === 'choice' ? 'optionset' : 'standard'),
    getName: () => column.name,
  });
  return {
    data: {
      entity: {
        getId: () => (state.id ? braced(state.id) : ''),
        getEntityName: () => state.table.logicalName,
        getIsDirty: () => state.changes.size > 0,
        getPrimaryAttributeValue: () => String(state.row[state.table.primaryName] ?? ''),
        save: () => void hooks.save(),
      },
      refresh: (save?: boolean) => new XrmPromise(hooks.refresh(save === true)),
      save: () => new XrmPromise(hooks.save()),
      getIsDirty: () => state.changes.size > 0,
    },
    getAttribute: (name: string) => {
      const column = state.table.columns.find((c) => c.name === name);
      return column ? attribute(column) : null;
    },
    getControl: (name: string) => state.subgrids.find((s) => s.getName() === name) ?? null,
    ui: {
      getFormType: () => (state.id ? FORM_TYPE_UPDATE : FORM_TYPE_CREATE),
      setFormNotification: (message: string, level: string, uniqueId: string) => {
        hooks.notify(message, level, uniqueId);
        return true;
      },
      clearFormNotification: (uniqueId?: string) => {
        hooks.clearNotification(uniqueId);
        return true;
      },
      controls: {
        /** All controls (no argument), one by name, or by index, as Xrm's collections answer. */
        get: (which?: string | number) => {
          const all = [...state.table.columns.map(fieldControl), ...state.subgrids];
          if (which === undefined) return all;
          if (typeof which === 'number') return all[which] ?? null;
          return all.find((c) => c.getName() === which) ?? null;
        },
      },
    },
  };
}

export type ShellFormContext = ReturnType<typeof createFormContext>;
