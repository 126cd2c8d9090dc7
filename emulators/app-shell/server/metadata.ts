/**
 * Builds the AppMeta the page renders from: tables and columns from solution/schema, forms, default
 * views and the site map from solution/ui, command bars from the shipped RibbonDiffXml.
 */
import { ALL_TABLES, Tables, tableByLogicalName, type ColumnDef, type TableDef } from '../../../solution/schema';
import { APP, FORMS, VIEWS, type FilterDef, type FormDef, type ViewColumn, type ViewDef } from '../../../solution/ui';
import type { AppMeta, ColumnMeta, FormCellMeta, FormMeta, TableMeta, ViewMeta } from '../shared/metadata';
import { chartsMeta, dashboardsMeta } from './chart-meta';
import { commandBarsOf } from './ribbon-model';

/** Memo columns holding JSON for programs, shown as a readable summary (the job's parameters and result). */
const JSON_COLUMNS = new Set<string>([Tables.syncJob.col.result, Tables.syncJob.col.parameters]);

/** What a form checks before saving, in the column's own terms (required, length, range, format). */
function validationMeta(c: ColumnDef): Partial<ColumnMeta> {
  const required = c.required === 'required' || c.required === 'systemrequired' ? { required: true } : {};
  switch (c.type) {
    case 'string':
      return { ...required, maxLength: c.maxLength, ...(c.format && c.format !== 'text' ? { format: c.format } : {}) };
    case 'memo':
      return { ...required, maxLength: c.maxLength, ...(JSON_COLUMNS.has(c.logicalName) ? { format: 'json' } : {}) };
    case 'integer':
      return { ...required, min: c.min, max: c.max, precision: 0 };
    case 'decimal':
    case 'money':
      return { ...required, min: c.min, max: c.max, precision: c.precision };
    default:
      return required;
  }
}

function columnMeta(c: ColumnDef): ColumnMeta {
  const base = {
    name: c.logicalName,
    label: c.displayName,
    kind: c.type,
    ...(c.secured ? { secured: true } : {}),
    ...(c.systemManaged ? { system: true } : {}),
    ...validationMeta(c),
  };
  if (c.type === 'choice')
    return { ...base, options: c.choice.options.map((o) => ({ value: o.value, label: o.label })) };
  if (c.type === 'boolean') return { ...base, trueLabel: c.trueLabel, falseLabel: c.falseLabel };
  if (c.type === 'lookup') {
    const target = tableByLogicalName(c.targets[0].table);
    if (!target) return base;
    return {
      ...base,
      lookup: {
        table: target.logicalName,
        entitySetName: target.entitySetName,
        navigation: c.targets[0].navigationProperty,
        primaryId: target.primaryIdAttribute,
        primaryName: target.primaryNameAttribute,
      },
    };
  }
  return base;
}

function tableMeta(t: TableDef): TableMeta {
  return {
    logicalName: t.logicalName,
    entitySetName: t.entitySetName,
    displayName: t.displayName,
    pluralDisplayName: t.pluralDisplayName,
    primaryId: t.primaryIdAttribute,
    primaryName: t.primaryNameAttribute,
    // Write-only columns are never returned by the Web API; the shell does not pretend to show them.
    columns: t.columns.filter((c) => !c.writeOnly).map(columnMeta),
    ...(t.logicalName === Tables.syncJobItem.logicalName
      ? {
          recordReference: {
            typeColumn: Tables.syncJobItem.col.recordType,
            idColumn: Tables.syncJobItem.col.recordId,
            nameColumn: Tables.syncJobItem.col.recordName,
          },
        }
      : {}),
  };
}

/** FetchXML-style view filters as OData; the operators our views use (statecode, choices, booleans, last x days). */
export function odataFilter(filter: FilterDef | undefined, table: TableDef, now = new Date()): string | undefined {
  if (!filter) return undefined;
  const literal = (column: string, value: string | number) => {
    const def = table.columns.find((c) => c.logicalName === column);
    if (def?.type === 'boolean') return Number(value) === 1 ? 'true' : 'false';
    return typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  };
  const name = (column: string) => {
    const def = table.columns.find((c) => c.logicalName === column);
    return def?.type === 'lookup' ? `_${column}_value` : column;
  };
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

function viewColumn(table: TableDef, c: ViewColumn): ViewMeta['columns'][number] {
  if (!c.via) return { name: c.column };
  const lookup = table.columns.find((x) => x.logicalName === c.via);
  if (lookup?.type !== 'lookup') return { name: c.column };
  const target = lookup.targets[0];
  return {
    name: c.column,
    via: { lookup: lookup.logicalName, navigation: target.navigationProperty, table: target.table },
  };
}

function readNameOf(table: TableDef, column: string): string {
  return table.columns.find((c) => c.logicalName === column)?.type === 'lookup' ? `_${column}_value` : column;
}

function viewMeta(v: ViewDef): ViewMeta {
  const filter = odataFilter(v.filter, v.table);
  return {
    key: v.key,
    table: v.table.logicalName,
    name: v.name,
    columns: v.columns.map((c) => viewColumn(v.table, c)),
    // `$orderby` names a lookup by its `_x_value` property, as `$select` and `$filter` do.
    orderBy: v.orders.map((o) => ({ column: readNameOf(v.table, o.column), descending: o.descending })),
    ...(filter ? { filter } : {}),
  };
}

function defaultView(table: TableDef, kind: ViewDef['kind']): ViewMeta {
  const view = VIEWS.find((v) => v.table.logicalName === table.logicalName && v.kind === kind && v.isDefault);
  if (view) return viewMeta(view);
  // Standard tables (account, product) ship no views of ours: their name, newest first.
  return {
    key: '',
    table: table.logicalName,
    name: table.pluralDisplayName,
    columns: [{ name: table.primaryNameAttribute }],
    orderBy: [{ column: table.primaryNameAttribute, descending: false }],
  };
}

/** A table's public views, the default first, as the view switcher lists them. */
function publicViews(table: TableDef): ViewMeta[] {
  const others = VIEWS.filter((v) => v.table.logicalName === table.logicalName && v.kind === 'public' && !v.isDefault);
  return [defaultView(table, 'public'), ...others.map(viewMeta)];
}

function formMeta(form: FormDef): FormMeta {
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
            const column = form.table.columns.find((c) => c.logicalName === cell.column);
            return {
              kind: 'field',
              column: cell.column,
              label: cell.label ?? column?.displayName ?? cell.column,
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
            view: view ? viewMeta(view) : defaultView(cell.table, 'associated'),
            ...(cell.pcf ? { pcf: cell.pcf.constructor } : {}),
          };
        }),
      })),
    })),
  };
}

export function buildAppMeta(input: {
  ribbons: Readonly<Record<string, string>>;
  webResources: readonly string[];
  pcfHost: boolean;
}): AppMeta {
  const tables = Object.fromEntries(ALL_TABLES.map((t) => [t.logicalName, tableMeta(t)]));
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
    forms: Object.fromEntries(FORMS.map((f) => [f.table.logicalName, formMeta(f)])),
    views: Object.fromEntries([...listed].map((t) => [t.logicalName, publicViews(t)])),
    charts: chartsMeta(),
    dashboards: dashboardsMeta(),
    commandBars: Object.entries(input.ribbons).flatMap(([table, xml]) => commandBarsOf(table, xml)),
    webResources: input.webResources,
    pcfHost: input.pcfHost,
  };
}
