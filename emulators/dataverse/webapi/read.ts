/**
 * GET: one record, collections with $filter/$orderby/$top/$count, paging, and $expand.
 * - Page size: Prefer odata.maxpagesize (max 5000), else 5000; more rows -> @odata.nextLink with an
 *   opaque $skiptoken and Preference-Applied echoing the size [C page-results.md].
 * - $top is ignored when odata.maxpagesize is given [C].
 * - $count=true -> @odata.count, capped at 5000 [C count-rows.md].
 * - Choice columns sort by their label, not their number [I: as Dataverse sorts option sets].
 * - No $orderby: primary key order (stable for paging) [I: Dataverse promises no order].
 */
import type { ColumnDef } from '../metadata/types';
import { Errors } from '../errors';
import { fieldPermission } from '../clients';
import { columnSql, resolveColumn, toSql, type FilterContext, type Scope } from '../odata/filter-sql';
import { afterCondition, decodeToken, encodeToken, queryHash } from '../odata/paging';
import type { ExpandItem, OrderBy, QueryOptions } from '../odata/query';
import { entityJson, selectedColumns, type SerializeContext } from '../odata/serialize';
import type { Row, SqlValue } from '../store/codec';
import { q } from '../store/ddl';
import { isPolymorphic, lookupTypeColumn, type TableMeta } from '../store/model';
import type { ApiContext } from './context';
import type { Expr } from '../odata/filter-parser';

export const MAX_PAGE_SIZE = 5000;
export const MAX_COUNT = 5000;

interface OrderExpr {
  sql: string;
  desc: boolean;
}

export function validateSelect(t: TableMeta, select: string[] | undefined): void {
  for (const name of select ?? []) resolveColumn(t, name);
}

/** A schema-defined label as an SQL string literal (schema text, never client input). */
const sqlLabel = (label: string): string => `'${label.replace(/'/g, "''")}'`;

/** Field security for filters and sorting: the caller's read permission on a secured column. */
function readGuard(ctx: ApiContext): (table: string, c: ColumnDef) => boolean {
  return (table, c) => fieldPermission(ctx.client, ctx.store.model.catalog, table, c.logicalName).canRead;
}

function orderExpressions(t: TableMeta, alias: string, orderby: OrderBy[] | undefined, ctx: ApiContext): OrderExpr[] {
  const out: OrderExpr[] = [];
  for (const o of orderby ?? []) {
    const c: ColumnDef = resolveColumn(t, o.name);
    // A column the caller cannot read sorts as NULL: the order of rows says nothing of its values.
    const col = columnSql({ table: t, alias }, c, { canRead: readGuard(ctx) });
    let labels: { value: number; label: string }[] = [];
    if (c.type === 'choice') labels = [...c.choice.options];
    else if (c.type === 'state') labels = t.states.map((s) => ({ value: s.value, label: s.label }));
    else if (c.type === 'status') labels = t.states.flatMap((s) => s.statuses);
    if (labels.length > 0) {
      const cases = labels.map((l) => `WHEN ${Math.trunc(l.value)} THEN ${sqlLabel(l.label)}`);
      out.push({ sql: `(CASE ${col} ${cases.join(' ')} ELSE NULL END)`, desc: o.desc });
    } else {
      out.push({ sql: col, desc: o.desc });
    }
  }
  out.push({ sql: `${alias}.${q(t.pk)}`, desc: false });
  return out;
}

function filterContext(ctx: ApiContext, params: SqlValue[]): FilterContext {
  let n = 0;
  return {
    model: ctx.store.model,
    params,
    userId: ctx.client.userId,
    vars: new Map(),
    nextAlias: () => `x${(n += 1)}`,
    canRead: readGuard(ctx),
  };
}

interface FetchOptions {
  filter?: Expr;
  orderby?: OrderBy[];
  limit: number;
  after?: SqlValue[];
  /** Extra condition and its parameters (e.g. the parent lookup of a collection navigation). */
  extra?: { sql: string; params: SqlValue[] };
}

