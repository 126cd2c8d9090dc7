/**
 * Builds the AppMeta the page renders from: tables, columns, labels and choices as the environment's
 * metadata answers them (table-metadata.ts), forms, views and the site map from solution/ui, system
 * charts and dashboards from solution/ui/charts, command bars from the shipped RibbonDiffXml.
 */
import { Tables as Schema, type TableDef } from '../../../solution/schema';
import {
  APP,
  CHARTS,
  FORMS,
  VIEWS,
  type FilterDef,
  type FormDef,
  type ViewColumn,
  type ViewDef,
} from '../../../solution/ui';
import type { AppMeta, FormCellMeta, FormMeta, TableMeta, ViewMeta } from '../shared/metadata';
import { chartsMeta, dashboardsMeta } from './chart-meta';
import { commandBarsOf } from './ribbon-model';

/** Tables the ribbon web resources read or write without the app showing them. */
export const SCRIPT_TABLES: readonly TableDef[] = [Schema.annotation];

/** Every table the app's site map, forms and views show (the shell asks the environment about these). */
export function appTableNames(): string[] {
  const tables = [
    ...APP.areas.flatMap((a) => a.groups.flatMap((g) => g.subAreas.map((s) => s.table))),
    ...APP.extraTables,
    ...FORMS.map((f) => f.table),
    ...FORMS.flatMap((f) =>
      f.tabs.flatMap((t) => t.sections.flatMap((s) => s.cells.flatMap((c) => (c.kind === 'subgrid' ? [c.table] : [])))),
    ),
    ...VIEWS.map((v) => v.table),
    ...CHARTS.map((c) => c.table),
    ...VIEWS.flatMap((v) => v.columns.flatMap((c) => (c.via ? [lookupTarget(v.table, c.via)] : []))),
    // Written by a ribbon script through Xrm.WebApi, never shown: Import Invoice attaches the file as a
    // note. Dynamics' Xrm.WebApi reaches any table; the shell's knows only the tables it was told about.
    ...SCRIPT_TABLES,
  ];
  return [...new Set(tables.flatMap((t) => (t ? [t.logicalName] : [])))];
}

function lookupTarget(table: TableDef, column: string): Pick<TableDef, 'logicalName'> | undefined {
  const def = table.columns.find((c) => c.logicalName === column);
  return def?.type === 'lookup' ? { logicalName: def.targets[0].table } : undefined;
}

/** FetchXML-style view filters as OData; the operators our views use (statecode, choices, booleans, last x days). */
export function odataFilter(
  filter: FilterDef | undefined,
  table: TableMeta | undefined,
  now = new Date(),
): string | undefined {
  if (!filter) return undefined;
  const kind = (column: string) => table?.columns.find((c) => c.name === column)?.kind;
  const literal = (column: string, value: string | number) => {
    if (kind(column) === 'boolean') return Number(value) === 1 ? 'true' : 'false';
    return typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  };
  const name = (column: string) => (kind(column) === 'lookup' ? `_${column}_value` : column);
  const parts: string[] = [];
  for (const c of filter.conditions ?? []) {
    const col = name(c.attribute);
    if (c.operator === 'eq' || c.operator === 'ne' || c.operator === 'gt' || c.operator === 'lt')
      parts.push(`${col} ${c.operator} ${literal(c.attribute, c.value ?? '')}`);
    else if (c.operator === 'null') parts.push(`${col} eq null`);
    else if (c.operator === 'not-null') parts.push(`${col} ne null`);
    else if (c.operator === 'in')
      parts.push(`(${(c.values ?? []).map((v) => `${col} eq ${literal(c.attribute, v)}`).join(' or ')})`);
    else if (c.operator === 'not-in')
      parts.push(`(${(c.values ?? []).map((v) => `${col} ne ${literal(c.attribute, v)}`).join(' and ')})`);
    else if (c.operator === 'last-x-days')
      // FetchXML counts whole days back from today [I]; from this moment minus N days is close enough here.
      parts.push(`${col} ge ${new Date(now.getTime() - Number(c.value) * 86_400_000).toISOString()}`);
    // `like` is in no view the shell lists (only quick find's `{0}`); a view using it shows unfiltered.
  }
  for (const f of filter.filters ?? []) {
    const inner = odataFilter(f, table, now);
    if (inner) parts.push(`(${inner})`);
  }
  return parts.length ? parts.join(` ${filter.type} `) : undefined;
}

type TableMetas = Readonly<Record<string, TableMeta>>;

/** Memo columns holding JSON for programs, shown as a readable summary (the job's parameters and result). */
const JSON_COLUMNS = new Set<string>([Schema.syncJob.col.result, Schema.syncJob.col.parameters]);

/** The shell's own presentation on top of the environment's metadata: JSON memos, job items' record links. */
function presented(t: TableMeta): TableMeta {
  const columns = t.columns.map((c) =>
    JSON_COLUMNS.has(c.name) && c.kind === 'memo' ? { ...c, format: 'json' as const } : c,
  );
  if (t.logicalName !== Schema.syncJobItem.logicalName) return { ...t, columns };
  const recordReference = {
    typeColumn: Schema.syncJobItem.col.recordType,
    idColumn: Schema.syncJobItem.col.recordId,
    nameColumn: Schema.syncJobItem.col.recordName,
  };
  return { ...t, columns, recordReference };
}

