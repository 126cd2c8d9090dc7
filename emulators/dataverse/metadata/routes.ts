/**
 * The metadata entity sets of the Web API [C] (query-metadata-web-api.md): `EntityDefinitions` by
 * MetadataId or `(LogicalName='…')`, with `Attributes`, `Keys`, `ManyToOneRelationships` and
 * `OneToManyRelationships` (as navigation paths or `$expand`), attribute casts such as
 * `/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$expand=OptionSet,GlobalOptionSet`, and
 * `GlobalOptionSetDefinitions(Name='…')`. Read only: creating or changing metadata through the Web API
 * is answered 501, since metadata comes with a solution import here.
 */
import { Errors } from '../errors';
import type { EmuRequest, EmuResponse } from '../http-types';
import type { CompareOp, Expr } from '../odata/filter-parser';
import { parseQueryOptions, type ExpandItem } from '../odata/query';
import type { ApiContext } from '../webapi/context';
import { odataJson } from '../webapi/responses';
import { splitSegment } from '../webapi/urls';
import {
  attributeJson,
  attributeMetadataType,
  choiceJson,
  entityJson,
  keyJson,
  metadataId,
  optionSetOf,
  relationshipJson,
  type Json,
} from './definitions';
import type { Catalog, ColumnDef, TableDef } from './types';

export const METADATA_SETS = new Set(['EntityDefinitions', 'GlobalOptionSetDefinitions']);
const CAST = 'Microsoft.Dynamics.CRM.';

/** `LogicalName='account'` or a MetadataId. */
function keyed<T>(
  key: string,
  items: readonly T[],
  name: (t: T) => string,
  id: (t: T) => string,
  prop: string,
): T | undefined {
  const m = new RegExp(`^${prop}='([^']*)'$`).exec(key.trim());
  const wanted = m ? m[1].toLowerCase() : key.trim().toLowerCase();
  return items.find((t) => (m ? name(t).toLowerCase() === wanted : id(t) === wanted));
}

function value(obj: Json, path: string[]): unknown {
  let v: unknown = obj;
  for (const p of path) v = v && typeof v === 'object' ? (v as Json)[p] : undefined;
  return v;
}

const COMPARE: Record<CompareOp, (a: never, b: never) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
};

/** A `$filter` over metadata objects: comparisons of properties with literals, and/or/not. */
function matches(e: Expr, obj: Json): boolean {
  const operand = (x: Expr): unknown => {
    if (x.kind === 'literal') return x.value;
    if (x.kind === 'member') return value(obj, x.path);
    return matches(x, obj);
  };
  switch (e.kind) {
    case 'logical':
      return e.op === 'and'
        ? matches(e.left, obj) && matches(e.right, obj)
        : matches(e.left, obj) || matches(e.right, obj);
    case 'not':
      return !matches(e.operand, obj);
    case 'compare':
      return COMPARE[e.op](operand(e.left) as never, operand(e.right) as never);
    case 'member':
      return value(obj, e.path) === true;
    default:
      throw Errors.notImplemented('This $filter on metadata (comparisons, and, or, not are)');
  }
}

/** `$select` of metadata: the type, the MetadataId, the selected properties and the expanded ones. */
function project(obj: Json, select: string[] | undefined, expand: ExpandItem[] = []): Json {
  if (!select) return obj;
  const out: Json = {};
  if (obj['@odata.type'] !== undefined) out['@odata.type'] = obj['@odata.type'];
  for (const k of ['MetadataId', ...select, ...expand.map((e) => e.nav)]) if (k in obj) out[k] = obj[k];
  return out;
}

function collection(items: Json[], o: { select?: string[]; filter?: Expr; expand?: ExpandItem[] }): Json[] {
  return items.filter((x) => !o.filter || matches(o.filter, x)).map((x) => project(x, o.select, o.expand));
}

function attributeWithExpand(t: TableDef, c: ColumnDef, catalog: Catalog, expand: ExpandItem[] | undefined): Json {
  const json = attributeJson(t, c, catalog);
  for (const e of expand ?? []) {
    if (e.nav !== 'OptionSet' && e.nav !== 'GlobalOptionSet')
      throw Errors.unknownQueryProperty(e.nav, 'AttributeMetadata');
    const set =
      e.nav === 'GlobalOptionSet'
        ? c.type === 'choice' && c.choice.isGlobal
          ? choiceJson(c.choice, catalog)
          : null
        : optionSetOf(t, c, catalog);
    json[e.nav] = set ? project(set, e.select) : null;
  }
  return json;
}

const navItems: Record<string, (t: TableDef, catalog: Catalog) => Json[]> = {
  Keys: (t, catalog) => t.keys.map((k) => keyJson(t, k, catalog)),
  ManyToOneRelationships: (t, catalog) =>
    catalog.relationships.filter((r) => r.referencingTable === t.logicalName).map(relationshipJson),
  OneToManyRelationships: (t, catalog) =>
    catalog.relationships.filter((r) => r.referencedTable === t.logicalName).map(relationshipJson),
};

