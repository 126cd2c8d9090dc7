/**
 * Builds the AppMeta the page renders from: tables, columns, labels and choices as the environment's
 * metadata answers them (table-metadata.ts), forms, default views and the site map from solution/ui,
 * command bars from the shipped RibbonDiffXml.
 */
import type { TableDef } from '../../../solution/schema';
import { APP, FORMS, VIEWS, type FilterDef, type FormDef, type ViewDef } from '../../../solution/ui';
import type { AppMeta, FormCellMeta, FormMeta, TableMeta, ViewMeta } from '../shared/metadata';
import { commandBarsOf } from './ribbon-model';

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
  ];
  return [...new Set(tables.map((t) => t.logicalName))];
}

/** FetchXML-style view filters as OData; the operators our views use (statecode, choices, booleans). */
export function odataFilter(filter: FilterDef | undefined, table: TableMeta | undefined): string | undefined {
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
    // `like` and `last-x-days` are not in any view the shell lists; a view using them shows unfiltered.
  }
  for (const f of filter.filters ?? []) {
    const inner = odataFilter(f, table);
    if (inner) parts.push(`(${inner})`);
  }
  return parts.length ? parts.join(` ${filter.type} `) : undefined;
}

type Tables = Readonly<Record<string, TableMeta>>;

function viewMeta(v: ViewDef, tables: Tables): ViewMeta {
  const filter = odataFilter(v.filter, tables[v.table.logicalName]);
  return {
    table: v.table.logicalName,
    name: v.name,
    columns: v.columns.map((c) => c.column),
    orderBy: v.orders.map((o) => ({ column: o.column, descending: o.descending })),
    ...(filter ? { filter } : {}),
  };
}

function defaultView(table: Pick<TableDef, 'logicalName'>, kind: ViewDef['kind'], tables: Tables): ViewMeta {
  const view = VIEWS.find((v) => v.table.logicalName === table.logicalName && v.kind === kind && v.isDefault);
  if (view) return viewMeta(view, tables);
  // Standard tables (account, product) ship no views of ours: their name, newest first.
  const meta = tables[table.logicalName];
  return {
    table: table.logicalName,
    name: meta?.pluralDisplayName ?? table.logicalName,
    columns: meta ? [meta.primaryName] : [],
    orderBy: meta ? [{ column: meta.primaryName, descending: false }] : [],
  };
}

function formMeta(form: FormDef, tables: Tables): FormMeta {
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
  tables: Tables;
  ribbons: Readonly<Record<string, string>>;
  webResources: readonly string[];
  pcfHost: boolean;
}): AppMeta {
  const tables = input.tables;
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
    views: Object.fromEntries([...listed].map((t) => [t.logicalName, defaultView(t, 'public', tables)])),
    commandBars: Object.entries(input.ribbons).flatMap(([table, xml]) => commandBarsOf(table, xml)),
    webResources: input.webResources,
    pcfHost: input.pcfHost,
  };
}
