/**
 * $filter AST -> a parameterised SQLite condition. Identifiers come only from the schema (quoted);
 * every value a client sent becomes a `?` parameter, never SQL text.
 *
 * Dataverse semantics kept here: string comparisons are case-insensitive (COLLATE NOCASE) [C];
 * `contains/startswith/endswith` are LIKE patterns with the client's own % and _ escaped [I];
 * `x eq null` is IS NULL; lookups are filtered as `_x_value`; single-valued navigation paths
 * (`w365_ProviderId/w365_name`) become correlated sub-queries; `any/all` over a collection navigation
 * property become EXISTS.
 */
import type { ColumnDef } from '../metadata/types';
import { Errors, entityType } from '../errors';
import { edmType, normaliseDateOnly, normaliseDateTime, type SqlValue } from '../store/codec';
import { q } from '../store/ddl';
import { isPolymorphic, lookupTypeColumn, type Model, type TableMeta } from '../store/model';
import type { CompareOp, Expr, LiteralExpr } from './filter-parser';

export interface Scope {
  table: TableMeta;
  alias: string;
}

export interface FilterContext {
  model: Model;
  params: SqlValue[];
  /** The caller's systemuserid (EqualUserId). */
  userId: string;
  vars: Map<string, Scope>;
  nextAlias: () => string;
  /**
   * Whether the caller may read a secured column. A column it may not read is NULL to it in every
   * condition, as it is in every answer, so no filter can test its value: `startswith(secret,'a')`
   * matches nothing, whatever the secret [I: Dataverse evaluates secured columns the caller cannot
   * read as unreadable; that it does so by treating them as null is the emulator's choice].
   */
  canRead?: (table: string, column: ColumnDef) => boolean;
}

/** The SQL of a column as the caller sees it: NULL when field security hides it. */
export function columnSql(scope: Scope, c: ColumnDef, ctx: Pick<FilterContext, 'canRead'>): string {
  if (c.secured && ctx.canRead && !ctx.canRead(scope.table.name, c)) return 'NULL';
  return `${scope.alias}.${q(c.logicalName)}`;
}

interface Operand {
  sql: string;
  column?: ColumnDef;
  literal?: LiteralExpr;
  boolean?: boolean;
}

const OP_SQL: Record<CompareOp, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };
const OP_KIND: Record<CompareOp, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};
const FLIP: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

const isText = (c?: ColumnDef): boolean => c?.type === 'string' || c?.type === 'memo';

function literalEdm(l: LiteralExpr): string {
  switch (l.type) {
    case 'string':
      return 'Edm.String';
    case 'number':
      return Number.isInteger(l.value) ? 'Edm.Int32' : 'Edm.Decimal';
    case 'boolean':
      return 'Edm.Boolean';
    case 'guid':
      return 'Edm.Guid';
    case 'datetime':
      return 'Edm.DateTimeOffset';
    case 'date':
      return 'Edm.Date';
    default:
      return 'Edm.Untyped';
  }
}

function incompatible(a: string, b: string, op: CompareOp): never {
  throw Errors.badQuery(
    `A binary operator with incompatible types was detected. Found operand types '${a}' and '${b}' for operator kind '${OP_KIND[op]}'.`,
  );
}

/** Converts a literal to what column `c` stores, or throws OData's incompatible-types error. */
export function literalFor(c: ColumnDef, l: LiteralExpr, op: CompareOp = 'eq'): SqlValue {
  if (l.type === 'null') return null;
  const bad = (): never => incompatible(edmType(c), literalEdm(l), op);
  switch (c.type) {
    case 'string':
    case 'memo':
      return l.type === 'string' ? String(l.value) : bad();
    case 'integer':
    case 'bigint':
    case 'decimal':
    case 'money':
    case 'choice':
    case 'state':
    case 'status':
      return l.type === 'number' ? Number(l.value) : bad();
    case 'boolean':
      return l.type === 'boolean' ? (l.value ? 1 : 0) : bad();
    case 'datetime': {
      if (l.type !== 'datetime' && l.type !== 'date') bad();
      const v = c.behavior === 'dateonly' ? normaliseDateOnly(String(l.value)) : normaliseDateTime(String(l.value));
      return v ?? bad();
    }
    case 'primarykey':
    case 'uniqueidentifier':
    case 'lookup':
      return l.type === 'guid' ? String(l.value) : bad();
  }
}