function entityWithExpand(
  t: TableDef,
  catalog: Catalog,
  select: string[] | undefined,
  expand: ExpandItem[] | undefined,
): Json {
  const json = project(entityJson(t, catalog), select);
  for (const e of expand ?? []) {
    if (e.nav === 'Attributes')
      json.Attributes = collection(
        t.columns.map((c) => attributeJson(t, c, catalog)),
        e,
      );
    else if (navItems[e.nav]) json[e.nav] = collection(navItems[e.nav](t, catalog), e);
    else throw Errors.unknownQueryProperty(e.nav, 'EntityMetadata');
  }
  return json;
}

/** `Attributes`, `Attributes(LogicalName='x')`, each optionally followed by a cast segment. */
function attributes(
  t: TableDef,
  rest: string[],
  o: ReturnType<typeof parseQueryOptions>,
  ctx: ApiContext,
): EmuResponse {
  const catalog = ctx.store.model.catalog;
  const { key } = splitSegment(rest[0]);
  const cast = rest[1]?.startsWith(CAST) ? rest[1].slice(CAST.length) : undefined;
  if (rest.length > (cast ? 2 : 1)) throw Errors.unknownSegment(rest[rest.length - 1]);
  const base = `${ctx.env.webApiUrl}/$metadata#EntityDefinitions(${metadataId('entity', t.logicalName)})/Attributes`;
  const ofType = (c: ColumnDef) => !cast || attributeMetadataType(c) === cast;
  if (key !== undefined) {
    const c = keyed(
      key,
      t.columns,
      (x) => x.logicalName,
      (x) => metadataId('attribute', `${t.logicalName}.${x.logicalName}`),
      'LogicalName',
    );
    if (!c || !ofType(c))
      throw Errors.badQuery(
        `Could not find attribute ${key} on entity ${t.logicalName}${cast ? ` of type ${cast}` : ''}.`,
      );
    return odataJson(200, {
      '@odata.context': `${base}${cast ? `/${CAST}${cast}` : ''}/$entity`,
      ...project(attributeWithExpand(t, c, catalog, o.expand), o.select, o.expand),
    });
  }
  const items = t.columns.filter(ofType).map((c) => attributeWithExpand(t, c, catalog, o.expand));
  return odataJson(200, { '@odata.context': `${base}${cast ? `/${CAST}${cast}` : ''}`, value: collection(items, o) });
}

function entityDefinitions(segments: string[], req: EmuRequest, ctx: ApiContext): EmuResponse {
  const catalog = ctx.store.model.catalog;
  const o = parseQueryOptions(req.rawQuery);
  const { key } = splitSegment(segments[0]);
  const context = `${ctx.env.webApiUrl}/$metadata#EntityDefinitions`;
  if (key === undefined) {
    if (segments.length > 1) throw Errors.unknownSegment(segments[1]);
    const items = catalog.tables.map((t) => entityWithExpand(t, catalog, undefined, o.expand));
    return odataJson(200, { '@odata.context': context, value: collection(items, o) });
  }
  const t = keyed(
    key,
    catalog.tables,
    (x) => x.logicalName,
    (x) => metadataId('entity', x.logicalName),
    'LogicalName',
  );
  // [C] Dataverse's answer for a logical name it does not know.
  if (!t) throw Errors.notFound(`Could not find entity with key ${key}.`);
  if (segments.length === 1)
    return odataJson(200, {
      '@odata.context': `${context}/$entity`,
      ...entityWithExpand(t, catalog, o.select, o.expand),
    });
  const { name } = splitSegment(segments[1]);
  if (name === 'Attributes') return attributes(t, segments.slice(1), o, ctx);
  if (!navItems[name] || segments.length > 2) throw Errors.unknownSegment(segments[1]);
  return odataJson(200, {
    '@odata.context': `${context}(${metadataId('entity', t.logicalName)})/${name}`,
    value: collection(navItems[name](t, catalog), o),
  });
}

function globalOptionSets(segments: string[], req: EmuRequest, ctx: ApiContext): EmuResponse {
  const catalog = ctx.store.model.catalog;
  const o = parseQueryOptions(req.rawQuery);
  const { key } = splitSegment(segments[0]);
  const context = `${ctx.env.webApiUrl}/$metadata#GlobalOptionSetDefinitions`;
  const sets: Json[] = catalog.optionSets.map((s) => ({
    '@odata.type': '#Microsoft.Dynamics.CRM.OptionSetMetadata',
    ...choiceJson(s, catalog),
  }));
  if (key === undefined) return odataJson(200, { '@odata.context': context, value: collection(sets, o) });
  const set = keyed(
    key,
    sets,
    (s) => String(s.Name),
    (s) => String(s.MetadataId),
    'Name',
  );
  if (!set) throw Errors.notFound(`Could not find optionset with key ${key}.`);
  return odataJson(200, { '@odata.context': `${context}/$entity`, ...project(set, o.select) });
}

export function metadataOperation(segments: string[], req: EmuRequest, ctx: ApiContext): EmuResponse {
  if (req.method !== 'GET')
    throw Errors.notImplemented(`${req.method} on metadata (metadata comes with a solution import)`);
  return splitSegment(segments[0]).name === 'EntityDefinitions'
    ? entityDefinitions(segments, req, ctx)
    : globalOptionSets(segments, req, ctx);
}
