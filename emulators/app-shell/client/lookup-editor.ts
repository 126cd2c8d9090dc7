/**
 * The lookup control of a form field: the current record as a link to it, Clear, and a search box
 * that asks the server as the person types (debounced; a later keystroke's answer wins), listing
 * matches to pick from with the mouse or the keyboard (Down into the list, Enter to pick, Escape out).
 */
import { ShellStrings } from '../strings';
import type { ColumnMeta } from '../shared/metadata';
import { odataString, type Row, type WebApiClient } from './api';
import { bare, braced, clear, h } from './dom';
import { formHash } from './shell';
import type { XrmValue } from './values';

/** Results of one lookup search. */
export const LOOKUP_RESULTS = 10;
/** Wait this long after the last keystroke before searching. */
export const LOOKUP_DEBOUNCE_IN_MS = 250;

export function lookupEditor(
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
    if (!first) shown.append(ShellStrings.none);
    else if (target)
      shown.append(
        h('a', { href: formHash(target.table, bare(first.id)), class: 'lookup-link' }, [first.name || first.id]),
      );
    else shown.append(first.name || first.id);
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };
  const choose = (v: XrmValue) => {
    value = v;
    render();
    close();
    input.value = '';
    onChange(v);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const search = async () => {
    const term = input.value.trim();
    const mine = ++generation;
    if (!target || !term) return close();
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
            option.addEventListener('keydown', (e) => {
              if (e.key === 'Enter') option.click();
              if (e.key === 'ArrowDown') (option.nextElementSibling as HTMLElement | null)?.focus();
              if (e.key === 'ArrowUp') ((option.previousElementSibling as HTMLElement | null) ?? input).focus();
              if (e.key === 'Escape') {
                close();
                input.focus();
              }
            });
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
    if (e.key === 'Escape') close();
  });
  render();
  return h('div', { class: 'lookup' }, [
    shown,
    h('button', { type: 'button', class: 'link', onclick: () => choose(null) }, [ShellStrings.lookupClear]),
    input,
    list,
  ]);
}
