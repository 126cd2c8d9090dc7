/**
 * Operations on one addressed record: GET, PATCH (update or upsert), DELETE.
 * [C] use-upsert-insert-update-record.md / perform-conditional-operations-using-web-api.md:
 * - PATCH without conditions is an upsert: 204 either way (201 created / 200 updated with
 *   return=representation).
 * - If-Match: * -> update only (404 when missing); If-None-Match: * -> create only (412 when present);
 *   If-Match: W/"n" -> 412 when the row's version differs.
 * - Upsert through an alternate key: on update the key values in the body are ignored; on create the
 *   body's key values win and the URL's are copied in when absent.
 * - Conditional GET: If-None-Match with the current ETag -> 304, except with $expand or
 *   include-annotations, and only on tables with optimistic concurrency.
 */
import { Errors } from '../errors';
import type { EmuRequest, EmuResponse } from '../http-types';
import type { KeyRef } from '../odata/keys';
import { parseQueryOptions } from '../odata/query';
import { etagOf } from '../odata/serialize';
import type { TableMeta } from '../store/model';
import { parseEntityBody, parseJsonObject } from './body';
import type { ApiContext } from './context';
import { findRow, notFound } from './find';
import { recordJson } from './read';
import { noContent, odataJson, writeResponse } from './responses';
import { createRow, deleteRow, updateRow } from './write';

export function getRecord(t: TableMeta, key: KeyRef, req: EmuRequest, ctx: ApiContext): EmuResponse {
  const opts = parseQueryOptions(req.rawQuery);
  const row = findRow(ctx.store, t, key);
  if (!row) throw notFound(t, key);
  const ifNoneMatch = req.headers['if-none-match'];
  if (
    ifNoneMatch &&
    ifNoneMatch !== 'null' &&
    t.def.optimisticConcurrency &&
    !opts.expand &&
    !ctx.prefer.includeAnnotations
  ) {
    if (ifNoneMatch.split(',').some((e) => e.trim() === etagOf(row) || e.trim() === '*')) {
      return { status: 304, headers: { 'OData-Version': '4.0', ETag: etagOf(row) } };
    }
  }
  const headers: Record<string, string> = { ETag: etagOf(row) };
  if (ctx.prefer.includeAnnotations)
    headers['Preference-Applied'] = `odata.include-annotations="${ctx.prefer.includeAnnotations}"`;
  return odataJson(200, recordJson(t, row, opts, ctx), headers);
}

function ifMatchMismatch(ifMatch: string | undefined, etag: string): boolean {
  if (!ifMatch || ifMatch === '*') return false;
  return !ifMatch.split(',').some((e) => e.trim() === etag);
}

export async function patchRecord(t: TableMeta, key: KeyRef, req: EmuRequest, ctx: ApiContext): Promise<EmuResponse> {
  const opts = parseQueryOptions(req.rawQuery);
  const json = parseJsonObject(req.body);
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  const existing = findRow(ctx.store, t, key);
  if (existing) {
    if (ifNoneMatch === '*') throw Errors.alreadyExists();
    if (ifMatchMismatch(ifMatch, etagOf(existing))) throw Errors.versionMismatch();
    const body = parseEntityBody(t, json, 'update', ctx);
    if (key.kind === 'key') {
      // [C] the key cannot be changed by upserting through it: key values in the body are dropped.
      for (const c of key.key.columns) {
        delete body.values[c];
        body.columns = body.columns.filter((x) => x !== c);
      }
    }
    const row = await updateRow(t, existing, body, ctx);
    // [C] $expand is ignored on update with return=representation.
    return writeResponse(ctx, t, row, false, () => recordJson(t, row, { select: opts.select }, ctx));
  }
  if (ifMatch) throw notFound(t, key);
  const body = parseEntityBody(t, json, 'create', ctx);
  if (key.kind === 'id') {
    if (body.values[t.pk] !== undefined && body.values[t.pk] !== key.id) {
      throw Errors.badQuery(`The primary key '${t.pk}' in the body does not match the record addressed by the URL.`);
    }
    body.values[t.pk] = key.id;
  } else {
    for (const [col, v] of Object.entries(key.values)) {
      if (body.values[col] !== undefined) continue;
      const c = t.columns.get(col);
      if (c?.type === 'lookup') {
        // A lookup taken from the URL key must point at an existing row, as a bind must.
        const target = ctx.store.model.table(c.targets[0].table);
        if (!ctx.store.getById(target, String(v))) throw Errors.notFoundById(target.name, String(v));
      }
      body.values[col] = v;
      body.columns.push(col);
    }
  }
  const row = await createRow(t, body, ctx);
  return writeResponse(ctx, t, row, true, () => recordJson(t, row, { select: opts.select }, ctx));
}

export async function deleteRecord(t: TableMeta, key: KeyRef, req: EmuRequest, ctx: ApiContext): Promise<EmuResponse> {
  const row = findRow(ctx.store, t, key);
  if (!row) throw notFound(t, key);
  if (ifMatchMismatch(req.headers['if-match'], etagOf(row))) throw Errors.versionMismatch();
  await deleteRow(t, row, ctx);
  return noContent();
}

/** POST to an entity set: create [C create-entity-web-api.md]. */
export async function createRecord(
  t: TableMeta,
  req: EmuRequest,
  ctx: ApiContext,
  parentBind?: { column: string; id: string; typeColumn?: string; typeValue?: string },
): Promise<EmuResponse> {
  const opts = parseQueryOptions(req.rawQuery);
  const body = parseEntityBody(t, parseJsonObject(req.body), 'create', ctx);
  if (parentBind) {
    body.values[parentBind.column] = parentBind.id;
    if (parentBind.typeColumn) body.values[parentBind.typeColumn] = parentBind.typeValue ?? null;
    body.columns.push(parentBind.column);
  }
  const row = await createRow(t, body, ctx);
  return writeResponse(ctx, t, row, true, () => recordJson(t, row, opts, ctx));
}
