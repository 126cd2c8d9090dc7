/**
 * `reconcileInvoice(input)`: one distributor invoice against the provider's subscriptions, their License
 * Change Log, the catalogue and the billing contracts. Pure: the same input always gives the same
 * variances with the same keys, so a rerun writes nothing new and an accepted variance keeps its key.
 * The rules of each variance type are in README.md beside this file.
 */
import { addFinding, contextOf, sumOf, withinTolerance, type Context } from './context';
import { compareMatch, expectedCost, fullPeriodDays, lineQuantityDays, type Lookups } from './compare';
import { KEY_TAGS } from './keys';
import { matchById, matchByQuantity, type Candidate, type Match } from './match';
import { screenLines, type ScreenedCustomer } from './screen';
import { Details } from './strings';
import { expectedSeatDays, timelineOf } from './timeline';
import {
  VARIANCE_TYPES,
  type InvoiceLineFacts,
  type LicenseChangeFacts,
  type ProviderAccountFacts,
  type ReconcileInput,
  type ReconcileResult,
  type VarianceTypeName,
} from './types';

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

/** Every subscription of a provider account, with its billable-quantity timeline. */
function candidatesOf(
  input: ReconcileInput,
  accounts: ReadonlyMap<string, ProviderAccountFacts>,
  ctx: Context,
): Candidate[] {
  const changes = groupBy<LicenseChangeFacts>(input.licenseChanges, (c) => c.subscriptionId.toLowerCase());
  const out: Candidate[] = [];
  for (const sub of input.subscriptions) {
    const account = sub.providerAccountId ? accounts.get(sub.providerAccountId.toLowerCase()) : undefined;
    // A subscription of no provider account (a manual one) is not the distributor's to bill.
    if (!account) continue;
    const steps = timelineOf(sub, changes.get(sub.id.toLowerCase()) ?? []);
    const expected = expectedSeatDays(sub, steps, ctx.period);
    out.push({ sub, steps, expected, customerId: account.providerSpecificId.toLowerCase() });
  }
  return out;
}

function reportMissingInCrm(ctx: Context, lines: readonly InvoiceLineFacts[]): void {
  const groups = groupBy(
    lines,
    (l) => `${l.customerId.toLowerCase()}|${l.providerSubscriptionId?.toLowerCase() ?? `sku:${l.sku.toUpperCase()}`}`,
  );
  for (const [, group] of groups) {
    const first = group[0];
    const seatDays = sumOf(
      group
        .filter((l) => l.chargeType === 'recurring' || l.chargeType === 'proration')
        .map((l) => lineQuantityDays(ctx, l)),
    );
    addFinding(ctx, {
      type: 'missingInCrm',
      tag: KEY_TAGS.missingInCrm,
      subject: [
        first.customerId.toLowerCase(),
        first.providerSubscriptionId?.toLowerCase() ?? `sku:${first.sku.toUpperCase()}`,
      ],
      detail: Details.missingInCrm(first.sku, first.providerSubscriptionId),
      expected: 0,
      actual: seatDays / ctx.periodDays,
      amountAtStake: sumOf(group.map((l) => l.amount)),
      lines: group,
      customerId: first.customerId,
      sku: first.sku,
    });
  }
}

function reportMissingOnInvoice(ctx: Context, subs: readonly Candidate[], lookups: Lookups): void {
  for (const c of subs) {
    const seatDays = c.expected;
    const stake = (-seatDays * expectedCost(c.sub, lookups)) / fullPeriodDays(ctx, c.sub);
    // Nothing expected, or a sliver within the tolerance; a credit the invoice does not give counts too.
    if (seatDays === 0 || withinTolerance(ctx.tolerance, stake, 0)) continue;
    addFinding(ctx, {
      type: 'missingOnInvoice',
      tag: KEY_TAGS.missingOnInvoice,
      subject: [c.sub.id],
      detail: Details.missingOnInvoice(c.sub.sku),
      expected: seatDays / ctx.periodDays,
      actual: 0,
      amountAtStake: stake,
      subscriptionId: c.sub.id,
      ...(c.sub.providerAccountId ? { providerAccountId: c.sub.providerAccountId } : {}),
      sku: c.sub.sku,
    });
  }
}

