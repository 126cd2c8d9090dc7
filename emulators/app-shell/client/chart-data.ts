/**
 * A system chart's numbers, computed as Dataverse computes an aggregate FetchXML: the chart's rows
 * (its filter), grouped by the category (dates by day, ISO week or month) and the series, each measure
 * counted or summed. The emulator answers no `$apply` and no FetchXML (it says 501), so the page reads
 * the rows through the Web API, in pages, and groups them itself.
 */
import { ShellStrings } from '../strings';
import type { ChartMeta, ColumnMeta, TableMeta } from '../shared/metadata';
import { FORMATTED, WEB_API_BASE, type Row } from './api';
import { columnOf, tableOf, type Shell } from './shell';
import { readName } from './values';

export interface ChartData {
  readonly labels: string[];
  readonly datasets: { readonly label: string; readonly data: number[] }[];
  /** Rows the chart counted. */
  readonly rows: number;
}

/** Rows read per page, and at most, for one chart. */
export const CHART_PAGE_SIZE = 5000;
export const CHART_MAX_ROWS = 50_000;

/** Monday of the ISO week of an instant, as yyyy-mm-dd (UTC). */
export function weekStart(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0 ... Sunday 6
  d.setUTCDate(d.getUTCDate() - day);
  return d.toISOString().slice(0, 10);
}

function groupKey(column: ColumnMeta, row: Row, dateGrouping?: ChartMeta['category']['dateGrouping']): string {
  const value = row[readName(column)];
  if (value === null || value === undefined || value === '') return '';
  if (column.kind === 'datetime') {
    const iso = String(value);
    if (dateGrouping === 'week') return weekStart(iso);
    if (dateGrouping === 'month') return iso.slice(0, 7);
    return iso.slice(0, 10);
  }
  return String(value);
}

function groupLabel(column: ColumnMeta, row: Row, key: string, dateGrouping?: string): string {
  if (!key) return ShellStrings.blank;
  if (column.kind === 'datetime') return dateGrouping === 'week' ? ShellStrings.weekOf(key) : key;
  const formatted = row[`${readName(column)}${FORMATTED}`];
  if (typeof formatted === 'string' && formatted) return formatted;
  if (column.kind === 'choice') return column.options?.find((o) => String(o.value) === key)?.label ?? key;
  return key;
}

async function readRows(shell: Shell, table: TableMeta, chart: ChartMeta, columns: ColumnMeta[]): Promise<Row[]> {
  const select = [...new Set([table.primaryId, ...columns.map(readName)])].join(',');
  let path: string | undefined =
    `${table.entitySetName}?$select=${select}${chart.filter ? `&$filter=${chart.filter}` : ''}`;
  const rows: Row[] = [];
  while (path && rows.length < CHART_MAX_ROWS) {
    const body = await shell.api.get(path, CHART_PAGE_SIZE);
    rows.push(...((body.value ?? []) as Row[]));
    const next = body['@odata.nextLink'];
    // The proxy rewrites nextLink to this origin; the client takes paths below the Web API base.
    path = typeof next === 'string' ? next.slice(next.indexOf(WEB_API_BASE) + WEB_API_BASE.length) : undefined;
  }
  return rows;
}

/** Reads and groups a chart's rows. */
export async function chartData(shell: Shell, chart: ChartMeta): Promise<ChartData> {
  const table = tableOf(shell, chart.table);
  if (!table) throw new Error(ShellStrings.unknownTable(chart.table));
  const column = (name: string) => {
    const c = columnOf(table, name);
    if (!c) throw new Error(`${chart.name}: ${table.displayName} has no column ${name}.`);
    return c;
  };
  const category = column(chart.category.column);
  const series = chart.series ? column(chart.series.column) : undefined;
  const measures = chart.measures.map((m) => ({ ...m, meta: m.aggregate === 'count' ? undefined : column(m.column) }));
  const rows = await readRows(shell, table, chart, [
    category,
    ...(series ? [series] : []),
    ...measures.flatMap((m) => (m.meta ? [m.meta] : [])),
  ]);
  const categories = new Map<string, string>();
  const seriesLabels = new Map<string, string>();
  const sums = new Map<string, number[]>(); // `${category}\u0000${series}` -> one sum per measure
  for (const row of rows) {
    const c = groupKey(category, row, chart.category.dateGrouping);
    categories.set(c, groupLabel(category, row, c, chart.category.dateGrouping));
    const s = series ? groupKey(series, row) : '';
    if (series) seriesLabels.set(s, groupLabel(series, row, s));
    const key = `${c}\u0000${s}`;
    const acc = sums.get(key) ?? measures.map(() => 0);
    measures.forEach((m, i) => {
      const v = m.meta ? row[readName(m.meta)] : undefined;
      if (m.aggregate === 'count') acc[i] += 1;
      else if (m.aggregate === 'countcolumn') acc[i] += v === null || v === undefined ? 0 : 1;
      else acc[i] += typeof v === 'number' ? v : 0;
    });
    sums.set(key, acc);
  }
  const total = (c: string) =>
    [...sums].filter(([k]) => k.startsWith(`${c}\u0000`)).reduce((n, [, v]) => n + (v[0] ?? 0), 0);
  // Dates in time order; anything else biggest first, as a "by product" chart reads best.
  const keys = [...categories.keys()].sort((a, b) =>
    category.kind === 'datetime' ? a.localeCompare(b) : total(b) - total(a) || a.localeCompare(b),
  );
  const value = (c: string, s: string, i: number) => sums.get(`${c}\u0000${s}`)?.[i] ?? 0;
  const datasets = series
    ? [...seriesLabels].map(([s, label]) => ({ label, data: keys.map((c) => value(c, s, 0)) }))
    : measures.map((m, i) => ({ label: m.label, data: keys.map((c) => value(c, '', i)) }));
  return { labels: keys.map((k) => categories.get(k) ?? k), datasets, rows: rows.length };
}
