/**
 * Keyset paging behind an opaque `$skiptoken`. Dataverse's token is a paging cookie that remembers
 * the last row of the page (ordering values + primary key), so rows created while a client pages are
 * neither skipped nor repeated; this token does the same. Its content is ours to choose [I]; it is
 * bound to the query it came from (a hash), so a client that edits the nextLink gets a clear error.
 */
import { createHash } from 'node:crypto';
import { Errors } from '../errors';
import type { SqlValue } from '../store/codec';

export interface PageToken {
  /** Values of the ORDER BY expressions of the last row, then its primary key. */
  last: SqlValue[];
  /** Hash of the query the token belongs to. */
  h: string;
}

export const queryHash = (parts: readonly unknown[]): string =>
  createHash('sha1').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);

export function encodeToken(t: PageToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

export function decodeToken(text: string, expectedHash: string): PageToken {
  let t: PageToken;
  try {
    t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageToken;
  } catch {
    throw Errors.badQuery('The $skiptoken is not valid. Use the @odata.nextLink exactly as it was returned.');
  }
  if (!Array.isArray(t.last) || t.h !== expectedHash) {
    throw Errors.badQuery(
      'The $skiptoken does not belong to this query. Use the @odata.nextLink exactly as it was returned, with the same odata.maxpagesize.',
    );
  }
  return t;
}

/**
 * The condition "row comes after `last`" for ORDER BY `exprs` (each asc/desc; the last one is the
 * primary key, ascending). SQLite sorts NULLs first ascending and last descending, as SQL Server does.
 */
export function afterCondition(
  exprs: readonly { sql: string; desc: boolean }[],
  last: readonly SqlValue[],
  params: SqlValue[],
): string {
  const ors: string[] = [];
  for (let i = 0; i < exprs.length; i += 1) {
    const ands: string[] = [];
    for (let j = 0; j < i; j += 1) {
      if (last[j] === null) ands.push(`${exprs[j].sql} IS NULL`);
      else {
        ands.push(`${exprs[j].sql} = ?`);
        params.push(last[j]);
      }
    }
    const { sql, desc } = exprs[i];
    const v = last[i];
    if (!desc) {
      if (v === null) ands.push(`${sql} IS NOT NULL`);
      else {
        ands.push(`${sql} > ?`);
        params.push(v);
      }
    } else if (v === null) {
      continue; // nothing sorts after NULL in descending order
    } else {
      ands.push(`(${sql} < ? OR ${sql} IS NULL)`);
      params.push(v);
    }
    ors.push(`(${ands.join(' AND ')})`);
  }
  return ors.length ? `(${ors.join(' OR ')})` : '0';
}
