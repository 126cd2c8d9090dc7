/**
 * Views (`<SavedQueries><savedqueries><savedquery>`) with their FetchXML and LayoutXML, written as the
 * UpsertSample export writes its seven system views: `returnedtypecode` and the grid's `object` are
 * the table's object type code, the quick find view carries an `isquickfindfields` filter on `{0}`,
 * associated and lookup views name their grid row after the table.
 */
import { tableByLogicalName } from '../schema';
import type { ConditionDef, FilterDef, ViewColumn, ViewDef, ViewKind } from '../ui';
import { componentIds } from './ids';
import { descriptions, localizedNames } from './labels';
import type { ManagedPolicy } from './managed';
import { el, leaf, type Child, type XmlElement } from './xml';

export interface ViewContext {
  readonly version: string;
  readonly policy: ManagedPolicy;
  /** Object type code of each custom table (see ids.ts). */
}

const QUERY_TYPES: Readonly<Record<ViewKind, number>> = {
  public: 0,
  advancedFind: 1,
  associated: 2,
  quickFind: 4,
  lookup: 64,
};

function conditionXml(c: ConditionDef): XmlElement {
  const values = c.values ?? [];
  return el(
    'condition',
    { attribute: c.attribute, operator: c.operator, value: c.value },
    values.map((v) => leaf('value', v)),
  );
}

export function filterXml(f: FilterDef, quickFind = false): XmlElement {
  return el('filter', { type: f.type, isquickfindfields: quickFind ? 1 : undefined }, [
    ...(f.conditions ?? []).map(conditionXml),
    ...(f.filters ?? []).map((x) => filterXml(x)),
  ]);
}

/** The alias of a related table's link-entity, and so the prefix of its layout cells (`alias.column`). */
export const linkAlias = (lookup: string): string => `${lookup}_link`;

const cellName = (c: ViewColumn): string => (c.via ? `${linkAlias(c.via)}.${c.column}` : c.column);

/**
 * Columns read through a lookup: one outer link-entity per lookup, as the view designer writes them
 * (`visible="false"`, `link-type="outer"`) [C] (FetchXML link-entity reference).
 */
function linkEntities(view: ViewDef): XmlElement[] {
  const lookups = [...new Set(view.columns.flatMap((c) => (c.via ? [c.via] : [])))];
  return lookups.map((lookup) => {
    const column = view.table.columns.find((c) => c.logicalName === lookup);
    const target = column?.type === 'lookup' ? tableByLogicalName(column.targets[0].table) : undefined;
    if (!target) throw new Error(`View '${view.key}': '${lookup}' is not a lookup (uiProblems should have caught it).`);
    return el(
      'link-entity',
      {
        name: target.logicalName,
        from: target.primaryIdAttribute,
        to: lookup,
        visible: 'false',
        'link-type': 'outer',
        alias: linkAlias(lookup),
      },
      view.columns.filter((c) => c.via === lookup).map((c) => el('attribute', { name: c.column })),
    );
  });
}

export function fetchXml(view: ViewDef): XmlElement {
  const table = view.table;
  const attributes = [table.primaryIdAttribute, ...view.columns.filter((c) => !c.via).map((c) => c.column)];
  const unique = [...new Set(attributes)];
  const children: Child[] = [
    ...unique.map((name) => el('attribute', { name })),
    ...view.orders.map((o) => el('order', { attribute: o.column, descending: o.descending ? 'true' : 'false' })),
    view.filter && filterXml(view.filter),
    view.kind === 'quickFind' &&
      filterXml(
        {
          type: 'or',
          conditions: (view.findColumns ?? [table.primaryNameAttribute]).map((attribute) => ({
            attribute,
            operator: 'like',
            value: '{0}',
          })),
        },
        true,
      ),
    ...linkEntities(view),
  ];
  return el('fetch', { version: '1.0', 'output-format': 'xml-platform', mapping: 'logical' }, [
    el('entity', { name: table.logicalName }, children),
  ]);
}

function layoutXml(view: ViewDef): XmlElement {
  const table = view.table;
  // Associated and lookup views name their grid row after the table [C] (UpsertSample).
  const subgridStyle = view.kind === 'associated' || view.kind === 'lookup';
  return el(
    'grid',
    {
      name: subgridStyle ? '' : 'resultset',
      jump: table.primaryNameAttribute,
      select: 1,
      icon: 1,
      preview: view.kind === 'lookup' ? 0 : 1,
    },
    [
      el(
        'row',
        { name: subgridStyle ? table.logicalName : 'result', id: table.primaryIdAttribute },
        // A related table's column cannot be sorted in the grid [I] (the designer writes disableSorting="1").
        view.columns.map((c) =>
          el('cell', { name: cellName(c), width: c.widthInPx, disableSorting: c.via ? 1 : undefined }),
        ),
      ),
    ],
  );
}

export function savedQueryXml(view: ViewDef, ctx: ViewContext): XmlElement {
  // The platform's system views (quick find, advanced find, associated, lookup) cannot be deleted in any
  // solution; ours follow the managed policy.
  const system = view.kind !== 'public';
  return el('savedquery', {}, [
    leaf('IsCustomizable', ctx.policy.viewCustomizable),
    leaf('CanBeDeleted', system ? false : ctx.policy.viewCanBeDeleted),
    leaf('isquickfindquery', view.kind === 'quickFind'),
    leaf('isprivate', false),
    leaf('isdefault', view.isDefault),
    leaf('savedqueryid', componentIds.view(view.key)),
    el('layoutxml', {}, [layoutXml(view)]),
    leaf('querytype', QUERY_TYPES[view.kind]),
    el('fetchxml', {}, [fetchXml(view)]),
    leaf('IntroducedVersion', ctx.version),
    localizedNames(view.name),
    view.description !== undefined && descriptions(view.description),
  ]);
}

export function savedQueriesXml(views: readonly ViewDef[], ctx: ViewContext): XmlElement | undefined {
  if (views.length === 0) return undefined;
  return el('SavedQueries', {}, [
    el(
      'savedqueries',
      {},
      views.map((v) => savedQueryXml(v, ctx)),
    ),
  ]);
}
