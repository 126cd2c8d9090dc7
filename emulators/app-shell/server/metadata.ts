/**
 * Builds the AppMeta the page renders from: tables and columns from solution/schema, forms, default
 * views and the site map from solution/ui, command bars from the shipped RibbonDiffXml.
 */
import { ALL_TABLES, tableByLogicalName, type ColumnDef, type TableDef } from '../../../solution/schema';
import { APP, FORMS, VIEWS, type FilterDef, type FormDef, type ViewDef } from '../../../solution/ui';
import type { AppMeta, ColumnMeta, FormCellMeta, FormMeta, TableMeta, ViewMeta } from '../shared/metadata';
import { commandBarsOf } from './ribbon-model';

function columnMeta(c: ColumnDef): ColumnMeta {
  const base = {
    name: c.logicalName,
    label: c.displayName,
    kind: c.type,
    ...(c.secured ? { secured: true } : {}),
    ...(c.systemManaged ? { system: true } : {}),
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
  };
}

/** FetchXML-style view filters as OData; the operators our views use (statecode, choices, booleans). */
export function odataFilter(filter: FilterDef | undefined, table: TableDef): string | undefined {
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
    // `like` and `last-x-days` are not in any view the shell lists; a view using them shows unfiltered.
  }
  for (const f of filter.filters ?? []) {
    const inner = odataFilter(f, table);
    if (inner) parts.push(`(${inner})`);
  }
  return parts.length ? parts.join(` ${filter.type} `) : undefined;
}

function viewMeta(v: ViewDef): ViewMeta {
  const filter = odataFilter(v.filter, v.table);
  return {
    table: v.table.logicalName,
    name: v.name,
    columns: v.columns.map((c) => c.column),
    orderBy: v.orders.map((o) => ({ column: o.column, descending: o.descending })),
    ...(filter ? { filter } : {}),
  };
}

function defaultView(table: TableDef, kind: ViewDef['kind']): ViewMeta {
  const view = VIEWS.find((v) => v.table.logicalName === table.logicalName && v.kind === kind && v.isDefault);
  if (view) return viewMeta(view);
  // Standard tables (account, product) ship no views of ours: their name, newest first.
  return {
    table: table.logicalName,
    name: table.pluralDisplayName,
    columns: [table.primaryNameAttribute],
    orderBy: [{ column: table.primaryNameAttribute, descending: false }],
  };
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
    views: Object.fromEntries([...listed].map((t) => [t.logicalName, defaultView(t, 'public')])),
    commandBars: Object.entries(input.ribbons).flatMap(([table, xml]) => commandBarsOf(table, xml)),
    webResources: input.webResources,
    pcfHost: input.pcfHost,
  };
}