/** Rows plus their ORDER BY values (for the next page's token). */
function fetchRows(t: TableMeta, o: FetchOptions, ctx: ApiContext): { rows: Row[]; orderValues: SqlValue[][] } {
  const scope: Scope = { table: t, alias: 't0' };
  const order = orderExpressions(t, 't0', o.orderby, ctx);
  const whereParams: SqlValue[] = [];
  const conds: string[] = [];
  if (o.extra) {
    conds.push(o.extra.sql);
    whereParams.push(...o.extra.params);
  }
  if (o.filter) conds.push(`(${toSql(o.filter, scope, filterContext(ctx, whereParams))})`);
  if (o.after) conds.push(afterCondition(order, o.after, whereParams));
  const select = order.map((e, i) => `${e.sql} AS "__o${i}"`).join(', ');
  const sql = `SELECT t0.*, ${select} FROM ${q(t.name)} t0${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''} ORDER BY ${order
    .map((e, i) => `"__o${i}"${e.desc ? ' DESC' : ''}`)
    .join(', ')} LIMIT ?`;
  const rows = ctx.store.all(sql, [...whereParams, o.limit]);
  const orderValues = rows.map((r) => order.map((_, i) => r[`__o${i}`] ?? null));
  for (const r of rows) for (let i = 0; i < order.length; i += 1) delete r[`__o${i}`];
  return { rows, orderValues };
}

function serializeContext(ctx: ApiContext): SerializeContext {
  return { store: ctx.store, client: ctx.client, annotations: ctx.prefer.includeAnnotations, names: new Map() };
}