/** A value given as a string in a Dataverse function's PropertyValues (e.g. ["5","2000"]). */
function functionValue(c: ColumnDef, l: LiteralExpr): SqlValue {
  if (l.type !== 'string') return literalFor(c, l);
  const s = String(l.value);
  switch (c.type) {
    case 'integer':
    case 'bigint':
    case 'decimal':
    case 'money':
    case 'choice':
    case 'state':
    case 'status': {
      const n = Number(s);
      if (s.trim() === '' || Number.isNaN(n)) throw Errors.wrongType(s, edmType(c));
      return n;
    }
    case 'boolean':
      return s === 'true' || s === '1' ? 1 : 0;
    case 'datetime':
    case 'primarykey':
    case 'uniqueidentifier':
    case 'lookup':
      return literalFor(c, {
        ...l,
        type: c.type === 'datetime' ? (s.length === 10 ? 'date' : 'datetime') : 'guid',
        value: s.toLowerCase(),
      });
    default:
      return s;
  }
}

/** Resolves a property name on a table: a column, `_x_value` for a lookup, or an error. */
export function resolveColumn(t: TableMeta, name: string): ColumnDef {
  const lookup = t.lookupsByValueName.get(name);
  if (lookup) return lookup;
  const c = t.columns.get(name);
  if (!c || c.type === 'lookup' || c.writeOnly) throw Errors.unknownQueryProperty(name, t.name);
  return c;
}

function member(path: string[], scope: Scope, ctx: FilterContext): Operand {
  let s = scope;
  let rest = path;
  const v = ctx.vars.get(path[0]);
  if (v) {
    s = v;
    rest = path.slice(1);
    if (rest.length === 0) throw Errors.badQuery(`The range variable '${path[0]}' cannot be used alone.`);
  }
  return memberOn(rest, s, ctx);
}

function memberOn(path: string[], s: Scope, ctx: FilterContext): Operand {
  if (path.length === 1) {
    const c = resolveColumn(s.table, path[0]);
    return { sql: columnSql(s, c, ctx), column: c };
  }
  const nav = s.table.singleNavs.get(path[0]);
  if (!nav) throw Errors.unknownQueryProperty(path[0], s.table.name);
  const target = ctx.model.table(nav.target);
  const alias = ctx.nextAlias();
  const inner = memberOn(path.slice(1), { table: target, alias }, ctx);
  const typeCheck = isPolymorphic(nav.column)
    ? ` AND ${s.alias}.${q(lookupTypeColumn(nav.column.logicalName))} = ${push(ctx, target.name)}`
    : '';
  return {
    sql: `(SELECT ${inner.sql} FROM ${q(target.name)} ${alias} WHERE ${alias}.${q(target.pk)} = ${s.alias}.${q(nav.column.logicalName)}${typeCheck})`,
    column: inner.column,
  };
}

function operand(e: Expr, scope: Scope, ctx: FilterContext): Operand {
  if (e.kind === 'literal') return { sql: '?', literal: e };
  if (e.kind === 'member') return member(e.path, scope, ctx);
  return { sql: `(${toSql(e, scope, ctx)})`, boolean: true };
}

function push(ctx: FilterContext, v: SqlValue): string {
  ctx.params.push(v);
  return '?';
}

