/**
 * What the platform keeps beside money columns: `exchangerate`, the record's currency's rate to the
 * base currency, and each money column's `_base` twin, its value in the base currency (value / rate)
 * [C] (the platform writes both; the twins are not valid for create or update). Only tables whose
 * metadata has the twins (imported ones) get them.
 */
import type { MoneyColumn } from '../metadata/types';
import { Platform } from '../platform';
import type { Row } from '../store/codec';
import { q } from '../store/ddl';
import { SYS, type TableMeta } from '../store/model';
import type { Store } from '../store/store';

const C = Platform.transactionCurrency;

function rateOf(store: Store, currencyId: unknown): number | undefined {
  if (typeof currencyId !== 'string') return undefined;
  const r = store.get(`SELECT ${q(C.col.exchangeRate)} AS rate FROM ${q(C.logicalName)} WHERE ${q(C.col.id)} = ?`, [
    currencyId,
  ]);
  return typeof r?.rate === 'number' && r.rate > 0 ? r.rate : undefined;
}

type Twin = MoneyColumn & { calculationOf: string };

/** Adds exchangerate and the `_base` values to `values` (what is written) given the row before (update). */
export function fillBaseCurrency(t: TableMeta, values: Row, current: Row | undefined, store: Store): void {
  if (!t.columns.has(SYS.exchangeRate)) return;
  const twins = t.def.columns.filter((c): c is Twin => c.type === 'money' && c.calculationOf !== undefined);
  const has = (column: string) => Object.prototype.hasOwnProperty.call(values, column);
  const currencyChanged = has(SYS.currency);
  if (twins.length === 0 || (!currencyChanged && !twins.some((tw) => has(tw.calculationOf)))) return;
  const rate = rateOf(store, currencyChanged ? values[SYS.currency] : current?.[SYS.currency]);
  values[SYS.exchangeRate] = rate ?? null;
  for (const twin of twins) {
    const amount = has(twin.calculationOf) ? values[twin.calculationOf] : (current?.[twin.calculationOf] ?? null);
    const f = 10 ** twin.precision;
    values[twin.logicalName] = typeof amount === 'number' && rate ? Math.round((amount / rate) * f) / f : null;
  }
}
