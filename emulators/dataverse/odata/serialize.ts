/**
 * Stored rows -> Web API JSON: `@odata.etag` W/"<versionnumber>" on every record, the primary key
 * always present [C], lookups as `_x_value`, write-only columns never, secured columns null unless a
 * field security profile of the caller grants read (as for a Dataverse user without the profile).
 * Annotations only when the caller asked for them with Prefer odata.include-annotations [C].
 */
import type { ColumnDef } from '../metadata/types';
import { Platform } from '../platform';
import { fieldPermission, type EmulatorClient } from '../clients';
import { decodeValue, type Row } from '../store/codec';
import { q } from '../store/ddl';
import { isPolymorphic, lookupTypeColumn, lookupValueName, SYS, type TableMeta } from '../store/model';
import type { Store } from '../store/store';
import { ASSOCIATED_NAV, FORMATTED_VALUE, LOOKUP_LOGICAL_NAME, wantsAnnotation } from '../webapi/prefer';

export interface SerializeContext {
  store: Store;
  client: EmulatorClient;
  /** The include-annotations filter, or undefined for none. */
  annotations?: string;
  /** Per-request cache of lookup display names: `table:id` -> primary name. */
  names?: Map<string, string | null>;
}

export const etagOf = (row: Row): string => `W/"${row[SYS.versionNumber] ?? 0}"`;

const US_NUMBER = (digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const US_DATE = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});
const US_TIME = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' });

const currency = Platform.transactionCurrency;

function currencySymbol(t: TableMeta, row: Row, ctx: SerializeContext): string {
  const id = t.columns.has(currency.col.id) ? row[currency.col.id] : null;
  if (!id) return '$';
  const r = ctx.store.get(
    `SELECT ${q(currency.col.currencySymbol)} AS s FROM ${q(currency.logicalName)} WHERE ${q(currency.col.id)} = ?`,
    [id],
  );
  return r?.s ? String(r.s) : '$';
}

/**
 * Dataverse's formatted value of a column [I for exact formats: en-US user settings, UTC time zone;
 * the labels of choices and booleans come from the schema].
 */
export function formattedValue(t: TableMeta, c: ColumnDef, row: Row, ctx: SerializeContext): string | undefined {
  const v = row[c.logicalName];
  if (v === null || v === undefined) return undefined;
  switch (c.type) {
    case 'choice':
      return c.choice.options.find((o) => o.value === v)?.label;
    case 'state':
      return t.states.find((s) => s.value === v)?.label;
    case 'status':
      return t.states.flatMap((s) => s.statuses).find((s) => s.value === v)?.label;
    case 'boolean':
      return v === 1 ? c.trueLabel : c.falseLabel;
    case 'money':
      return `${currencySymbol(t, row, ctx)}${US_NUMBER(2).format(Number(v))}`;
    case 'integer':
      return US_NUMBER(0).format(Number(v));
    case 'decimal':
      return US_NUMBER(c.precision).format(Number(v));
    case 'datetime': {
      const d = new Date(c.behavior === 'dateonly' ? `${String(v)}T00:00:00Z` : String(v));
      return c.behavior === 'dateonly' ? US_DATE.format(d) : `${US_DATE.format(d)} ${US_TIME.format(d)}`;
    }
    default:
      return undefined;
  }
}

function lookupName(target: TableMeta, id: string, ctx: SerializeContext): string | null {
  const key = `${target.name}:${id}`;
  const cache = (ctx.names ??= new Map());
  if (cache.has(key)) return cache.get(key) ?? null;
  const r = ctx.store.get(`SELECT ${q(target.primaryName)} AS n FROM ${q(target.name)} WHERE ${q(target.pk)} = ?`, [
    id,
  ]);
  const name = r?.n === undefined || r.n === null ? null : String(r.n);
  cache.set(key, name);
  return name;
}

/** The columns of a `$select` (names already validated), or every readable column. */
export function selectedColumns(t: TableMeta, select: string[] | undefined): ColumnDef[] {
  if (!select) return t.readable;
  const out = new Map<string, ColumnDef>();
  const pk = t.columns.get(t.pk);
  if (pk) out.set(pk.logicalName, pk);
  for (const name of select) {
    const c = t.lookupsByValueName.get(name) ?? t.columns.get(name);
    if (c) out.set(c.logicalName, c);
    // [C] select-columns.md: selecting a money column also returns the currency lookup.
    const cur = t.columns.get(currency.col.id);
    if (c?.type === 'money' && cur) out.set(cur.logicalName, cur);
  }
  return [...out.values()];
}

export function entityJson(
  t: TableMeta,
  row: Row,
  columns: readonly ColumnDef[],
  ctx: SerializeContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': etagOf(row) };
  const wantFormatted = wantsAnnotation(ctx.annotations, FORMATTED_VALUE);
  for (const c of columns) {
    if (c.writeOnly) continue;
    if (c.secured && !fieldPermission(ctx.client, ctx.store.model.catalog, t.name, c.logicalName).canRead) {
      out[c.type === 'lookup' ? lookupValueName(c) : c.logicalName] = null;
      continue;
    }
    if (c.type === 'lookup') {
      const name = lookupValueName(c);
      const id = row[c.logicalName];
      if (id !== null && id !== undefined && ctx.annotations) {
        const targetName = isPolymorphic(c) ? String(row[lookupTypeColumn(c.logicalName)]) : c.targets[0].table;
        const target = ctx.store.model.tables.get(targetName);
        const nav =
          c.targets.find((x) => x.table === targetName)?.navigationProperty ?? c.targets[0].navigationProperty;
        if (target && wantFormatted) {
          const display = lookupName(target, String(id), ctx);
          if (display !== null) out[`${name}@${FORMATTED_VALUE}`] = display;
        }
        if (wantsAnnotation(ctx.annotations, ASSOCIATED_NAV)) out[`${name}@${ASSOCIATED_NAV}`] = nav;
        if (wantsAnnotation(ctx.annotations, LOOKUP_LOGICAL_NAME)) out[`${name}@${LOOKUP_LOGICAL_NAME}`] = targetName;
      }
      out[name] = id ?? null;
      continue;
    }
    if (wantFormatted) {
      const f = formattedValue(t, c, row, ctx);
      if (f !== undefined) out[`${c.logicalName}@${FORMATTED_VALUE}`] = f;
    }
    out[c.logicalName] = decodeValue(c, row[c.logicalName] ?? null);
  }
  return out;
}
