/**
 * Saving edits without silently overwriting someone else's: for each row, read the columns the edit
 * depends on, compare them with what the grid loaded, and write only if they are unchanged
 * ("compare before write"). The platform API (`context.webAPI`) has neither If-Match nor $batch, so
 * this is how a PCF control gets optimistic concurrency through it.
 *
 * Field-level on purpose: the sync service refreshes a provider account's name or last-seen time
 * without touching its mapping, and that must not make a person's mapping edit a conflict; the write
 * sends only the mapping columns, so nothing of the other change is lost. A change landing in the
 * milliseconds between the read and the write is not seen; Dataverse's (provider, CRM account) key
 * still refuses a duplicate mapping in that window.
 */
import { runBounded } from './concurrency';
import { normaliseGuid } from './odata';
import { classifyWebApiError, type WebApiFailure } from './webapi-errors';

export type Comparable = string | number | boolean | null;

export interface PendingWrite {
  readonly id: string;
  /** Entity (Web API) body to send: only the columns the person changed. */
  readonly body: ComponentFramework.WebApi.Entity;
  /** Web API read names (`_w365_accountid_value`, `w365_mappingstatus`) -> the value the grid loaded. */
  readonly expected: Readonly<Record<string, Comparable>>;
}

export type WriteOutcome =
  | { readonly kind: 'saved'; readonly id: string }
  | { readonly kind: 'conflict'; readonly id: string; readonly current: Readonly<Record<string, Comparable>> }
  | { readonly kind: 'failed'; readonly id: string; readonly failure: WebApiFailure };

/** The part of `context.webAPI` a save needs (a test passes a fake that implements it). */
export type RecordApi = Pick<ComponentFramework.WebApi, 'retrieveRecord' | 'updateRecord'>;

/** Null, undefined and '' are all "empty"; GUIDs compare case-insensitively; numbers by value. */
export function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(a) || empty(b)) return empty(a) && empty(b);
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  if (typeof a === 'string' && typeof b === 'string') return normaliseGuid(a) === normaliseGuid(b) || a === b;
  return a === b;
}

/** The compared columns whose current value differs from the expected one. */
export function changedColumns(
  expected: Readonly<Record<string, Comparable>>,
  current: Readonly<Record<string, unknown>>,
): string[] {
  return Object.keys(expected).filter((k) => !sameValue(expected[k], current[k]));
}

function pick(row: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, Comparable> {
  const out: Record<string, Comparable> = {};
  for (const k of keys) {
    const v = row[k];
    out[k] = v === undefined ? null : (v as Comparable);
  }
  return out;
}

export async function writeOne(api: RecordApi, entityLogicalName: string, write: PendingWrite): Promise<WriteOutcome> {
  const keys = Object.keys(write.expected);
  try {
    if (keys.length > 0) {
      const current = await api.retrieveRecord(entityLogicalName, write.id, `?$select=${keys.join(',')}`);
      if (changedColumns(write.expected, current).length > 0)
        return { kind: 'conflict', id: write.id, current: pick(current, keys) };
    }
    await api.updateRecord(entityLogicalName, write.id, write.body);
    return { kind: 'saved', id: write.id };
  } catch (error) {
    return { kind: 'failed', id: write.id, failure: classifyWebApiError(error) };
  }
}

export interface WriteAllOptions {
  /** Writes in flight at once; default 4. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function writeAll(
  api: RecordApi,
  entityLogicalName: string,
  writes: readonly PendingWrite[],
  options: WriteAllOptions = {},
): Promise<WriteOutcome[]> {
  const settled = await runBounded(
    writes,
    options.concurrency ?? 4,
    (w) => writeOne(api, entityLogicalName, w),
    options.onProgress,
  );
  // writeOne never throws; a rejected lane would be a bug, reported rather than lost.
  return settled.map((s, i) =>
    s.ok ? s.value : { kind: 'failed', id: writes[i].id, failure: classifyWebApiError(s.error) },
  );
}
