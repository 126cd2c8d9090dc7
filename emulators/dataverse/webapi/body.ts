/**
 * A create/update JSON body -> validated column values. Everything is checked before anything is
 * written, so a bad body never leaves a partial row:
 * - unknown property -> "Invalid property 'x' was found in entity 'Microsoft.Dynamics.CRM.t'" [I]
 * - `nav@odata.bind` with a navigation property that does not exist (names are case-sensitive:
 *   `w365_ProviderId`, not `w365_providerid`) -> OData's "undeclared property" error [C]
 * - a bind to a missing row -> 404 (0x80040217 by id, 0x80060891 by alternate key) [I]
 * - wrong JSON type, too long, out of range, unknown choice value -> validation errors
 * - system-managed columns (createdon, modifiedon, versionnumber) -> refused [I]
 * - secured columns the caller's field security profiles do not let it create/update -> 403 [I]
 */
import type { ColumnDef } from '../metadata/types';
import { fieldPermission } from '../clients';
import { PlatformErrorCodes, DataverseError, Errors } from '../errors';
import { encodeValue, type Row } from '../store/codec';
import { isPolymorphic, lookupTypeColumn, type TableMeta } from '../store/model';
import type { ApiContext } from './context';
import { parseEntityRef } from './urls';
import { findRow } from './find';

export interface ParsedBody {
  values: Row;
  /** Logical names of the columns the client set (lookups by logical name). */
  columns: string[];
}

/** Parses a request body as a JSON object, with OData's error for anything else. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') throw Errors.malformedJson('The request body is empty; a JSON object was expected.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw Errors.malformedJson((e as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw Errors.malformedJson('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function bind(t: TableMeta, nav: string, value: unknown, ctx: ApiContext, out: ParsedBody): void {
  const single = t.singleNavs.get(nav);
  if (!single) {
    if (t.collectionNavs.has(nav))
      throw Errors.notImplemented(`Binding the collection navigation property '${nav}' on create/update`);
    throw Errors.undeclaredNavigation(nav);
  }
  const col = single.column.logicalName;
  if (value === null) {
    out.values[col] = null;
    if (isPolymorphic(single.column)) out.values[lookupTypeColumn(col)] = null;
    out.columns.push(col);
    return;
  }
  if (typeof value !== 'string') throw Errors.wrongType(value, 'Edm.String');
  const ref = parseEntityRef(ctx.store.model, value, ctx.contentIds);
  if (ref.table.name !== single.target) {
    throw new DataverseError(
      400,
      PlatformErrorCodes.InvalidArgument,
      `The navigation property '${nav}' of '${t.name}' references '${single.target}', not '${ref.table.name}'.`,
    );
  }
  const row = findRow(ctx.store, ref.table, ref.key);
  if (!row)
    throw ref.key.kind === 'id'
      ? Errors.notFoundById(ref.table.name, ref.key.id)
      : Errors.notFoundByKey(ref.table.name);
  out.values[col] = String(row[ref.table.pk]);
  if (isPolymorphic(single.column)) out.values[lookupTypeColumn(col)] = ref.table.name;
  out.columns.push(col);
}

function property(
  t: TableMeta,
  name: string,
  value: unknown,
  mode: 'create' | 'update',
  ctx: ApiContext,
  out: ParsedBody,
): void {
  const c: ColumnDef | undefined = t.columns.get(name);
  if (!c || c.type === 'lookup') {
    if (t.singleNavs.has(name) && typeof value === 'object' && value !== null)
      throw Errors.notImplemented('Deep insert');
    throw Errors.invalidProperty(name, t.name);
  }
  if (c.systemManaged) throw Errors.readOnlyColumn(name, t.name);
  if (c.secured) {
    const perm = fieldPermission(ctx.client, ctx.store.model.catalog, t.name, name);
    if (mode === 'create' ? !perm.canCreate : !perm.canUpdate) throw Errors.securedWrite(name, mode);
  }
  out.values[name] = encodeValue(t.name, c, value);
  out.columns.push(name);
}

export function parseEntityBody(
  t: TableMeta,
  json: Record<string, unknown>,
  mode: 'create' | 'update',
  ctx: ApiContext,
): ParsedBody {
  const out: ParsedBody = { values: {}, columns: [] };
  for (const [name, value] of Object.entries(json)) {
    if (name.startsWith('@')) continue; // @odata.type, @odata.etag, @odata.context: instance annotations
    const at = name.indexOf('@');
    if (at > 0) {
      const annotation = name.slice(at + 1);
      if (annotation === 'odata.bind') bind(t, name.slice(0, at), value, ctx, out);
      // other property annotations (e.g. FormattedValue echoed back by a client) carry no data
      continue;
    }
    property(t, name, value, mode, ctx, out);
  }
  return out;
}
