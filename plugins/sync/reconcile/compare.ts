/**
 * One match (the lines that bill one subscription, or a pool of several of one customer and SKU)
 * compared with the CRM: quantity-days over the billing period, the currency, the billing contract, and
 * for a single subscription its unit cost and whether its price is below the distributor's cost. Usage
 * and one-off lines have no seat count, so they only count towards the match, not its quantity.
 */
import { addFinding, sumOf, withinTolerance, type Context } from './context';
import { dayOf, daysIn, overlap, rangeOf } from './days';
import { KEY_TAGS } from './keys';
import type { Candidate, Match } from './match';
import { Details } from './strings';
import type { BillingContractFacts, CatalogFacts, InvoiceLineFacts, SubscriptionFacts } from './types';

export interface Lookups {
  catalog: ReadonlyMap<string, CatalogFacts>;
  contracts: ReadonlyMap<string, BillingContractFacts>;
}

const seatLines = (m: Match) => m.lines.filter((l) => l.chargeType === 'recurring' || l.chargeType === 'proration');

/** Seats x days a line bills within the billing period. */
export function lineQuantityDays(ctx: Context, line: InvoiceLineFacts): number {
  return line.quantity * daysIn(overlap(rangeOf(line.periodStart, line.periodEnd), ctx.period));
}

/** The line whose unit cost the match is billed at: its recurring line, else its first proration. */
function costLine(m: Match): InvoiceLineFacts | undefined {
  const lines = seatLines(m);
  return lines.find((l) => l.chargeType === 'recurring') ?? lines[0];
}

/** Days of the full period a unit price is for: the billing period, or the paid-up term [I: 365 / 1095 days]. */
export function fullPeriodDays(ctx: Context, sub: SubscriptionFacts): number {
  return sub.billingCycle === 'annual' ? 365 : sub.billingCycle === 'triennial' ? 1095 : ctx.periodDays;
}

/** Cost of one seat for one day: a recurring line's unit cost over its own days, else over a full period. */
function dailyCost(ctx: Context, m: Match, lookups: Lookups): number {
  const line = costLine(m);
  if (line?.chargeType === 'recurring')
    return line.unitCost / Math.max(1, daysIn(rangeOf(line.periodStart, line.periodEnd)));
  const sub = m.subs[0].sub;
  return (line?.unitCost ?? expectedCost(sub, lookups)) / fullPeriodDays(ctx, sub);
}

/** Full periods of seats a line charges for (10 seats for half the period: 5), from its own figures. */
const chargedUnits = (l: InvoiceLineFacts) => (l.unitCost ? l.amount / l.unitCost : l.quantity);

export function expectedCost(sub: SubscriptionFacts, lookups: Lookups): number {
  return sub.unitCost ?? lookups.catalog.get(sub.sku.toUpperCase())?.unitCost ?? 0;
}

const subjectOf = (m: Match) => (m.kind === 'pool' ? ['pool', m.customerId, m.sku.toUpperCase()] : [m.subs[0].sub.id]);
const single = (m: Match) => (m.kind === 'pool' ? undefined : m.subs[0].sub.id);

function compareQuantity(ctx: Context, m: Match, lookups: Lookups): void {
  const lines = seatLines(m);
  if (!lines.length) return;
  const invoiced = sumOf(lines.map((l) => lineQuantityDays(ctx, l)));
  const expected = sumOf(m.subs.map((s) => s.expected));
  const perDay = dailyCost(ctx, m, lookups);
  const stake = (invoiced - expected) * perDay;
  if (invoiced === expected || withinTolerance(ctx.tolerance, stake, expected * perDay)) return;
  addFinding(ctx, {
    type: 'quantity',
    tag: KEY_TAGS.quantity,
    subject: subjectOf(m),
    detail: Details.quantity(m.sku, expected / ctx.periodDays, invoiced / ctx.periodDays, m.subs.length),
    expected: expected / ctx.periodDays,
    actual: invoiced / ctx.periodDays,
    amountAtStake: stake,
    lines,
    ...(single(m) ? { subscriptionId: single(m) } : {}),
    customerId: lines[0].customerId,
    sku: m.sku,
  });
}