/** Customers the invoice does not mention at all, whose subscriptions bill in the period: one finding each. */
function reportCustomersWithoutLines(
  ctx: Context,
  candidates: readonly Candidate[],
  accounts: ReadonlyMap<string, ProviderAccountFacts>,
  lookups: Lookups,
): void {
  const onInvoice = new Set(ctx.invoice.lines.map((l) => l.customerId.toLowerCase()));
  const absent = groupBy(
    candidates.filter((c) => !onInvoice.has(c.customerId)),
    (c) => c.sub.providerAccountId!.toLowerCase(),
  );
  for (const [accountId, subs] of absent) {
    const account = accounts.get(accountId)!;
    if (!account.accountId) continue;
    const billing = subs.filter((c) => c.expected > 0);
    if (!billing.length) continue;
    const seatDays = sumOf(billing.map((c) => c.expected));
    const cost = sumOf(billing.map((c) => (c.expected * expectedCost(c.sub, lookups)) / fullPeriodDays(ctx, c.sub)));
    addFinding(ctx, {
      type: 'customerNoLines',
      tag: KEY_TAGS.customerNoLines,
      subject: [account.providerSpecificId.toLowerCase()],
      detail: Details.customerNoLines(account.name ?? account.providerSpecificId, billing.length),
      expected: seatDays / ctx.periodDays,
      actual: 0,
      amountAtStake: -cost,
      providerAccountId: account.id,
      customerId: account.providerSpecificId,
    });
  }
}

/** Matches of the customers on the invoice; what no line billed and what billed nothing known. */
function matchAll(screened: readonly ScreenedCustomer[], candidates: readonly Candidate[], ctx: Context) {
  const byProviderId = new Map<string, Candidate>();
  for (const c of candidates) {
    const id = c.sub.providerSubscriptionId?.trim().toLowerCase();
    if (id && !byProviderId.has(id)) byProviderId.set(id, c);
  }
  const { matches: byId, rest } = matchById(
    screened.flatMap((s) => s.lines),
    byProviderId,
  );
  const matches: Match[] = [...byId.values()];
  const unmatchedLines: InvoiceLineFacts[] = [];
  const unmatchedSubs: Candidate[] = [];
  const customers = new Set(screened.map((s) => s.customerId));
  const free = groupBy(
    candidates.filter((c) => customers.has(c.customerId) && !byId.has(c)),
    (c) => `${c.customerId}|${c.sub.sku.toUpperCase()}`,
  );
  const restGroups = groupBy(rest, (l) => `${l.customerId.toLowerCase()}|${l.sku.toUpperCase()}`);
  for (const key of new Set([...free.keys(), ...restGroups.keys()])) {
    const r = matchByQuantity(restGroups.get(key) ?? [], free.get(key) ?? [], ctx.period);
    matches.push(...r.matches);
    unmatchedLines.push(...r.unmatchedLines);
    unmatchedSubs.push(...r.unmatchedSubs);
  }
  return { matches, unmatchedLines, unmatchedSubs };
}

export function reconcileInvoice(input: ReconcileInput): ReconcileResult {
  const ctx = contextOf(input.invoice, input.tolerance);
  const byType = Object.fromEntries(VARIANCE_TYPES.map((t) => [t, 0])) as Record<VarianceTypeName, number>;
  const stats = { lines: input.invoice.lines.length, matchedLines: 0, subscriptionsCompared: 0, byType };
  if (input.invoice.lines.length === 0) {
    // One finding, not every subscription "missing on invoice": the invoice itself is the problem.
    addFinding(ctx, {
      type: 'invoiceEmpty',
      tag: KEY_TAGS.invoiceEmpty,
      subject: [],
      detail: Details.invoiceEmpty(input.invoice.number),
      amountAtStake: 0,
    });
    byType.invoiceEmpty = 1;
    return { variances: ctx.variances, stats };
  }
  const accounts = new Map(input.providerAccounts.map((a) => [a.id.toLowerCase(), a]));
  const lookups: Lookups = {
    catalog: new Map(input.catalog.map((c) => [c.sku.toUpperCase(), c])),
    contracts: new Map(input.billingContracts.map((c) => [c.id, c])),
  };
  const screened = screenLines(ctx, input.providerAccounts, input.catalog);
  const candidates = candidatesOf(input, accounts, ctx);
  const { matches, unmatchedLines, unmatchedSubs } = matchAll(screened, candidates, ctx);
  for (const m of matches) compareMatch(ctx, m, lookups);
  reportMissingInCrm(ctx, unmatchedLines);
  reportMissingOnInvoice(ctx, unmatchedSubs, lookups);
  reportCustomersWithoutLines(ctx, candidates, accounts, lookups);
  stats.matchedLines = sumOf(matches.map((m) => m.lines.length));
  stats.subscriptionsCompared = sumOf(matches.map((m) => m.subs.length));
  for (const v of ctx.variances) byType[v.type]++;
  return { variances: ctx.variances, stats };
}
