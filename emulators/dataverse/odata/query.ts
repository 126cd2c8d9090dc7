/**
 * System query options of a Web API URL: $select, $filter, $orderby, $top, $expand, $count,
 * $skiptoken, parameter aliases. `$skip` is refused as Dataverse refuses it [C: not supported;
 * message text I]; `$apply`, `$search` and FetchXML queries are not implemented by the emulator and
 * say so (501) rather than answering something else.
 */
import { Errors } from '../errors';
import { parseFilter, type Expr } from './filter-parser';

export interface OrderBy {
  name: string;
  desc: boolean;
}

export interface ExpandItem {
  nav: string;
  select?: string[];
  filter?: Expr;
  orderby?: OrderBy[];
  top?: number;
  expand?: ExpandItem[];
}

export interface QueryOptions {
  select?: string[];
  filter?: Expr;
  filterText?: string;
  orderby?: OrderBy[];
  top?: number;
  expand?: ExpandItem[];
  count: boolean;
  skiptoken?: string;
  aliases: Map<string, string>;
}

/**
 * Splits a raw query string. '+' means a space, as in ASP.NET's query parsing that Dataverse runs on
 * [I]; clients that mean '+' (a time-zone offset) send %2B.
 */
export function parseQueryString(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!raw) return out;
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        throw Errors.badQuery(`The query string is not correctly percent-encoded near '${s.slice(0, 40)}'.`);
      }
    };
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    if (out.has(name))
      throw Errors.badQuery(
        `Query option '${name}' was specified more than once, but it must be specified at most once.`,
      );
    out.set(name, value);
  }
  return out;
}

/** Splits on `sep` outside parentheses and quotes. */
export function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) {
        if (quote === "'" && text[i + 1] === "'") i += 1;
        else quote = '';
      }
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(' || ch === '[') depth += 1;
    else if (ch === ')' || ch === ']') depth -= 1;
    else if (ch === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

export function parseSelect(text: string): string[] {
  const names = text.split(',').map((s) => s.trim());
  if (names.some((n) => n === ''))
    throw Errors.badQuery(`Syntax error: character ',' is not valid at position ${text.indexOf(',')} in '${text}'.`);
  return names;
}

export function parseOrderBy(text: string): OrderBy[] {
  return splitTopLevel(text, ',').map((part) => {
    const m = /^(\S+)(?:\s+(asc|desc))?$/i.exec(part);
    if (!m) throw Errors.badQuery(`Syntax error at position 0 in '${part}'.`);
    return { name: m[1], desc: (m[2] ?? '').toLowerCase() === 'desc' };
  });
}

export function parseTop(text: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw Errors.badQuery(
      `Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  }
  return Number(text);
}

function parseExpandOptions(item: ExpandItem, text: string, aliases: Map<string, string>): void {
  for (const opt of splitTopLevel(text, ';')) {
    const eq = opt.indexOf('=');
    const name = eq < 0 ? opt : opt.slice(0, eq).trim();
    const value = eq < 0 ? '' : opt.slice(eq + 1);
    switch (name) {
      case '$select':
        item.select = parseSelect(value);
        break;
      case '$filter':
        item.filter = parseFilter(value, aliases);
        break;
      case '$orderby':
        item.orderby = parseOrderBy(value);
        break;
      case '$top':
        item.top = parseTop(value);
        break;
      case '$expand':
        item.expand = parseExpand(value, aliases);
        break;
      default:
        // [C] join-tables.md: $skip, $count, $search and $levels are not supported inside $expand.
        throw Errors.badQuery(`The query option '${name}' is not supported inside $expand.`);
    }
  }
}

export function parseExpand(text: string, aliases: Map<string, string>): ExpandItem[] {
  const items = splitTopLevel(text, ',').map((part) => {
    const open = part.indexOf('(');
    const nav = (open < 0 ? part : part.slice(0, open)).trim();
    if (nav.endsWith('/$ref')) throw Errors.notImplemented('$expand with /$ref');
    const item: ExpandItem = { nav };
    if (open >= 0) {
      if (!part.endsWith(')')) throw Errors.badQuery(`')' expected at position ${part.length} in '${part}'.`);
      parseExpandOptions(item, part.slice(open + 1, -1), aliases);
    }
    return item;
  });
  // [C] join-tables.md: up to 15 $expand options in a query.
  if (items.length > 15) throw Errors.badQuery('The number of $expand options in the query exceeds the limit of 15.');
  return items;
}

export function parseQueryOptions(raw: string): QueryOptions {
  const params = parseQueryString(raw);
  const aliases = new Map<string, string>();
  for (const [k, v] of params) if (k.startsWith('@')) aliases.set(k, v);
  const out: QueryOptions = { count: false, aliases };
  for (const [name, value] of params) {
    if (name.startsWith('@')) continue;
    switch (name) {
      case '$select':
        out.select = parseSelect(value);
        break;
      case '$filter':
        out.filterText = value;
        out.filter = parseFilter(value, aliases);
        break;
      case '$orderby':
        out.orderby = parseOrderBy(value);
        break;
      case '$top':
        out.top = parseTop(value);
        break;
      case '$expand':
        out.expand = parseExpand(value, aliases);
        break;
      case '$count':
        if (value !== 'true' && value !== 'false') throw Errors.badQuery(`'${value}' is not a valid count option.`);
        out.count = value === 'true';
        break;
      case '$skiptoken':
        out.skiptoken = value;
        break;
      case '$skip':
        throw Errors.badQuery('The query parameter $skip is not supported');
      case '$apply':
      case '$search':
        throw Errors.notImplemented(`The query option ${name}`);
      case 'fetchXml':
      case 'savedQuery':
      case 'userQuery':
        throw Errors.notImplemented(`The '${name}' query`);
      case '$format':
        if (value !== 'json' && value !== 'application/json')
          throw Errors.badQuery(`The format '${value}' is not supported: only JSON is.`);
        break;
      default:
        if (name.startsWith('$')) throw Errors.badQuery(`The query parameter '${name}' is not supported.`);
      // other parameters (e.g. cache busters) are ignored, as ASP.NET does
    }
  }
  return out;
}
