/**
 * The Web API proxy's second wall around field-secured columns: a request that names one (in its path,
 * as in `…/w365_password/$value`, in any query option, $select, $filter, $orderby, $expand or
 * another, or in a $batch part's request line or a JSON body's property names) is refused here,
 * whatever the Dataverse behind it would do. The shell's identity can never read a secured column
 * anyway; so a request naming one is either a mistake or a probe (a `$filter` on a secret is an
 * oracle), and the shell's own pages never send one.
 *
 * The columns are read from the schema (every column marked `secured`), never listed here.
 */
import { Tables } from '../../../solution/schema';

export const SECURED_COLUMNS: readonly string[] = [
  ...new Set(
    Object.values(Tables).flatMap((t) =>
      (t.columns as readonly { logicalName: string; secured?: boolean }[])
        .filter((c) => c.secured)
        .map((c) => c.logicalName),
    ),
  ),
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A secured name as a whole identifier (not inside a longer one), in any case. */
const NAMED = new RegExp(`(?<![A-Za-z0-9_])(${SECURED_COLUMNS.map(escape).join('|')})(?![A-Za-z0-9_])`, 'i');
/** A JSON property name that is a secured column: `"w365_password":`. */
const JSON_KEY = new RegExp(`"(${SECURED_COLUMNS.map(escape).join('|')})"\\s*:`, 'i');
/** A $batch part's request line: `GET w365_providers(…)?$filter=… HTTP/1.1`. */
const BATCH_REQUEST_LINE = /^(?:GET|POST|PATCH|PUT|DELETE)\s+(\S+)\s+HTTP\/1\.1\s*$/gim;

/** `text` decoded as the Web API would read it, and once more (a double-encoded name is still a probe). */
function decodings(text: string): string[] {
  const out = [text];
  let current = text;
  for (let i = 0; i < 2; i++) {
    try {
      const next = decodeURIComponent(current.replace(/\+/g, ' '));
      if (next === current) break;
      out.push(next);
      current = next;
    } catch {
      break;
    }
  }
  return out;
}

function namedIn(text: string): string | undefined {
  for (const t of decodings(text)) {
    const m = NAMED.exec(t);
    if (m) return m[1].toLowerCase();
  }
  return undefined;
}

/** The secured column a request names, if any. `pathAndQuery` is the request URL as received. */
export function securedColumnNamed(pathAndQuery: string, body: Buffer | undefined): string | undefined {
  const named = namedIn(pathAndQuery);
  if (named || !body || body.length === 0) return named;
  const text = body.toString('utf8');
  const key = JSON_KEY.exec(text);
  if (key) return key[1].toLowerCase();
  for (const m of text.matchAll(BATCH_REQUEST_LINE)) {
    const inner = namedIn(m[1]);
    if (inner) return inner;
  }
  return undefined;
}
