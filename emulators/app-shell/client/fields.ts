/**
 * Field controls on a form: read-only text (lookups and record references as links, a JSON memo as a
 * summary), or an editor by column kind (text, number, choice, yes/no, lookup). Editors report every
 * keystroke as an Xrm value through `onChange` (so Save enables at once, as on the platform), and show
 * the field's validation message next to it.
 */
import { ShellStrings } from '../strings';
import type { ColumnMeta, TableMeta } from '../shared/metadata';
import type { Row } from './api';
import { h } from './dom';
import { cellContent } from './links';
import { lookupEditor } from './lookup-editor';
import { resultSummary } from './result-view';
import type { Shell } from './shell';
import { editable, type XrmValue } from './values';

let fieldCount = 0;

export interface FieldView {
  readonly element: HTMLElement;
  /** Shows (or, with undefined, clears) the field's validation message. */
  setError(message: string | undefined): void;
}

function readOnlyContent(shell: Shell, table: TableMeta, column: ColumnMeta, row: Row): HTMLElement | string {
  if (column.format === 'json' && !column.secured) {
    const text = row[column.name];
    if (typeof text === 'string' && text) return resultSummary(text);
  }
  return cellContent(shell, table, column, row);
}

function numberInput(id: string, column: ColumnMeta, current: XrmValue, onChange: (v: XrmValue) => void) {
  const input = h('input', {
    id,
    type: 'text',
    inputmode: column.kind === 'integer' ? 'numeric' : 'decimal',
    value: current === null ? '' : String(current),
  });
  input.addEventListener('input', () => {
    const text = input.value.trim();
    onChange(text === '' ? null : Number(text));
  });
  return input;
}

function editor(
  shell: Shell,
  column: ColumnMeta,
  label: string,
  current: XrmValue,
  onChange: (v: XrmValue) => void,
  id: string,
): HTMLElement {
  switch (column.kind) {
    case 'lookup':
      return lookupEditor(shell.api, column, label, current, onChange, id);
    case 'choice': {
      const select = h('select', { id }, [
        h('option', { value: '' }, [ShellStrings.none]),
        ...(column.options ?? []).map((o) =>
          h('option', { value: String(o.value), selected: o.value === current }, [o.label]),
        ),
      ]);
      select.addEventListener('change', () => onChange(select.value === '' ? null : Number(select.value)));
      return select;
    }
    case 'boolean': {
      const select = h('select', { id }, [
        h('option', { value: 'true', selected: current === true }, [column.trueLabel ?? ShellStrings.yes]),
        h('option', { value: 'false', selected: current !== true }, [column.falseLabel ?? ShellStrings.no]),
      ]);
      select.addEventListener('change', () => onChange(select.value === 'true'));
      return select;
    }
    case 'integer':
    case 'decimal':
    case 'money':
      return numberInput(id, column, current, onChange);
    case 'memo': {
      const area = h('textarea', { id, rows: 3 }, [current === null ? '' : String(current)]);
      area.addEventListener('input', () => onChange(area.value));
      return area;
    }
    default: {
      const type = column.format === 'url' ? 'url' : column.format === 'email' ? 'email' : 'text';
      const input = h('input', { id, type, value: current === null ? '' : String(current) });
      input.addEventListener('input', () => onChange(input.value));
      return input;
    }
  }
}

/** A labelled field: read-only text, or an editor that reports changes. */
export function field(
  shell: Shell,
  table: TableMeta,
  column: ColumnMeta,
  label: string,
  row: Row,
  current: XrmValue,
  readOnly: boolean,
  onChange: (v: XrmValue) => void,
): FieldView {
  const id = `w365-field-${++fieldCount}`;
  const labelEl = h('label', { for: id }, [
    label,
    column.required && !readOnly ? h('span', { class: 'required', title: ShellStrings.requiredMark }, [' *']) : null,
  ]);
  if (readOnly || !editable(column)) {
    return {
      element: h('div', { class: 'field readonly', 'data-column': column.name }, [
        labelEl,
        h('output', { id, 'data-column': column.name }, [readOnlyContent(shell, table, column, row)]),
      ]),
      setError: () => undefined,
    };
  }
  const control = editor(shell, column, label, current, onChange, id);
  const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  const input = control.matches('input, select, textarea') ? control : control.querySelector('input');
  const setError = (message: string | undefined) => {
    error.hidden = !message;
    error.textContent = message ?? '';
    input?.setAttribute('aria-invalid', message ? 'true' : 'false');
    if (message) input?.setAttribute('aria-describedby', error.id);
    else input?.removeAttribute('aria-describedby');
  };
  // A lookup's editor is a group; its label names the search box, and the group is named for the field.
  if (column.kind === 'lookup')
    return {
      element: h('div', { class: 'field', role: 'group', 'aria-label': label, 'data-column': column.name }, [
        h('span', { class: 'label' }, [label]),
        control,
        error,
      ]),
      setError,
    };
  return { element: h('div', { class: 'field', 'data-column': column.name }, [labelEl, control, error]), setError };
}
