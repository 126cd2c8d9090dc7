/**
 * $filter text -> AST. Grammar (the subset Dataverse supports, see dataverse.md §1.7):
 *   or-expr  := and-expr ('or' and-expr)*
 *   and-expr := not-expr ('and' not-expr)*
 *   not-expr := 'not' not-expr | comparison
 *   comparison := primary (('eq'|'ne'|'gt'|'ge'|'lt'|'le') primary)?
 *   primary  := '(' or-expr ')' | literal | @alias | func '(' args ')' | Microsoft.Dynamics.CRM.F(Name=value, ...)
 *             | path ['/' ('any'|'all') '(' [var ':' or-expr] ')']
 * Parameter aliases (@p1) are replaced by their parsed values from the query string.
 */
import { Errors } from '../errors';
import { syntaxError, tokenize, type Token } from './lexer';

export type LiteralType = 'string' | 'number' | 'boolean' | 'null' | 'guid' | 'datetime' | 'date' | 'array';

export type Expr =
  | { kind: 'literal'; type: LiteralType; value: string | number | boolean | null | LiteralExpr[]; pos: number }
  | { kind: 'member'; path: string[]; pos: number }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; pos: number }
  | { kind: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'call'; name: string; args: Expr[]; pos: number }
  | { kind: 'crm'; name: string; params: Map<string, Expr>; pos: number }
  | { kind: 'lambda'; path: string[]; op: 'any' | 'all'; variable?: string; predicate?: Expr; pos: number };

export type LiteralExpr = Extract<Expr, { kind: 'literal' }>;
export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

const COMPARE = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const CRM_PREFIX = 'Microsoft.Dynamics.CRM.';

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly aliases: ReadonlyMap<string, string>,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.peek();
    this.i += 1;
    return t;
  }
  private isPunct(ch: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === ch;
  }
  private expectPunct(ch: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== ch) {
      throw Errors.badQuery(`'${ch}' expected at position ${t.pos} in '${this.text}'.`);
    }
  }
  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text === word;
  }

  parseAll(): Expr {
    const e = this.orExpr();
    const t = this.peek();
    if (t.kind !== 'end') syntaxError(t.pos, this.text);
    return e;
  }

  private orExpr(): Expr {
    let left = this.andExpr();
    while (this.isWord('or')) {
      this.next();
      left = { kind: 'logical', op: 'or', left, right: this.andExpr() };
    }
    return left;
  }

  private andExpr(): Expr {
    let left = this.notExpr();
    while (this.isWord('and')) {
      this.next();
      left = { kind: 'logical', op: 'and', left, right: this.notExpr() };
    }
    return left;
  }

  private notExpr(): Expr {
    if (this.isWord('not')) {
      this.next();
      return { kind: 'not', operand: this.notExpr() };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.primary();
    const t = this.peek();
    if (t.kind === 'ident' && COMPARE.has(t.text)) {
      this.next();
      return { kind: 'compare', op: t.text as CompareOp, left, right: this.primary(), pos: t.pos };
    }
    return left;
  }

  primary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const e = this.orExpr();
      this.expectPunct(')');
      return e;
    }
    if (t.kind === 'punct' && t.text === '[') return this.array();
    if (t.kind === 'string') return this.lit('string', this.next().text, t.pos);
    if (t.kind === 'guid') return this.lit('guid', this.next().text, t.pos);
    if (t.kind === 'datetime') return this.lit('datetime', this.next().text, t.pos);
    if (t.kind === 'date') return this.lit('date', this.next().text, t.pos);
    if (t.kind === 'number') return this.lit('number', Number(this.next().text), t.pos);
    if (t.kind !== 'ident') syntaxError(t.pos, this.text);
    if (t.text === 'true' || t.text === 'false') return this.lit('boolean', this.next().text === 'true', t.pos);
    if (t.text === 'null') return this.lit('null', (this.next(), null), t.pos);
    if (t.text.startsWith('@')) return this.alias(this.next());
    if (t.text.startsWith(CRM_PREFIX) && this.isPunct('(', 1)) return this.crmFunction(this.next());
    if (this.isPunct('(', 1)) return this.call(this.next());
    return this.path();
  }

  private lit(type: LiteralType, value: LiteralExpr['value'], pos: number): LiteralExpr {
    return { kind: 'literal', type, value, pos };
  }

  private array(): LiteralExpr {
    const open = this.next();
    const items: LiteralExpr[] = [];
    if (!this.isPunct(']')) {
      for (;;) {
        const item = this.primary();
        if (item.kind !== 'literal') syntaxError(open.pos, this.text);
        items.push(item);
        if (this.isPunct(',')) {
          this.next();
          continue;
        }
        break;
      }
    }
    this.expectPunct(']');
    return this.lit('array', items, open.pos);
  }

  private alias(t: Token): Expr {
    const raw = this.aliases.get(t.text);
    if (raw === undefined) throw Errors.badQuery(`The parameter alias '${t.text}' is not defined in the query.`);
    return parseValue(raw, this.aliases);
  }

  private call(t: Token): Expr {
    this.expectPunct('(');
    const args: Expr[] = [];
    if (!this.isPunct(')')) {
      for (;;) {
        args.push(this.orExpr());
        if (!this.isPunct(',')) break;
        this.next();
      }
    }
    this.expectPunct(')');
    return { kind: 'call', name: t.text, args, pos: t.pos };
  }

  private crmFunction(t: Token): Expr {
    this.expectPunct('(');
    const params = new Map<string, Expr>();
    if (!this.isPunct(')')) {
      for (;;) {
        const name = this.next();
        if (name.kind !== 'ident') syntaxError(name.pos, this.text);
        this.expectPunct('=');
        params.set(name.text, this.primary());
        if (!this.isPunct(',')) break;
        this.next();
      }
    }
    this.expectPunct(')');
    return { kind: 'crm', name: t.text.slice(CRM_PREFIX.length), params, pos: t.pos };
  }

  private path(): Expr {
    const first = this.next();
    const path = [first.text];
    while (this.isPunct('/')) {
      this.next();
      const seg = this.next();
      if (seg.kind !== 'ident') syntaxError(seg.pos, this.text);
      if ((seg.text === 'any' || seg.text === 'all') && this.isPunct('(')) return this.lambda(path, seg);
      path.push(seg.text);
    }
    return { kind: 'member', path, pos: first.pos };
  }

  private lambda(path: string[], op: Token): Expr {
    this.expectPunct('(');
    if (this.isPunct(')')) {
      this.next();
      if (op.text === 'all') syntaxError(op.pos, this.text);
      return { kind: 'lambda', path, op: 'any', pos: op.pos };
    }
    const v = this.next();
    if (v.kind !== 'ident') syntaxError(v.pos, this.text);
    this.expectPunct(':');
    const predicate = this.orExpr();
    this.expectPunct(')');
    return { kind: 'lambda', path, op: op.text as 'any' | 'all', variable: v.text, predicate, pos: op.pos };
  }
}

/** Parses a whole $filter expression. `aliases` maps '@p1' to its raw (still encoded as a literal) value. */
export function parseFilter(text: string, aliases: ReadonlyMap<string, string> = new Map()): Expr {
  if (text.trim() === '') throw Errors.badQuery(`Syntax error at position 0 in '${text}'.`);
  return new Parser(tokenize(text), text, aliases).parseAll();
}

/** Parses one value (a parameter alias value or a key value): a literal, array or member name. */
export function parseValue(text: string, aliases: ReadonlyMap<string, string> = new Map()): Expr {
  const p = new Parser(tokenize(text), text, aliases);
  return p.parseAll();
}