function viewColumn(table: TableMeta | undefined, c: ViewColumn): ViewMeta['columns'][number] {
  if (!c.via) return { name: c.column };
  const lookup = table?.columns.find((x) => x.name === c.via)?.lookup;
  if (!lookup) return { name: c.column };
  return { name: c.column, via: { lookup: c.via, navigation: lookup.navigation, table: lookup.table } };
}

function readNameOf(table: TableMeta | undefined, column: string): string {
  return table?.columns.find((c) => c.name === column)?.kind === 'lookup' ? `_${column}_value` : column;
}

function viewMeta(v: ViewDef, tables: TableMetas): ViewMeta {
  const table = tables[v.table.logicalName];
  const filter = odataFilter(v.filter, table);
  return {
    key: v.key,
    table: v.table.logicalName,
    name: v.name,
    columns: v.columns.map((c) => viewColumn(table, c)),
    // `$orderby` names a lookup by its `_x_value` property, as `$select` and `$filter` do.
    orderBy: v.orders.map((o) => ({ column: readNameOf(table, o.column), descending: o.descending })),
    ...(filter ? { filter } : {}),
  };
}

function defaultView(table: Pick<TableDef, 'logicalName'>, kind: ViewDef['kind'], tables: TableMetas): ViewMeta {
  const view = VIEWS.find((v) => v.table.logicalName === table.logicalName && v.kind === kind && v.isDefault);
  if (view) return viewMeta(view, tables);
  // Standard tables (account, product) ship no views of ours: their name, newest first.
  const meta = tables[table.logicalName];
  return {
    key: '',
    table: table.logicalName,
    name: meta?.pluralDisplayName ?? table.logicalName,
    columns: meta ? [{ name: meta.primaryName }] : [],
    orderBy: meta ? [{ column: meta.primaryName, descending: false }] : [],
  };
}

/** A table's public views, the default first, as the view switcher lists them. */
function publicViews(table: Pick<TableDef, 'logicalName'>, tables: TableMetas): ViewMeta[] {
  const others = VIEWS.filter((v) => v.table.logicalName === table.logicalName && v.kind === 'public' && !v.isDefault);
  return [defaultView(table, 'public', tables), ...others.map((v) => viewMeta(v, tables))];
}

function formMeta(form: FormDef, tables: TableMetas): FormMeta {
  return {
    table: form.table.logicalName,
    name: form.name,
    header: form.header ?? [],
    tabs: form.tabs.map((tab) => ({
      name: tab.name,
      label: tab.label,
      sections: tab.sections.map((s) => ({
        name: s.name,
        label: s.label,
        columns: s.columns ?? 2,
        cells: s.cells.map((cell): FormCellMeta => {
          if (cell.kind === 'field') {
            const column = tables[form.table.logicalName]?.columns.find((c) => c.name === cell.column);
            return {
              kind: 'field',
              column: cell.column,
              label: cell.label ?? column?.label ?? cell.column,
              readOnly: cell.readOnly === true,
            };
          }
          const view = cell.viewKey ? VIEWS.find((v) => v.key === cell.viewKey) : undefined;
          return {
            kind: 'subgrid',
            id: cell.id,
            label: cell.label,
            table: cell.table.logicalName,
            lookupValue: `_${cell.lookup}_value`,
            view: view ? viewMeta(view, tables) : defaultView(cell.table, 'associated', tables),
            ...(cell.pcf ? { pcf: cell.pcf.constructor } : {}),
          };
        }),
      })),
    })),
  };
}

export function buildAppMeta(input: {
  /** The environment's table metadata (readTables), by logical name. */
  tables: TableMetas;
  ribbons: Readonly<Record<string, string>>;
  webResources: readonly string[];
  pcfHost: boolean;
}): AppMeta {
  const tables = Object.fromEntries(Object.entries(input.tables).map(([name, t]) => [name, presented(t)]));
  const listed = new Set([
    ...APP.areas.flatMap((a) => a.groups.flatMap((g) => g.subAreas.map((s) => s.table))),
    ...APP.extraTables,
  ]);
  return {
    title: APP.displayName,
    areas: APP.areas.flatMap((a) =>
      a.groups.map((g) => ({
        title: g.title,
        items: g.subAreas.map((s) => ({ table: s.table.logicalName, title: s.title })),
      })),
    ),
    tables,
    forms: Object.fromEntries(FORMS.map((f) => [f.table.logicalName, formMeta(f, tables)])),
    views: Object.fromEntries([...listed].map((t) => [t.logicalName, publicViews(t, tables)])),
    charts: chartsMeta(tables),
    dashboards: dashboardsMeta(),
    commandBars: Object.entries(input.ribbons).flatMap(([table, xml]) => commandBarsOf(table, xml)),
    webResources: input.webResources,
    pcfHost: input.pcfHost,
  };
}
