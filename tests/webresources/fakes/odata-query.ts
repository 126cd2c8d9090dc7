/**
 * The part of OData the ribbon scripts send, evaluated over in-memory rows, so the fake Web API
 * answers the scripts' real query strings rather than recognising them by shape: `$select`, `$filter`
 * with `eq`/`ne`, `and`, `or` and parentheses over numbers, GUIDs, quoted strings and null, `$orderby`
 * (one column, asc/desc), `$top`, and `$expand=nav($select=...)`. Anything else throws, so a script
 * that starts sending something new fails its tests instead of being answered wrongly.
 */
export type Row = Record<string, unknown>;

export interface ParsedQuery {
  select?: string[];
  filter?: (row: Row) => boolean;
  orderBy?: { column: string; descending: boolean };
  top?: number;
  expand?: { navigation: string; select?: string[] }[];
}

type Token = { kind: 'word' | 'number' | 'string' | 'guid' | 'punct'; text: string };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    } else if (ch === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) throw new Error(`unterminated string in $filter: ${text}`);
        if (text[j] === "'" && text[j + 1] === "'") {
          value += "'";
          j += 2;
        } else if (text[j] === "'") break;
        else value += text[j++];
      }
      tokens.push({ kind: 'string', text: value });
      i = j + 1;
    } else if (GUID.test(rest)) {
      const m = GUID.exec(rest) as RegExpExecArray;
      tokens.push({ kind: 'guid', text: m[0].toLowerCase() });
      i += m[0].length;
    } else if (/^-?\d/.test(rest)) {
      const m = /^-?\d+(\.\d+)?/.exec(rest) as RegExpExecArray;
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
      if (!m) throw new Error(`unexpected '${ch}' in $filter: ${text}`);
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

export function parseFilter(text: string): (row: Row) => boolean {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];
  const expectWord = (word: string) => {
    const t = take();
    if (!t || t.kind !== 'word' || t.text !== word) throw new Error(`expected '${word}' in $filter: ${text}`);
  };
  const value = (): unknown => {
    const t = take();
    if (!t) throw new Error(`missing value in $filter: ${text}`);
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'string' || t.kind === 'guid') return t.text;
    if (t.kind === 'word' && (t.text === 'null' || t.text === 'true' || t.text === 'false'))
      return t.text === 'null' ? null : t.text === 'true';
    throw new Error(`unsupported value '${t.text}' in $filter: ${text}`);
  };
  const same = (a: unknown, b: unknown) =>
    typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : (a ?? null) === (b ?? null);
  function factor(): (row: Row) => boolean {
    const t = peek();
    if (t && t.kind === 'punct' && t.text === '(') {
      take();
      const inner = expr();
      const close = take();
      if (!close || close.text !== ')') throw new Error(`missing ')' in $filter: ${text}`);
      return inner;
    }
    const column = take();
    if (!column || column.kind !== 'word') throw new Error(`expected a column in $filter: ${text}`);
    const op = take();
    if (!op || (op.text !== 'eq' && op.text !== 'ne'))
      throw new Error(`only eq and ne are supported, got '${op?.text}' in $filter: ${text}`);
    const v = value();
    return op.text === 'eq' ? (row) => same(row[column.text], v) : (row) => !same(row[column.text], v);
  }
  function term(): (row: Row) => boolean {
    let left = factor();
    while (peek()?.kind === 'word' && peek()?.text === 'and') {
      expectWord('and');
      const l = left;
      const r = factor();
      left = (row) => l(row) && r(row);
    }
    return left;
  }
  function expr(): (row: Row) => boolean {
    let left = term();
    while (peek()?.kind === 'word' && peek()?.text === 'or') {
      expectWord('or');
      const l = left;
      const r = term();
      left = (row) => l(row) || r(row);
    }
    return left;
  }
  const result = expr();
  if (pos !== tokens.length) throw new Error(`unexpected '${tokens[pos].text}' in $filter: ${text}`);
  return result;
}

/** Splits `a=1&b=x(c=2&d=3)` at top-level `&` only (an $expand may hold its own options). */
function splitOptions(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === '&' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current) parts.push(current);
  return parts;
}

export function parseQuery(options: string | undefined): ParsedQuery {
  const query: ParsedQuery = {};
  for (const part of splitOptions((options ?? '').replace(/^\?/, ''))) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (name === '$select') query.select = value.split(',');
    else if (name === '$filter') query.filter = parseFilter(value);
    else if (name === '$top') query.top = Number(value);
    else if (name === '$orderby') {
      const [column, direction] = value.trim().split(/\s+/);
      query.orderBy = { column, descending: direction === 'desc' };
    } else if (name === '$expand') {
      query.expand = value.split(/,(?![^(]*\))/).map((item) => {
        const m = /^([A-Za-z0-9_]+)(?:\(\$select=([^)]*)\))?$/.exec(item.trim());
        if (!m) throw new Error(`unsupported $expand: ${item}`);
        return { navigation: m[1], ...(m[2] ? { select: m[2].split(',') } : {}) };
      });
    } else throw new Error(`unsupported query option '${name}' in ${options}`);
  }
  return query;
}
