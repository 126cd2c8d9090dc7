/**
 * A job's machine-readable result (JSON in w365_result) as a person reads it: numbers and words as a
 * list of facts, each list (a migration's pairs, what was left unpaired) as its own section with a
 * heading and a count, each item on one line from its names and numbers. Anything that is not JSON is
 * shown as the text it is.
 */
import { ShellStrings } from '../strings';
import { h } from './dom';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `quantityChanged` -> "Quantity changed", `movableEntries` -> "Movable entries". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function scalarText(value: Json): string {
  if (value === null) return ShellStrings.none;
  if (typeof value === 'boolean') return value ? ShellStrings.yes : ShellStrings.no;
  if (typeof value === 'number') return value.toLocaleString('en-US');
  return String(value);
}

const isObject = (v: Json): v is { [key: string]: Json } => !!v && typeof v === 'object' && !Array.isArray(v);

/** One line for a list item: its name (or its parts' names) and its other scalar facts. */
export function itemLine(item: Json): string {
  if (!isObject(item)) return scalarText(item);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(item)) {
    if (isObject(value)) {
      const name = value.name ?? value.id;
      if (name !== undefined)
        parts.push(
          `${humanize(key)}: ${scalarText(name)}${typeof value.quantity === 'number' ? ` (${value.quantity})` : ''}`,
        );
    } else if (!Array.isArray(value) && key !== 'id')
      parts.push(key === 'name' ? scalarText(value) : `${humanize(key)}: ${scalarText(value)}`);
  }
  return parts.join(' · ') || ShellStrings.none;
}

function section(title: string, value: Json, depth: number): HTMLElement {
  const heading = h(depth === 0 ? 'h4' : 'h5', {}, [title]);
  if (Array.isArray(value))
    return h('section', { class: 'result-section' }, [
      h(depth === 0 ? 'h4' : 'h5', {}, [`${title} (${value.length})`]),
      value.length
        ? h(
            'ul',
            {},
            value.map((v) => h('li', {}, [itemLine(v)])),
          )
        : h('p', {}, [ShellStrings.none]),
    ]);
  if (isObject(value)) return h('section', { class: 'result-section' }, [heading, body(value, depth + 1)]);
  return h('section', { class: 'result-section' }, [heading, h('p', {}, [scalarText(value)])]);
}

function body(value: { [key: string]: Json }, depth: number): HTMLElement {
  const entries = Object.entries(value);
  const facts = entries.filter(([, v]) => !Array.isArray(v) && !isObject(v));
  const nested = entries.filter(([, v]) => Array.isArray(v) || isObject(v));
  return h('div', {}, [
    facts.length
      ? h(
          'dl',
          { class: 'result-facts' },
          facts.flatMap(([k, v]) => [h('dt', {}, [humanize(k)]), h('dd', {}, [scalarText(v)])]),
        )
      : null,
    ...nested.map(([k, v]) => section(humanize(k), v, depth)),
  ]);
}

/** The summary of a JSON text (or the text itself when it is not JSON). */
export function resultSummary(text: string): HTMLElement {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    return h('span', {}, [text]);
  }
  if (isObject(parsed)) return h('div', { class: 'result-summary' }, [body(parsed, 0)]);
  return h('div', { class: 'result-summary' }, [section(ShellStrings.resultItems, parsed, 0)]);
}