/** Currencies that differ from the invoice's: a line's own, the subscription's, its contract's. */
function foreignCurrencies(ctx: Context, m: Match, lookups: Lookups): string[] {
  const invoice = ctx.invoice.currencyCode.toUpperCase();
  const found = new Set<string>();
  for (const l of m.lines)
    if (l.currencyCode && l.currencyCode.toUpperCase() !== invoice) found.add(l.currencyCode.toUpperCase());
  for (const { sub } of m.subs) {
    const contract = sub.billingContractId ? lookups.contracts.get(sub.billingContractId) : undefined;
    for (const code of [sub.currencyCode, contract?.currencyCode])
      if (code && code.toUpperCase() !== invoice) found.add(code.toUpperCase());
  }
  return [...found].sort();
}

/** A subscription on no billing contract, or on one that does not run in the period, is billed to nobody. */
function checkContracts(ctx: Context, m: Match, lookups: Lookups, perDay: number): void {
  for (const c of m.subs) {
    const contract = c.sub.billingContractId ? lookups.contracts.get(c.sub.billingContractId) : undefined;
    const runs =
      contract &&
      (!contract.startDate || dayOf(contract.startDate) <= ctx.period.last) &&
      (!contract.endDate || dayOf(contract.endDate) >= ctx.period.first);
    if (runs) continue;
    const seatDays = c.expected;
    addFinding(ctx, {
      type: 'missingInCrm',
      tag: KEY_TAGS.missingInCrm,
      subject: ['contract', c.sub.id],
      detail: contract ? Details.contractNotRunning(c.sub.sku) : Details.noContract(c.sub.sku),
      expected: 0,
      actual: seatDays / ctx.periodDays,
      amountAtStake: seatDays * perDay,
      lines: m.lines,
      subscriptionId: c.sub.id,
      customerId: m.lines[0]?.customerId,
      sku: c.sub.sku,
    });
  }
}

function compareCost(ctx: Context, m: Match, c: Candidate, lookups: Lookups): void {
  const line = costLine(m);
  if (!line) return;
  // What a different unit cost changes is what this invoice charges: its lines' charged units.
  const seats = sumOf(seatLines(m).map(chargedUnits));
  const catalog = lookups.catalog.get(c.sub.sku.toUpperCase());
  const crmCost = c.sub.unitCost ?? catalog?.unitCost;
  const base = { lines: seatLines(m), subscriptionId: c.sub.id, customerId: line.customerId, sku: c.sub.sku };
  if (crmCost !== undefined) {
    const stake = (line.unitCost - crmCost) * seats;
    if (line.unitCost !== crmCost && !withinTolerance(ctx.tolerance, stake, crmCost * seats))
      addFinding(ctx, {
        ...base,
        type: 'unitCost',
        tag: KEY_TAGS.unitCost,
        subject: [c.sub.id],
        detail: Details.unitCost(c.sub.sku, crmCost, line.unitCost),
        expected: crmCost,
        actual: line.unitCost,
        amountAtStake: stake,
      });
  }
  const price = c.sub.unitPrice ?? catalog?.unitPrice;
  if (price === undefined || price >= line.unitCost) return;
  const loss = (line.unitCost - price) * seats;
  if (withinTolerance(ctx.tolerance, loss, line.unitCost * seats)) return;
  addFinding(ctx, {
    ...base,
    type: 'priceBelowCost',
    tag: KEY_TAGS.priceBelowCost,
    subject: [c.sub.id],
    detail: Details.priceBelowCost(c.sub.sku, price, line.unitCost),
    expected: line.unitCost,
    actual: price,
    amountAtStake: loss,
  });
}

export function compareMatch(ctx: Context, m: Match, lookups: Lookups): void {
  const foreign = foreignCurrencies(ctx, m, lookups);
  const linesForeign = m.lines.some(
    (l) => l.currencyCode && l.currencyCode.toUpperCase() !== ctx.invoice.currencyCode.toUpperCase(),
  );
  if (foreign.length)
    addFinding(ctx, {
      type: 'currencyMismatch',
      tag: KEY_TAGS.currencyMismatch,
      subject: subjectOf(m),
      detail: Details.currency(ctx.invoice.currencyCode, foreign),
      amountAtStake: sumOf(m.lines.map((l) => l.amount)),
      lines: m.lines,
      ...(single(m) ? { subscriptionId: single(m) } : {}),
      customerId: m.lines[0]?.customerId,
      sku: m.sku,
    });
  // A line in another currency cannot be weighed in the invoice's; the CRM's prices in another cannot either.
  if (!linesForeign) compareQuantity(ctx, m, lookups);
  checkContracts(ctx, m, lookups, dailyCost(ctx, m, lookups));
  if (!foreign.length && m.kind !== 'pool') compareCost(ctx, m, m.subs[0], lookups);
}