function compare(e: Extract<Expr, { kind: 'compare' }>, scope: Scope, ctx: FilterContext): string {
  let op = e.op;
  let a = operand(e.left, scope, ctx);
  let b = operand(e.right, scope, ctx);
  if (a.literal && !b.literal) {
    [a, b] = [b, a];
    op = FLIP[op];
  }
  if (b.literal?.type === 'null' && !a.literal) {
    if (op === 'eq') return `${a.sql} IS NULL`;
    if (op === 'ne') return `${a.sql} IS NOT NULL`;
  }
  if (a.column && b.literal) {
    const v = literalFor(a.column, b.literal, op);
    return `${a.sql} ${OP_SQL[op]} ${push(ctx, v)}${isText(a.column) ? ' COLLATE NOCASE' : ''}`;
  }
  if (a.column && b.column) {
    if (edmType(a.column) !== edmType(b.column)) incompatible(edmType(a.column), edmType(b.column), op);
    return `${a.sql} ${OP_SQL[op]} ${b.sql}${isText(a.column) ? ' COLLATE NOCASE' : ''}`;
  }
  if (a.boolean && b.literal) {
    if (b.literal.type !== 'boolean') incompatible('Edm.Boolean', literalEdm(b.literal), op);
    return `${a.sql} ${OP_SQL[op]} ${push(ctx, b.literal.value ? 1 : 0)}`;
  }
  if (a.literal && b.literal) {
    const lv = (l: LiteralExpr): SqlValue => (typeof l.value === 'boolean' ? (l.value ? 1 : 0) : (l.value as SqlValue));
    return `${push(ctx, lv(a.literal))} ${OP_SQL[op]} ${push(ctx, lv(b.literal))}`;
  }
  throw Errors.badQuery(`The operands of '${e.op}' at position ${e.pos} cannot be compared.`);
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (m) => `\\${m}`);

function stringFunction(e: Extract<Expr, { kind: 'call' }>, scope: Scope, ctx: FilterContext): string {
  const signature = `No function signature for the function with name '${e.name}' matches the specified arguments. The function signatures considered are: ${e.name}(Edm.String Nullable=true, Edm.String Nullable=true).`;
  if (e.args.length !== 2) throw Errors.badQuery(signature);
  const subject = operand(e.args[0], scope, ctx);
  const pattern = e.args[1];
  if (!isText(subject.column) || pattern.kind !== 'literal' || pattern.type !== 'string')
    throw Errors.badQuery(signature);
  const text = escapeLike(String(pattern.value));
  const like = e.name === 'contains' ? `%${text}%` : e.name === 'startswith' ? `${text}%` : `%${text}`;
  return `${subject.sql} LIKE ${push(ctx, like)} ESCAPE '\\'`;
}

function crmFunction(e: Extract<Expr, { kind: 'crm' }>, scope: Scope, ctx: FilterContext): string {
  const nameExpr = e.params.get('PropertyName');
  const propertyColumn = (): { sql: string; column: ColumnDef } => {
    if (!nameExpr || nameExpr.kind !== 'literal' || nameExpr.type !== 'string') {
      throw Errors.badQuery(`Microsoft.Dynamics.CRM.${e.name} needs PropertyName='<column logical name>'.`);
    }
    const name = String(nameExpr.value);
    // Dataverse functions take the attribute's logical name; a lookup may be named either way.
    const lookup = scope.table.columns.get(name);
    const c = lookup?.type === 'lookup' ? lookup : resolveColumn(scope.table, name);
    return { sql: columnSql(scope, c, ctx), column: c };
  };
  const values = (): LiteralExpr[] => {
    const v = e.params.get('PropertyValues');
    if (!v || v.kind !== 'literal' || v.type !== 'array')
      throw Errors.badQuery(`Microsoft.Dynamics.CRM.${e.name} needs PropertyValues=[...].`);
    return v.value as LiteralExpr[];
  };
  switch (e.name) {
    case 'In':
    case 'NotIn': {
      const p = propertyColumn();
      const list = values();
      if (list.length === 0) return e.name === 'In' ? '0' : '1';
      const marks = list.map((l) => push(ctx, functionValue(p.column, l))).join(', ');
      // IN compares with the left operand's collation: NOCASE for text columns, as Dataverse.
      return `${p.sql} ${e.name === 'In' ? 'IN' : 'NOT IN'} (${marks})`;
    }
    case 'Between':
    case 'NotBetween': {
      const p = propertyColumn();
      const list = values();
      if (list.length !== 2)
        throw Errors.badQuery(`Microsoft.Dynamics.CRM.${e.name} needs exactly two PropertyValues.`);
      const lo = push(ctx, functionValue(p.column, list[0]));
      const hi = push(ctx, functionValue(p.column, list[1]));
      return `${p.sql} ${e.name === 'Between' ? 'BETWEEN' : 'NOT BETWEEN'} ${lo} AND ${hi}`;
    }
    case 'Null':
      return `${propertyColumn().sql} IS NULL`;
    case 'NotNull':
      return `${propertyColumn().sql} IS NOT NULL`;
    case 'EqualUserId':
      return `${propertyColumn().sql} = ${push(ctx, ctx.userId)}`;
    case 'NotEqualUserId':
      return `${propertyColumn().sql} <> ${push(ctx, ctx.userId)}`;
    default:
      throw Errors.notImplemented(`The query function Microsoft.Dynamics.CRM.${e.name}`);
  }
}

