/**
 * Write intents: what the sync engine wants done to a row, in its own terms (a table, an id or an
 * alternate key, column values and lookups), never in Web API terms. Only this module turns an intent
 * into a Web API operation (entity-set paths, `nav@odata.bind`, `If-Match`), so the engine stays
 * readable and a wire-format change has one home.
 *
 * Dataverse's write contract, written down (after DynamicsWebApi's `upsert.ts`):
 * - create: POST to the entity set; a duplicate alternate key or id answers 412.
 * - update: PATCH at an id with `If-Match`: an etag for optimistic concurrency (a row a person saved
 *   in the meantime fails the change set instead of losing their edit), `*` for "any version, but
 *   never create".
 * - upsert: PATCH by alternate key with no condition: creates or updates.
 */
import type { TableDef } from '../../solution/schema';
import type { BatchOperation } from './batch';
import { keySegment, recordPath, type KeyValue } from './odata';

export type Scalar = string | number | boolean | null;

/** A lookup's target row. */
export interface LookupRef {
  table: TableDef;
  id: string;
}

/** Concrete column changes: values by logical name, lookups by lookup column logical name. */
export interface Changes {
  values: Record<string, Scalar>;
  lookups: Record<string, LookupRef>;
}

/** "The row should look like this": `undefined` leaves a value as it is, a null lookup leaves it empty. */
export interface Desired {
  values?: Record<string, Scalar | undefined>;
  lookups?: Record<string, LookupRef | null | undefined>;
}

export type WriteIntent =
  | { kind: 'create'; table: TableDef; changes: Changes }
  | { kind: 'update'; table: TableDef; id: string; changes: Changes; etag: string }
  | { kind: 'upsert'; table: TableDef; key: Record<string, KeyValue>; changes: Changes };

/** A lookup to `id` in `table` (bind a lookup). */
export function bind(table: TableDef, id: string): LookupRef {
  return { table, id };
}

/** Desired values with the "leave as it is" entries dropped. */
export function changesOf(desired: Desired): Changes {
  const values: Record<string, Scalar> = {};
  const lookups: Record<string, LookupRef> = {};
  for (const [name, v] of Object.entries(desired.values ?? {})) if (v !== undefined) values[name] = v;
  for (const [name, ref] of Object.entries(desired.lookups ?? {})) if (ref) lookups[name] = ref;
  return { values, lookups };
}

export function isEmpty(changes: Changes): boolean {
  return !Object.keys(changes.values).length && !Object.keys(changes.lookups).length;
}

/** Create a row (the id, when the engine chose one, is one of the values). */
export function createRow(table: TableDef, desired: Desired): WriteIntent {
  return { kind: 'create', table, changes: changesOf(desired) };
}

/**
 * Update the row at `id`. `etag` is the version read (optimistic concurrency); omit it for "any
 * version" (`*`), which still never creates a row.
 */
export function updateRow(table: TableDef, id: string, desired: Desired, options: { etag?: string } = {}): WriteIntent {
  return { kind: 'update', table, id, changes: changesOf(desired), etag: options.etag ?? '*' };
}

/** Create or update the row with alternate key `keyName` = `keyValues` (by column logical name). */
export function upsertByKey(
  table: TableDef,
  keyName: string,
  keyValues: Record<string, KeyValue>,
  desired: Desired,
): WriteIntent {
  return { kind: 'upsert', table, key: keySegment(table, keyName, keyValues), changes: changesOf(desired) };
}

/** `w365_ProviderId@odata.bind`: the navigation property of lookup `name` for target `target`. */
export function bindProperty(table: TableDef, name: string, target: TableDef): string {
  const def = table.columns.find((c) => c.logicalName === name);
  if (!def) throw new Error(`Unknown column ${table.logicalName}.${name}`);
  if (def.type !== 'lookup') throw new Error(`${table.logicalName}.${name} is not a lookup`);
  const t = def.targets.find((x) => x.table === target.logicalName);
  if (!t) throw new Error(`${table.logicalName}.${name} cannot point at ${target.logicalName}`);
  return `${t.navigationProperty}@odata.bind`;
}

/** The OData body of a change: values as they are, lookups as `nav@odata.bind`. */
export function toBody(table: TableDef, changes: Changes): Record<string, unknown> {
  const body: Record<string, unknown> = { ...changes.values };
  for (const [name, ref] of Object.entries(changes.lookups))
    body[bindProperty(table, name, ref.table)] = `/${ref.table.entitySetName}(${ref.id})`;
  return body;
}

/** The Web API operation of an intent (inside a `$batch` change set or on its own). */
export function toOperation(intent: WriteIntent): BatchOperation {
  const body = toBody(intent.table, intent.changes);
  switch (intent.kind) {
    case 'create':
      return { method: 'POST', path: intent.table.entitySetName, body };
    case 'update':
      return {
        method: 'PATCH',
        path: recordPath(intent.table.entitySetName, intent.id),
        body,
        headers: { 'If-Match': intent.etag },
      };
    case 'upsert':
      return { method: 'PATCH', path: recordPath(intent.table.entitySetName, intent.key), body };
  }
}
