/**
 * Column filters under a list's header, as a model-driven grid's "Filter by" offers them: text
 * columns match what they contain, choices and yes/no pick a value, numbers match exactly, dates keep
 * the rows on or after a day, lookups match the related record's name. Each control reports the OData
 * term it stands for; a related row's column (read through a lookup) is not filterable.
 */
import { ShellStrings } from '../strings';
import type { ColumnMeta } from '../shared/metadata';
import { odataString } from './api';
import { h } from './dom';
import type { ResolvedColumn } from './grid';

export interface ColumnFilters {
  readonly row: HTMLElement;
  /** The `$filter` terms of the filters set now. */
  terms(): string[];
}

type Control = { element: HTMLElement; term: () => string | undefined };

function choiceControl(column: ColumnMeta, label: string, onChange: () => void): Control {
  const options =
    column.kind === 'boolean'
      ? [
          { value: 'true', label: column.trueLabel ?? ShellStrings.yes },
          { value: 'false', label: column.falseLabel ?? ShellStrings.no },
        ]
      : (column.options ?? []).map((o) => ({ value: String(o.value), label: o.label }));
  const select = h('select', { 'aria-label': ShellStrings.filterBy(label), onchange: onChange }, [
    h('option', { value: '' }, [ShellStrings.filterAll]),
    ...options.map((o) => h('option', { value: o.value }, [o.label])),
  ]);
  return { element: select, term: () => (select.value === '' ? undefined : `${column.name} eq ${select.value}`) };
}

function textControl(column: ColumnMeta, label: string, onChange: () => void): Control {
  const numeric = ['integer', 'decimal', 'money', 'bigint'].includes(column.kind);
  const date = column.kind === 'datetime';
  const input = h('input', {
    type: numeric ? 'number' : date ? 'date' : 'search',
    'aria-label': ShellStrings.filterBy(label),
    placeholder: date ? '' : numeric ? ShellStrings.filterEquals : ShellStrings.filterContains,
    onchange: onChange,
  });
  const term = () => {
    const v = input.value.trim();
    if (!v) return undefined;
    if (numeric) return Number.isFinite(Number(v)) ? `${column.name} eq ${Number(v)}` : undefined;
    if (date) return `${column.name} ge ${v}T00:00:00Z`;
    if (column.kind === 'lookup' && column.lookup)
      return `contains(${column.lookup.navigation}/${column.lookup.primaryName},${encodeURIComponent(odataString(v))})`;
    return `contains(${column.name},${encodeURIComponent(odataString(v))})`;
  };
  return { element: input, term };
}

function controlFor(c: ResolvedColumn, label: string, onChange: () => void): Control | undefined {
  const { column } = c;
  if (c.view.via || column.secured || column.kind === 'primarykey' || column.kind === 'uniqueidentifier')
    return undefined;
  if (['choice', 'state', 'status', 'boolean'].includes(column.kind)) return choiceControl(column, label, onChange);
  return textControl(column, label, onChange);
}

/** One filter cell per column (after the selection column when there is one). */
export function columnFilters(
  columns: readonly ResolvedColumn[],
  labels: readonly string[],
  withSelection: boolean,
  onChange: () => void,
): ColumnFilters {
  const controls = columns.map((c, i) => controlFor(c, labels[i], onChange));
  const row = h('tr', { class: 'filters' }, [
    withSelection ? h('td', { class: 'select' }) : null,
    ...controls.map((c) => h('td', {}, [c?.element ?? null])),
  ]);
  return {
    row,
    terms: () =>
      controls.flatMap((c) => {
        const t = c?.term();
        return t ? [t] : [];
      }),
  };
}
