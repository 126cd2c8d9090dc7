/**
 * What the parts of a subscription sync add up to, in a form that fits on the Sync Job row (the
 * ledger's running total, `plugins/jobs/ledger.ts`): how many subscriptions were listed, the summary's
 * changes (counts and their first lines), the SKUs seen (for the product mappings and their warnings,
 * which are one per SKU across every customer), the subscriptions that may be gone, and how many
 * records could not be read. `mergeTotals` is pure and order-insensitive (up to which first lines are
 * kept), because parts are counted in whatever order workers finish them.
 */
import type { ProductResolution, SkuSeen } from './products';
import { ChangeList, SubscriptionChanges, type ChangeLine } from './summary';

interface ListTotal {
  count: number;
  lines: ChangeLine[];
}

export type SkuTotal = Omit<SkuSeen, 'resolution'>;

export interface SubscriptionTotals {
  listed: number;
  changes: {
    created: ListTotal;
    quantityChanged: ListTotal;
    suspended: ListTotal;
    reactivated: ListTotal;
    updatedOther: number;
  };
  skus: Record<string, SkuTotal>;
  /** Subscription row ids the parts found unlisted: the "gone" step checks them once every part is in. */
  gone: string[];
  /** Set when more were found than the row can hold: the "gone" step is then skipped for this run. */
  goneOverflow?: boolean;
  unreadable: number;
  notSyncedAccounts: number;
}

/** At most this many "gone" candidates ride on the job row (36 characters each). */
export const MAX_GONE_CANDIDATES = 10_000;
const MAX_LINES = 10;

const emptyList = (): ListTotal => ({ count: 0, lines: [] });

export function emptyTotals(): SubscriptionTotals {
  return {
    listed: 0,
    changes: {
      created: emptyList(),
      quantityChanged: emptyList(),
      suspended: emptyList(),
      reactivated: emptyList(),
      updatedOther: 0,
    },
    skus: {},
    gone: [],
    unreadable: 0,
    notSyncedAccounts: 0,
  };
}

function listOf(l: ChangeList): ListTotal {
  return { count: l.count, lines: [...l.lines] };
}

export function changesTotal(c: SubscriptionChanges): SubscriptionTotals['changes'] {
  return {
    created: listOf(c.created),
    quantityChanged: listOf(c.quantityChanged),
    suspended: listOf(c.suspended),
    reactivated: listOf(c.reactivated),
    updatedOther: c.updatedOther,
  };
}

export function skuTotals(skus: Map<string, SkuSeen>): Record<string, SkuTotal> {
  const out: Record<string, SkuTotal> = {};
  for (const [sku, s] of skus) {
    const { resolution: _resolution, ...rest } = s;
    out[sku] = rest;
  }
  return out;
}

function mergeList(a: ListTotal, b: ListTotal): ListTotal {
  return { count: a.count + b.count, lines: [...a.lines, ...b.lines].slice(0, MAX_LINES) };
}

export function mergeTotals(
  into: SubscriptionTotals | undefined,
  add: SubscriptionTotals | undefined,
): SubscriptionTotals {
  const a = into ?? emptyTotals();
  if (!add) return a;
  const skus = { ...a.skus };
  for (const [sku, s] of Object.entries(add.skus))
    skus[sku] = skus[sku] ? { ...skus[sku], subscriptions: skus[sku].subscriptions + s.subscriptions } : s;
  const gone = [...a.gone, ...add.gone];
  const overflow = a.goneOverflow || add.goneOverflow || gone.length > MAX_GONE_CANDIDATES;
  return {
    listed: a.listed + add.listed,
    changes: {
      created: mergeList(a.changes.created, add.changes.created),
      quantityChanged: mergeList(a.changes.quantityChanged, add.changes.quantityChanged),
      suspended: mergeList(a.changes.suspended, add.changes.suspended),
      reactivated: mergeList(a.changes.reactivated, add.changes.reactivated),
      updatedOther: a.changes.updatedOther + add.changes.updatedOther,
    },
    skus,
    gone: overflow ? [] : gone,
    ...(overflow ? { goneOverflow: true } : {}),
    unreadable: a.unreadable + add.unreadable,
    notSyncedAccounts: a.notSyncedAccounts + add.notSyncedAccounts,
  };
}

/** The summary's changes again, from their totals (and what the final step changed, already recorded in `into`). */
export function restoreChanges(
  t: SubscriptionTotals['changes'],
  into = new SubscriptionChanges(),
): SubscriptionChanges {
  const add = (list: ChangeList, total: ListTotal) => {
    for (const line of total.lines) list.push(line);
    list.count += total.count - total.lines.length;
  };
  add(into.created, t.created);
  add(into.quantityChanged, t.quantityChanged);
  add(into.suspended, t.suspended);
  add(into.reactivated, t.reactivated);
  into.updatedOther += t.updatedOther;
  return into;
}

/** The SKUs seen, resolved again against the reference data (for the mappings and their warnings). */
export function restoreSkus(
  skus: Record<string, SkuTotal>,
  resolve: (sku: string) => ProductResolution,
): Map<string, SkuSeen> {
  return new Map(Object.entries(skus).map(([sku, s]) => [sku, { ...s, resolution: resolve(sku) }]));
}