/** Adds `$expand`ed navigation properties to serialized records (mutates `out`). */
export function expandInto(
  t: TableMeta,
  rows: Row[],
  out: Record<string, unknown>[],
  items: ExpandItem[],
  ctx: ApiContext,
): void {
  const sctx = serializeContext(ctx);
  for (const item of items) {
    const single = t.singleNavs.get(item.nav);
    const coll = single ? undefined : t.collectionNavs.get(item.nav);
    if (!single && !coll) throw Errors.unknownQueryProperty(item.nav, t.name);
    if (single) {
      const target = ctx.store.model.table(single.target);
      validateSelect(target, item.select);
      const cols = selectedColumns(target, item.select);
      rows.forEach((row, i) => {
        const id = row[single.column.logicalName];
        const typeOk =
          !isPolymorphic(single.column) || row[lookupTypeColumn(single.column.logicalName)] === target.name;
        const related = id && typeOk ? ctx.store.getById(target, String(id)) : undefined;
        if (!related) {
          out[i][item.nav] = null;
          return;
        }
        const json = entityJson(target, related, cols, sctx);
        if (item.expand) expandInto(target, [related], [json], item.expand, ctx);
        out[i][item.nav] = json;
      });
      continue;
    }
    const ref = ctx.store.model.table(coll!.referencingTable);
    validateSelect(ref, item.select);
    const cols = selectedColumns(ref, item.select);
    const limit = Math.min(item.top ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    rows.forEach((row, i) => {
      const extraParams: SqlValue[] = [String(row[t.pk])];
      let extraSql = `t0.${q(coll!.referencingColumn.logicalName)} = ?`;
      if (isPolymorphic(coll!.referencingColumn)) {
        extraSql += ` AND t0.${q(lookupTypeColumn(coll!.referencingColumn.logicalName))} = ?`;
        extraParams.push(t.name);
      }
      const { rows: related } = fetchRows(
        ref,
        { filter: item.filter, orderby: item.orderby, limit: limit + 1, extra: { sql: extraSql, params: extraParams } },
        ctx,
      );
      const page = related.slice(0, limit);
      const json = page.map((r) => entityJson(ref, r, cols, sctx));
      if (item.expand) expandInto(ref, page, json, item.expand, ctx);
      out[i][item.nav] = json;
      if (related.length > limit && item.top === undefined) {
        out[i][`${item.nav}@odata.nextLink`] = `${ctx.env.webApiUrl}/${t.entitySet}(${String(row[t.pk])})/${item.nav}`;
      }
    });
  }
}

export function contextUrl(
  ctx: ApiContext,
  t: TableMeta,
  select: string[] | undefined,
  expand: ExpandItem[] | undefined,
  entity: boolean,
): string {
  const parts = [...(select ?? []), ...(expand ?? []).map((e) => `${e.nav}(${(e.select ?? []).join(',')})`)];
  return `${ctx.env.webApiUrl}/$metadata#${t.entitySet}${parts.length ? `(${parts.join(',')})` : ''}${entity ? '/$entity' : ''}`;
}

/** One record as JSON (with $select/$expand applied). */
export function recordJson(
  t: TableMeta,
  row: Row,
  opts: Pick<QueryOptions, 'select' | 'expand'>,
  ctx: ApiContext,
): Record<string, unknown> {
  validateSelect(t, opts.select);
  const json = entityJson(t, row, selectedColumns(t, opts.select), serializeContext(ctx));
  if (opts.expand) expandInto(t, [row], [json], opts.expand, ctx);
  return { '@odata.context': contextUrl(ctx, t, opts.select, opts.expand, true), ...json };
}

export interface CollectionResult {
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** A collection GET; `extra` restricts it (a collection navigation of one parent). */
export function retrieveMultiple(
  t: TableMeta,
  opts: QueryOptions,
  rawQuery: string,
  basePath: string,
  ctx: ApiContext,
  extra?: { sql: string; params: SqlValue[] },
): CollectionResult {
  validateSelect(t, opts.select);
  const headers: Record<string, string> = {};
  const preferred = ctx.prefer.maxPageSize;
  const pageSize = Math.max(1, Math.min(preferred ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE));
  const applied: string[] = [];
  if (preferred !== undefined) applied.push(`odata.maxpagesize=${pageSize}`);
  if (ctx.prefer.includeAnnotations) applied.push(`odata.include-annotations="${ctx.prefer.includeAnnotations}"`);
  if (applied.length) headers['Preference-Applied'] = applied.join(',');
  // [C] $top is ignored when odata.maxpagesize is set.
  const top = preferred === undefined ? opts.top : undefined;
  const limit = top !== undefined ? Math.min(top, MAX_PAGE_SIZE) : pageSize;
  const hash = queryHash([t.name, basePath, opts.filterText ?? '', opts.orderby ?? [], pageSize]);
  const after = opts.skiptoken ? decodeToken(opts.skiptoken, hash).last : undefined;
  const { rows, orderValues } = fetchRows(
    t,
    { filter: opts.filter, orderby: opts.orderby, limit: limit + 1, after, extra },
    ctx,
  );
  const page = rows.slice(0, limit);
  const sctx = serializeContext(ctx);
  const cols = selectedColumns(t, opts.select);
  const value = page.map((r) => entityJson(t, r, cols, sctx));
  if (opts.expand) expandInto(t, page, value, opts.expand, ctx);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx, t, opts.select, opts.expand, false) };
  if (opts.count) body['@odata.count'] = countRows(t, opts.filter, ctx, extra);
  body.value = value;
  if (rows.length > limit && top === undefined) {
    const token = encodeToken({ last: orderValues[limit - 1], h: hash });
    const kept = rawQuery
      .split('&')
      .filter((p) => p && !decodeURIComponent(p.split('=')[0]).startsWith('$skiptoken'))
      .join('&');
    body['@odata.nextLink'] =
      `${ctx.env.webApiUrl}/${basePath}?${kept ? `${kept}&` : ''}$skiptoken=${encodeURIComponent(token)}`;
  }
  return { body, headers };
}

export function countRows(
  t: TableMeta,
  filter: Expr | undefined,
  ctx: ApiContext,
  extra?: { sql: string; params: SqlValue[] },
): number {
  const params: SqlValue[] = [];
  const conds: string[] = [];
  if (extra) {
    conds.push(extra.sql);
    params.push(...extra.params);
  }
  if (filter) conds.push(`(${toSql(filter, { table: t, alias: 't0' }, filterContext(ctx, params))})`);
  const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${q(t.name)} t0${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''} LIMIT ${MAX_COUNT + 1})`;
  return Math.min(Number(ctx.store.get(sql, params)?.n ?? 0), MAX_COUNT);
}
