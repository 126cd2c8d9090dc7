/**
 * Field controls on a form: read-only text, or an editor by column kind (text, number, choice, yes/no,
 * and a lookup with server-side search). Editors report changes as Xrm values through `onChange`.
 */
import { ShellStrings } from '../strings';
import type { ColumnMeta } from '../shared/metadata';
import { odataString, type Row, type WebApiClient } from './api';
import { braced, clear, h } from './dom';
import { displayText, editable, type XrmValue } from './values';

let fieldCount = 0;

/** Results of one lookup search. */
export const LOOKUP_RESULTS = 10;
/** Wait this long after the last keystroke before searching. */
export const LOOKUP_DEBOUNCE_IN_MS = 250;

function lookupEditor(
  api: WebApiClient,
  column: ColumnMeta,
  label: string,
  current: XrmValue,
  onChange: (v: XrmValue) => void,
  id: string,
): HTMLElement {
  const target = column.lookup;
  const shown = h('span', { class: 'lookup-value' });
  const input = h('input', {
    id,
    type: 'search',
    role: 'combobox',
    'aria-expanded': 'false',
    'aria-autocomplete': 'list',
    'aria-label': ShellStrings.lookupSearch(label),
    'aria-controls': `${id}-results`,
    autocomplete: 'off',
  });
  const list = h('ul', {
    id: `${id}-results`,
    role: 'listbox',
    class: 'lookup-results',
    'aria-label': ShellStrings.lookupResults(label),
    hidden: true,
  });
  let value = current;
  const render = () => {
    clear(shown);
    const first = Array.isArray(value) ? value[0] : undefined;
    shown.append(first ? first.name || first.id : ShellStrings.none);
  };
  const choose = (v: XrmValue) => {
    value = v;
    render();
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.value = '';
    onChange(v);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const search = async () => {
    const term = input.value.trim();
    const mine = ++generation;
    if (!target || !term) {
      list.hidden = true;
      return;
    }
    const q = `${target.entitySetName}?$select=${target.primaryId},${target.primaryName}&$filter=contains(${target.primaryName},${encodeURIComponent(odataString(term))})&$orderby=${target.primaryName}&$top=${LOOKUP_RESULTS}`;
    const rows = ((await api.get(q)).value ?? []) as Row[];
    if (mine !== generation) return; // a later keystroke's search owns the list
    clear(list);
    list.append(
      ...(rows.length
        ? rows.map((r) => {
            const name = String(r[target.primaryName] ?? '');
            const option = h('li', { role: 'option', tabindex: '-1', 'aria-selected': 'false' }, [name]);
            option.addEventListener('click', () =>
              choose([{ id: braced(String(r[target.primaryId])), name, entityType: target.table }]),
            );
            option.addEventListener('keydown', (e) => e.key === 'Enter' && option.click());
            return option;
          })
        : [h('li', { class: 'empty' }, [ShellStrings.lookupNoResults])]),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  input.addEventListener('input', () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void search(), LOOKUP_DEBOUNCE_IN_MS);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') (list.querySelector('[role="option"]') as HTMLElement | null)?.focus();
  });
  render();
  return h('div', { class: 'lookup' }, [
    shown,
    h('button', { type: 'button', class: 'link', onclick: () => choose(null) }, [ShellStrings.lookupClear]),
    input,
    list,
  ]);
}

export interface FieldView {
  readonly element: HTMLElement;
}

/** A labelled field: read-only text, or an editor that reports changes. */
export function field(
  api: WebApiClient,
  column: ColumnMeta,
  label: string,
  row: Row,
  current: XrmValue,
  readOnly: boolean,
  onChange: (v: XrmValue) => void,
): FieldView {
  const id = `w365-field-${++fieldCount}`;
  const labelEl = h('label', { for: id }, [label]);
  if (readOnly || !editable(column)) {
    return {
      element: h('div', { class: 'field readonly' }, [
        labelEl,
        h('output', { id, 'data-column': column.name }, [displayText(column, row)]),
      ]),
    };
  }
  let control: HTMLElement;
  switch (column.kind) {
    case 'lookup':
      control = lookupEditor(api, column, label, current, onChange, id);
      break;
    case 'choice': {
      const select = h('select', { id }, [
        h('option', { value: '' }, [ShellStrings.none]),
        ...(column.options ?? []).map((o) =>
          h('option', { value: String(o.value), selected: o.value === current }, [o.label]),
        ),
      ]);
      select.addEventListener('change', () => onChange(select.value === '' ? null : Number(select.value)));
      control = select;
      break;
    }
    case 'boolean': {
      const select = h('select', { id }, [
        h('option', { value: 'true', selected: current === true }, [column.trueLabel ?? ShellStrings.yes]),
        h('option', { value: 'false', selected: current !== true }, [column.falseLabel ?? ShellStrings.no]),
      ]);
      select.addEventListener('change', () => onChange(select.value === 'true'));
      control = select;
      break;
    }
    case 'integer':
    case 'decimal':
    case 'money': {
      const input = h('input', {
        id,
        type: 'number',
        value: current === null ? '' : String(current),
        step: column.kind === 'integer' ? '1' : 'any',
      });
      input.addEventListener('change', () => onChange(input.value === '' ? null : Number(input.value)));
      control = input;
      break;
    }
    case 'memo': {
      const area = h('textarea', { id, rows: 3 }, [current === null ? '' : String(current)]);
      area.addEventListener('change', () => onChange(area.value));
      control = area;
      break;
    }
    default: {
      const input = h('input', { id, type: 'text', value: current === null ? '' : String(current) });
      input.addEventListener('change', () => onChange(input.value));
      control = input;
    }
  }
  // A lookup's editor is a group; its label names the search box, and the group is named for the field.
  if (column.kind === 'lookup')
    return {
      element: h('div', { class: 'field', role: 'group', 'aria-label': label, 'data-column': column.name }, [
        h('span', { class: 'label' }, [label]),
        control,
      ]),
    };
  return { element: h('div', { class: 'field', 'data-column': column.name }, [labelEl, control]) };
}
