/**
 * Which invoice lines bill which subscriptions. First by subscription id, across the whole provider.
 * Then, per customer and SKU, lines without an id: a recurring line goes to a subscription whose seats
 * on the line's first day equal the line's quantity, a proration line to the subscription whose seats
 * changed by the line's quantity on the line's first day. What is left on both sides of one customer
 * and SKU is compared as one pool (the sum of seats), so several subscriptions of the same SKU are
 * never double-counted and a near-miss is one quantity finding, not a "missing" on each side. Every
 * line and every subscription ends in at most one match.
 *
 * A line whose id names no subscription never goes to a subscription that has an id of its own: two
 * different ids are two different subscriptions.
 */
import { dayOf, type DayRange } from './days';
import { changeOn, quantityOn, type Step } from './timeline';
import type { InvoiceLineFacts, SubscriptionFacts } from './types';

export interface Candidate {
  sub: SubscriptionFacts;
  steps: Step[];
  /** Seat-days the distributor is expected to bill in the billing period (timeline.ts expectedSeatDays). */
  expected: number;
  /** The distributor's customer id of its provider account (lower case). */
  customerId: string;
}

export interface Match {
  kind: 'id' | 'quantity' | 'pool';
  subs: Candidate[];
  lines: InvoiceLineFacts[];
  customerId: string;
  sku: string;
}

export interface MatchResult {
  matches: Match[];
  unmatchedLines: InvoiceLineFacts[];
  /** Subscriptions of customers that have lines, that no line billed. */
  unmatchedSubs: Candidate[];
}

const lower = (s: string | undefined) => s?.trim().toLowerCase() || undefined;

/** Lines that name a known subscription, grouped by it; the rest are returned. */
export function matchById(
  lines: readonly InvoiceLineFacts[],
  byProviderId: ReadonlyMap<string, Candidate>,
): { matches: Map<Candidate, Match>; rest: InvoiceLineFacts[] } {
  const matches = new Map<Candidate, Match>();
  const rest: InvoiceLineFacts[] = [];
  for (const line of lines) {
    const candidate = byProviderId.get(lower(line.providerSubscriptionId) ?? '');
    if (!candidate) {
      rest.push(line);
      continue;
    }
    let match = matches.get(candidate);
    if (!match) {
      match = { kind: 'id', subs: [candidate], lines: [], customerId: candidate.customerId, sku: candidate.sub.sku };
      matches.set(candidate, match);
    }
    match.lines.push(line);
  }
  return { matches, rest };
}

const canPair = (line: InvoiceLineFacts, c: Candidate) =>
  !lower(line.providerSubscriptionId) || !lower(c.sub.providerSubscriptionId);

/** Lines and subscriptions of one customer and one SKU, none of them matched by id. */
export function matchByQuantity(
  lines: readonly InvoiceLineFacts[],
  subs: readonly Candidate[],
  period: DayRange,
): MatchResult {
  const matches: Match[] = [];
  const taken = new Map<Candidate, Match>();
  const leftLines: InvoiceLineFacts[] = [];
  const firstDay = (l: InvoiceLineFacts) => Math.max(dayOf(l.periodStart), period.first);
  const newMatch = (c: Candidate, line: InvoiceLineFacts) => {
    const match: Match = { kind: 'quantity', subs: [c], lines: [line], customerId: c.customerId, sku: c.sub.sku };
    matches.push(match);
    taken.set(c, match);
  };
  for (const line of lines.filter((l) => l.chargeType === 'recurring')) {
    const c = subs.find(
      (s) => !taken.has(s) && canPair(line, s) && quantityOn(s.steps, firstDay(line)) === line.quantity,
    );
    if (c) newMatch(c, line);
    else leftLines.push(line);
  }
  for (const line of lines.filter((l) => l.chargeType === 'proration')) {
    const fits = (s: Candidate) => canPair(line, s) && changeOn(s.steps, firstDay(line)) === line.quantity;
    const c = subs.find((s) => taken.has(s) && fits(s)) ?? subs.find((s) => !taken.has(s) && fits(s));
    if (!c) leftLines.push(line);
    else if (taken.has(c)) taken.get(c)!.lines.push(line);
    else newMatch(c, line);
  }
  // Usage and one-off lines carry no seat count to match by: with a single subscription they are its.
  for (const line of lines.filter((l) => l.chargeType === 'usage' || l.chargeType === 'oneoff')) {
    const only = subs.length === 1 && canPair(line, subs[0]) ? subs[0] : undefined;
    if (only && taken.has(only)) taken.get(only)!.lines.push(line);
    else if (only) newMatch(only, line);
    else leftLines.push(line);
  }
  return pool(
    matches,
    leftLines,
    subs.filter((s) => !taken.has(s)),
  );
}

/** What is left on both sides becomes one pool (lines naming an unknown id cannot join one). */
function pool(matches: Match[], leftLines: InvoiceLineFacts[], leftSubs: Candidate[]): MatchResult {
  const poolable = leftLines.filter((l) => !lower(l.providerSubscriptionId));
  const unmatchedLines = leftLines.filter((l) => lower(l.providerSubscriptionId));
  if (poolable.length && leftSubs.length) {
    matches.push({
      kind: 'pool',
      subs: leftSubs,
      lines: poolable,
      customerId: leftSubs[0].customerId,
      sku: leftSubs[0].sub.sku,
    });
    return { matches, unmatchedLines, unmatchedSubs: [] };
  }
  return { matches, unmatchedLines: [...unmatchedLines, ...poolable], unmatchedSubs: leftSubs };
}
