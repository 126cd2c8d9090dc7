/** Response shapes shared by the Web API operations. */
import { DataverseError } from '../errors';
import type { EmuResponse } from '../http-types';
import { etagOf } from '../odata/serialize';
import type { Row } from '../store/codec';
import type { TableMeta } from '../store/model';
import type { ApiContext } from './context';

/** The Content-Type Dataverse sends with JSON bodies. */
export const ODATA_JSON =
  'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';

export function odataJson(status: number, body: unknown, headers: Record<string, string> = {}): EmuResponse {
  return {
    status,
    headers: { 'OData-Version': '4.0', 'Content-Type': ODATA_JSON, ...headers },
    body: JSON.stringify(body),
  };
}

export function noContent(headers: Record<string, string> = {}): EmuResponse {
  return { status: 204, headers: { 'OData-Version': '4.0', ...headers } };
}

export function entityId(ctx: ApiContext, t: TableMeta, id: string): string {
  return `${ctx.env.webApiUrl}/${t.entitySet}(${id})`;
}

/** After a write: 204 with OData-EntityId, or the representation (201/200) when asked [C]. */
export function writeResponse(
  ctx: ApiContext,
  t: TableMeta,
  row: Row,
  created: boolean,
  representation: () => Record<string, unknown>,
): EmuResponse {
  const id = String(row[t.pk]);
  if (!ctx.prefer.returnRepresentation) return noContent({ 'OData-EntityId': entityId(ctx, t, id) });
  // [C] with return=representation OData-EntityId is not returned; ETag is.
  // x-emulator-entity: internal, lets a change set map a Content-ID to this record; stripped on the wire.
  return odataJson(created ? 201 : 200, representation(), {
    'Preference-Applied': 'return=representation',
    ETag: etagOf(row),
    'x-emulator-entity': entityId(ctx, t, id),
  });
}

export function errorResponse(e: DataverseError): EmuResponse {
  return odataJson(e.status, e.body(), e.headers);
}

/** Anything unexpected becomes a 500 with Dataverse's shape (never a dropped connection). */
export function toDataverseError(e: unknown): DataverseError {
  if (e instanceof DataverseError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new DataverseError(500, '0x80040216', `An unexpected error occurred in the emulator: ${message}`);
}
