/**
 * Small readers of distributor JSON shared by every connector's parser: a value is used only when it
 * has the expected type, and a record that cannot be understood becomes a RecordProblem naming it (the
 * sync reports and skips it) instead of an exception.
 */
import type { Parsed } from '../types';

/** A Microsoft tenant, subscription or other GUID, in either case. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A DNS domain name (labels of 1 to 63 characters, a top-level domain of letters). */
export const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** A JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-blank string, trimmed; anything else is undefined. */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** Numbers may come as JSON numbers or numeric strings (Ion sends quantities as strings) [I]. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** A token answer's lifetime (expires_in: a number or a numeric string), or `fallback` when it gives no positive one. */
export function lifetimeInSecondsOr(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** The yyyy-mm-dd of an ISO date or date-time; undefined for anything else. */
export function isoDate(v: unknown): string | undefined {
  const t = text(v);
  return t && /^\d{4}-\d{2}-\d{2}/.test(t) ? t.slice(0, 10) : undefined;
}

/**
 * A record that could not be understood: `record` names it, `message` says what is wrong after the name,
 * and `id` is its own id when that could be read (the sync then still counts it as listed).
 */
export function malformed<T>(record: string, message: string, id?: string): Parsed<T> {
  return {
    ok: false,
    problem: { code: 'RECORD_MALFORMED', record, message: `${record} ${message}`, ...(id ? { id } : {}) },
  };
}
