/**
 * One Web API operation (a top-level request or one part of a $batch): routes the resource path to
 * its operation. Transactions are the caller's job (see ./execute.ts), so a change set can wrap
 * several operations in one.
 */
import { Errors } from '../errors';
import type { EmuRequest, EmuResponse } from '../http-types';
import { parseKey } from '../odata/keys';
import { parseQueryOptions } from '../odata/query';
import { csdl } from '../metadata/csdl';
import { METADATA_SETS, metadataOperation } from '../metadata/routes';
import { ACTIONS, runAction } from './actions';
import type { ApiContext } from './context';
import { createRecord, deleteRecord, getRecord, patchRecord } from './entity-ops';
import { nestedOperation } from './nested-ops';
import { countRows, retrieveMultiple } from './read';
import { odataJson } from './responses';
import { splitPath, splitSegment } from './urls';

export const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

function serviceDocument(ctx: ApiContext): EmuResponse {
  const value = [...ctx.store.model.tables.values()].map((t) => ({
    name: t.entitySet,
    kind: 'EntitySet',
    url: t.entitySet,
  }));
  return odataJson(200, { '@odata.context': `${ctx.env.webApiUrl}/$metadata`, value });
}

function whoAmI(ctx: ApiContext): EmuResponse {
  return odataJson(200, {
    '@odata.context': `${ctx.env.webApiUrl}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
    BusinessUnitId: ctx.env.businessUnitId,
    UserId: ctx.client.userId,
    OrganizationId: ctx.env.organizationId,
  });
}

/**
 * Executes one operation. `relPath` is relative to the service root (`accounts(…)`, `WhoAmI`), with
 * any `$n` Content-ID reference already substituted.
 */
export async function executeOperation(relPath: string, req: EmuRequest, ctx: ApiContext): Promise<EmuResponse> {
  const segments = splitPath(relPath);
  if (segments.length === 0) {
    if (req.method !== 'GET') throw Errors.methodNotAllowed(req.method);
    return serviceDocument(ctx);
  }
  const first = splitSegment(segments[0]);
  if (first.name === 'WhoAmI' && (first.key === undefined || first.key === '') && segments.length === 1) {
    if (req.method !== 'GET') throw Errors.methodNotAllowed(req.method);
    return whoAmI(ctx);
  }
  if (ACTIONS.has(first.name) && first.key === undefined && segments.length === 1)
    return runAction(first.name, req, ctx);
  if (first.name === '$metadata') {
    if (req.method !== 'GET') throw Errors.methodNotAllowed(req.method);
    return {
      status: 200,
      headers: { 'OData-Version': '4.0', 'Content-Type': 'application/xml' },
      body: csdl(ctx.store.model.catalog),
    };
  }
  if (METADATA_SETS.has(first.name)) return metadataOperation(segments, req, ctx);
  if (first.name === '$batch') throw Errors.badQuery('Batch requests cannot be nested.');
  const t = ctx.store.model.bySet.get(first.name);
  if (!t) throw Errors.unknownSegment(first.name);

  if (first.key === undefined) {
    if (segments.length === 2 && segments[1] === '$count') {
      if (req.method !== 'GET') throw Errors.methodNotAllowed(req.method);
      const opts = parseQueryOptions(req.rawQuery);
      // [C] count-rows.md: /$count answers a plain number (capped like @odata.count [I]).
      return {
        status: 200,
        headers: { 'OData-Version': '4.0', 'Content-Type': 'text/plain; charset=utf-8' },
        body: String(countRows(t, opts.filter, ctx)),
      };
    }
    if (segments.length > 1) throw Errors.unknownSegment(segments[1]);
    if (req.method === 'GET') {
      const result = retrieveMultiple(t, parseQueryOptions(req.rawQuery), req.rawQuery, t.entitySet, ctx);
      return odataJson(200, result.body, result.headers);
    }
    if (req.method === 'POST') return createRecord(t, req, ctx);
    throw Errors.methodNotAllowed(req.method);
  }

  const key = parseKey(t, first.key);
  if (segments.length > 1) return nestedOperation(t, key, segments.slice(1), req, ctx);
  switch (req.method) {
    case 'GET':
      return getRecord(t, key, req, ctx);
    case 'PATCH':
      return patchRecord(t, key, req, ctx);
    case 'DELETE':
      return deleteRecord(t, key, req, ctx);
    default:
      throw Errors.methodNotAllowed(req.method);
  }
}
