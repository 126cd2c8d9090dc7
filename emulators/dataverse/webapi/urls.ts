/**
 * Resource paths under /api/data/v9.2/ and entity references in `@odata.bind` values: relative
 * (`accounts(<id>)`, `/accounts(<id>)`), absolute (`https://host/api/data/v9.2/accounts(<id>)`),
 * alternate-key forms, and `$n` Content-ID references inside a change set [C].
 */
import { Errors } from '../errors';
import { parseKey, type KeyRef } from '../odata/keys';
import type { Model, TableMeta } from '../store/model';

export const API_PREFIX = '/api/data/v9.2';

/** Splits a path on '/' outside quotes and parentheses, percent-decoding each segment. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  const decoded = safeDecode(path);
  for (let i = 0; i < decoded.length; i += 1) {
    const ch = decoded[i];
    if (ch === "'") quote = !quote;
    else if (!quote && ch === '(') depth += 1;
    else if (!quote && ch === ')') depth -= 1;
    else if (!quote && depth === 0 && ch === '/') {
      out.push(decoded.slice(start, i));
      start = i + 1;
    }
  }
  out.push(decoded.slice(start));
  return out.filter((s, i) => s !== '' || i === 0).filter((s) => s !== '');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw Errors.badQuery(`The request URI is not correctly percent-encoded: '${s.slice(0, 80)}'.`);
  }
}

/** `accounts(…)` -> { name: 'accounts', key: '…' }; `accounts` -> { name: 'accounts' }. */
export function splitSegment(segment: string): { name: string; key?: string } {
  const open = segment.indexOf('(');
  if (open < 0) return { name: segment };
  if (!segment.endsWith(')')) throw Errors.badQuery(`Bad Request - Error in query syntax: '${segment}'.`);
  return { name: segment.slice(0, open), key: segment.slice(open + 1, -1) };
}

/** Strips scheme, host and the API prefix from a URL or path: what remains is relative to the service root. */
export function relativeToServiceRoot(url: string): string {
  let rest = url.trim();
  const abs = /^https?:\/\/[^/]+(\/.*)?$/i.exec(rest);
  if (abs) rest = abs[1] ?? '/';
  if (rest.toLowerCase().startsWith(API_PREFIX)) rest = rest.slice(API_PREFIX.length);
  return rest.replace(/^\/+/, '');
}

export interface EntityRef {
  table: TableMeta;
  key: KeyRef;
}

/**
 * Resolves an entity URL (`accounts(<id>)`, alternate-key form, absolute URL, or a `$n` Content-ID
 * reference) to a table and key.
 */
export function parseEntityRef(model: Model, url: string, contentIds?: ReadonlyMap<string, string>): EntityRef {
  let rel = relativeToServiceRoot(url);
  if (rel.startsWith('$')) {
    const [ref, ...more] = rel.split('/');
    const target = contentIds?.get(ref.slice(1));
    if (target === undefined)
      throw Errors.badQuery(`Content-ID Reference: '${ref}' does not exist in the batch context.`);
    rel = [target, ...more].join('/');
  }
  const segments = splitPath(rel);
  if (segments.length !== 1) throw Errors.badQuery(`The URL '${url}' does not identify a single record.`);
  const { name, key } = splitSegment(segments[0]);
  const table = model.bySet.get(name);
  if (!table) throw Errors.unknownSegment(name);
  if (key === undefined) throw Errors.badQuery(`The URL '${url}' does not identify a single record.`);
  return { table, key: parseKey(table, key) };
}
