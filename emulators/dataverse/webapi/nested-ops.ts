/**
 * Requests below a record: a single property (`accounts(<id>)/name`, GET/PUT/DELETE [C]), a
 * navigation property (GET the related record(s), POST a related record into a collection), and
 * `$ref` on a single-valued navigation property (PUT to associate, DELETE to clear [C]).
 */
import { fieldPermission } from '../clients';
import { Errors } from '../errors';
import type { EmuRequest, EmuResponse } from '../http-types';
import { resolveColumn } from '../odata/filter-sql';
import type { KeyRef } from '../odata/keys';
import { parseQueryOptions } from '../odata/query';
import { decodeValue } from '../store/codec';
import { q } from '../store/ddl';
import { isPolymorphic, lookupTypeColumn, type TableMeta } from '../store/model';
import { parseEntityBody, parseJsonObject } from './body';
import type { ApiContext } from './context';
import { createRecord, getRecord } from './entity-ops';
import { findRow, notFound } from './find';
import { retrieveMultiple } from './read';
import { noContent, odataJson } from './responses';
import { updateRow } from './write';

export async function nestedOperation(
  t: TableMeta,
  key: KeyRef,
  rest: string[],
  req: EmuRequest,
  ctx: ApiContext,
): Promise<EmuResponse> {
  const row = findRow(ctx.store, t, key);
  if (!row) throw notFound(t, key);
  const id = String(row[t.pk]);
  const [name, ...more] = rest;

  const single = t.singleNavs.get(name);
  if (single) {
    if (more.length === 1 && more[0] === '$ref') {
      if (req.method === 'DELETE') return setLookup(t, row, single.column.logicalName, null, undefined, ctx);
      if (req.method === 'PUT') {
        const json = parseJsonObject(req.body);
        const body = parseEntityBody(t, { [`${name}@odata.bind`]: json['@odata.id'] ?? null }, 'update', ctx);
        await updateRow(t, row, body, ctx);
        return noContent();
      }
      throw Errors.methodNotAllowed(req.method);
    }
    if (more.length > 0) throw Errors.notImplemented('Paths longer than <record>/<navigation property>');
    if (req.method !== 'GET') throw Errors.methodNotAllowed(req.method);
    const target = ctx.store.model.table(single.target);
    const relatedId = row[single.column.logicalName];
    const typeOk = !isPolymorphic(single.column) || row[lookupTypeColumn(single.column.logicalName)] === target.name;
    if (!relatedId || !typeOk) return noContent();
    return getRecord(target, { kind: 'id', id: String(relatedId) }, req, ctx);
  }

  const coll = t.collectionNavs.get(name);
  if (coll) {
    if (more.length > 0) throw Errors.notImplemented('Paths longer than <record>/<navigation property>');
    const ref = ctx.store.model.table(coll.referencingTable);
    const col = coll.referencingColumn;
    const poly = isPolymorphic(col);
    if (req.method === 'POST') {
      return createRecord(ref, req, ctx, {
        column: col.logicalName,
        id,
        ...(poly ? { typeColumn: lookupTypeColumn(col.logicalName), typeValue: t.name } : {}),
      });
    }
    if (req.method !== 'GET') throw Errors.methodNotAllowed(req.method);
    const extra = {
      sql: `t0.${q(col.logicalName)} = ?${poly ? ` AND t0.${q(lookupTypeColumn(col.logicalName))} = ?` : ''}`,
      params: poly ? [id, t.name] : [id],
    };
    const result = retrieveMultiple(
      ref,
      parseQueryOptions(req.rawQuery),
      req.rawQuery,
      `${t.entitySet}(${id})/${name}`,
      ctx,
      extra,
    );
    return odataJson(200, result.body, result.headers);
  }

  // A single property.
  const c = resolveColumn(t, name);
  if (req.method === 'GET') {
    // Field security holds on every read path: a secured column the caller cannot read is null here
    // too, so its raw `$value` is the empty answer of a null property (204) [I: as for any null value].
    const hidden = c.secured && !fieldPermission(ctx.client, ctx.store.model.catalog, t.name, c.logicalName).canRead;
    if (more.length === 1 && more[0] === '$value') {
      const v = hidden ? null : row[c.logicalName];
      if (v === null || v === undefined) return noContent();
      return {
        status: 200,
        headers: { 'OData-Version': '4.0', 'Content-Type': 'text/plain; charset=utf-8' },
        body: String(decodeValue(c, v)),
      };
    }
    if (more.length > 0) throw Errors.notImplemented('This property path');
    const value = hidden ? null : decodeValue(c, row[c.logicalName] ?? null);
    return odataJson(200, { '@odata.context': `${ctx.env.webApiUrl}/$metadata#${t.entitySet}(${id})/${name}`, value });
  }
  if (c.type === 'lookup') throw Errors.badQuery(`Use ${name.replace(/^_|_value$/g, '')}/$ref to change a lookup.`);
  if (req.method === 'PUT') {
    const json = parseJsonObject(req.body);
    if (!Object.prototype.hasOwnProperty.call(json, 'value'))
      throw Errors.malformedJson('The body of a property PUT must be {"value": ...}.');
    const body = parseEntityBody(t, { [name]: json.value }, 'update', ctx);
    await updateRow(t, row, body, ctx);
    return noContent();
  }
  if (req.method === 'DELETE') {
    const body = parseEntityBody(t, { [name]: null }, 'update', ctx);
    await updateRow(t, row, body, ctx);
    return noContent();
  }
  throw Errors.methodNotAllowed(req.method);
}

async function setLookup(
  t: TableMeta,
  row: Record<string, unknown>,
  column: string,
  value: string | null,
  typeValue: string | undefined,
  ctx: ApiContext,
): Promise<EmuResponse> {
  const c = t.columns.get(column);
  const values: Record<string, string | null> = { [column]: value };
  if (c?.type === 'lookup' && isPolymorphic(c)) values[lookupTypeColumn(column)] = typeValue ?? null;
  await updateRow(t, row as Parameters<typeof updateRow>[1], { values, columns: [column] }, ctx);
  return noContent();
}
