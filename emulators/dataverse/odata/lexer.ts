/**
 * Tokens of OData URL expressions ($filter, parameter alias values, key segments). Error texts follow
 * Microsoft.OData.Core's, which Dataverse returns verbatim, e.g. [C] "There is an unterminated literal
 * at position 21 in 'lastname eq 'O'Bryan''." (the position is where the lexer ran out of text).
 */
import { Errors } from '../errors';

export type TokenKind = 'string' | 'number' | 'guid' | 'datetime' | 'date' | 'ident' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  /** Decoded value: the string's content (quotes undone), the identifier, the punctuation character. */
  text: string;
  pos: number;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\w:])/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:[mMdDfFlL])?(?![\w])/;
const IDENT = /^[A-Za-z_@$][\w.]*/;

export function syntaxError(pos: number, text: string): never {
  throw Errors.badQuery(`Syntax error at position ${pos} in '${text}'.`);
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i += 1;
      continue;
    }
    const rest = text.slice(i);
    if (ch === "'" || ch === '"') {
      // OData doubles the quote character to escape it: 'O''Bryan'. Double-quoted strings occur in
      // JSON-style arrays (PropertyValues=["a","b"]), where backslash escapes apply.
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < text.length) {
        const c = text[j];
        if (ch === '"' && c === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        if (c === ch) {
          if (ch === "'" && text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        value += c;
        j += 1;
      }
      if (!closed) throw Errors.badQuery(`There is an unterminated literal at position ${text.length} in '${text}'.`);
      out.push({ kind: 'string', text: value, pos: i });
      i = j;
      continue;
    }
    let m = GUID.exec(rest);
    if (m) {
      out.push({ kind: 'guid', text: m[0].toLowerCase(), pos: i });
      i += m[0].length;
      continue;
    }
    m = DATETIME.exec(rest);
    if (m) {
      out.push({ kind: 'datetime', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    m = DATE.exec(rest);
    if (m) {
      out.push({ kind: 'date', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    m = NUMBER.exec(rest);
    if (m) {
      out.push({ kind: 'number', text: m[0].replace(/[mMdDfFlL]$/, ''), pos: i });
      i += m[0].length;
      continue;
    }
    m = IDENT.exec(rest);
    if (m) {
      out.push({ kind: 'ident', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if ('()/,:[]=*'.includes(ch)) {
      out.push({ kind: 'punct', text: ch, pos: i });
      i += 1;
      continue;
    }
    syntaxError(i, text);
  }
  out.push({ kind: 'end', text: '', pos: text.length });
  return out;
}