function lambda(e: Extract<Expr, { kind: 'lambda' }>, scope: Scope, ctx: FilterContext): string {
  let s = scope;
  let path = e.path;
  const v = ctx.vars.get(path[0]);
  if (v) {
    s = v;
    path = path.slice(1);
  }
  if (path.length !== 1) throw Errors.notImplemented('A lambda over a multi-segment path');
  const nav = s.table.collectionNavs.get(path[0]);
  if (!nav) throw Errors.unknownQueryProperty(path[0], s.table.name);
  const ref = ctx.model.table(nav.referencingTable);
  const alias = ctx.nextAlias();
  const inner: Scope = { table: ref, alias };
  let join = `${alias}.${q(nav.referencingColumn.logicalName)} = ${s.alias}.${q(s.table.pk)}`;
  if (isPolymorphic(nav.referencingColumn))
    join += ` AND ${alias}.${q(lookupTypeColumn(nav.referencingColumn.logicalName))} = ${push(ctx, s.table.name)}`;
  if (!e.predicate || !e.variable) return `EXISTS (SELECT 1 FROM ${q(ref.name)} ${alias} WHERE ${join})`;
  const vars = new Map(ctx.vars).set(e.variable, inner);
  const pred = toSql(e.predicate, inner, { ...ctx, vars });
  return e.op === 'any'
    ? `EXISTS (SELECT 1 FROM ${q(ref.name)} ${alias} WHERE ${join} AND (${pred}))`
    : `NOT EXISTS (SELECT 1 FROM ${q(ref.name)} ${alias} WHERE ${join} AND NOT (${pred}))`;
}

/** The SQL condition for `e` evaluated against `scope` (its table and SQL alias). */
export function toSql(e: Expr, scope: Scope, ctx: FilterContext): string {
  switch (e.kind) {
    case 'logical':
      return `(${toSql(e.left, scope, ctx)}) ${e.op.toUpperCase()} (${toSql(e.right, scope, ctx)})`;
    case 'not':
      return `NOT (${toSql(e.operand, scope, ctx)})`;
    case 'compare':
      return compare(e, scope, ctx);
    case 'call':
      if (e.name === 'contains' || e.name === 'startswith' || e.name === 'endswith')
        return stringFunction(e, scope, ctx);
      throw Errors.badQuery(
        `An unknown function with name '${e.name}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
      );
    case 'crm':
      return crmFunction(e, scope, ctx);
    case 'lambda':
      return lambda(e, scope, ctx);
    case 'member': {
      const m = member(e.path, scope, ctx);
      if (m.column?.type === 'boolean') return `${m.sql} = 1`;
      throw Errors.badQuery(
        `The $filter expression must evaluate to a single boolean value; '${e.path.join('/')}' on '${entityType(scope.table.name)}' does not.`,
      );
    }
    case 'literal':
      if (e.type === 'boolean') return e.value ? '1' : '0';
      throw Errors.badQuery('The $filter expression must evaluate to a single boolean value.');
  }
}
