/**
 * The lines before any matching: a line repeated word for word (the same subscription, period and
 * figures) is a duplicate (reported, and left out so it is not counted twice); lines of a customer with no mapped provider account are one "unmapped
 * account" finding per customer (left out: there is nothing to compare them with); a SKU no product is
 * mapped to is one "unmapped SKU" finding per SKU (its lines are still matched, by subscription id or
 * quantity, because the subscription may well exist).
 */
import { addFinding, sumOf, type Context } from './context';
import { KEY_TAGS } from './keys';
import { Details } from './strings';
import type { CatalogFacts, InvoiceLineFacts, ProviderAccountFacts } from './types';

export interface ScreenedCustomer {
  customerId: string;
  account: ProviderAccountFacts;
  lines: InvoiceLineFacts[];
}

/** Everything that makes two lines the same charge (the line number does not). */
function contentOf(l: InvoiceLineFacts): string {
  return [
    l.customerId,
    l.providerSubscriptionId ?? '',
    l.sku,
    l.quantity,
    l.unitCost,
    l.amount,
    l.chargeType,
    l.periodStart,
    l.periodEnd,
    l.currencyCode ?? '',
  ].join('\u0000');
}

function withoutDuplicates(ctx: Context, lines: readonly InvoiceLineFacts[]): InvoiceLineFacts[] {
  const firstOf = new Map<string, InvoiceLineFacts>();
  const kept: InvoiceLineFacts[] = [];
  for (const line of lines) {
    // Without a subscription id, two identical lines may bill two subscriptions of the same SKU and
    // size: the quantity matching tells those apart, so only lines naming a subscription are compared.
    if (!line.providerSubscriptionId?.trim()) {
      kept.push(line);
      continue;
    }
    const content = contentOf(line);
    const first = firstOf.get(content);
    if (!first) {
      firstOf.set(content, line);
      kept.push(line);
      continue;
    }
    addFinding(ctx, {
      type: 'duplicateLine',
      tag: KEY_TAGS.duplicateLine,
      subject: [String(line.lineNumber)],
      detail: Details.duplicateLine(line.lineNumber, first.lineNumber),
      expected: 0,
      actual: line.amount,
      amountAtStake: line.amount,
      lines: [line, first],
      customerId: line.customerId,
      sku: line.sku,
    });
  }
  return kept;
}

function reportUnmappedSkus(ctx: Context, lines: readonly InvoiceLineFacts[], catalog: readonly CatalogFacts[]) {
  const mapped = new Set(catalog.filter((c) => c.productId).map((c) => c.sku.toUpperCase()));
  const bySku = new Map<string, InvoiceLineFacts[]>();
  for (const line of lines) {
    const sku = line.sku.toUpperCase();
    if (mapped.has(sku)) continue;
    const list = bySku.get(sku) ?? [];
    list.push(line);
    bySku.set(sku, list);
  }
  for (const [sku, skuLines] of bySku) {
    addFinding(ctx, {
      type: 'unmappedSku',
      tag: KEY_TAGS.unmappedSku,
      subject: [sku],
      detail: Details.unmappedSku(skuLines[0].sku, skuLines.length),
      actual: sumOf(skuLines.map((l) => l.quantity)),
      amountAtStake: sumOf(skuLines.map((l) => l.amount)),
      lines: skuLines,
      sku: skuLines[0].sku,
    });
  }
}

/** The invoice's lines by customer, without duplicates and without customers nobody can bill. */
export function screenLines(
  ctx: Context,
  accounts: readonly ProviderAccountFacts[],
  catalog: readonly CatalogFacts[],
): ScreenedCustomer[] {
  const lines = withoutDuplicates(ctx, ctx.invoice.lines);
  const accountOf = new Map(accounts.map((a) => [a.providerSpecificId.toLowerCase(), a]));
  const byCustomer = new Map<string, InvoiceLineFacts[]>();
  for (const line of lines) {
    const id = line.customerId.toLowerCase();
    const list = byCustomer.get(id) ?? [];
    list.push(line);
    byCustomer.set(id, list);
  }
  const screened: ScreenedCustomer[] = [];
  const billable: InvoiceLineFacts[] = [];
  for (const [id, customerLines] of byCustomer) {
    const account = accountOf.get(id);
    if (account?.accountId) {
      screened.push({ customerId: id, account, lines: customerLines });
      billable.push(...customerLines);
      continue;
    }
    addFinding(ctx, {
      type: 'unmappedAccount',
      tag: KEY_TAGS.unmappedAccount,
      subject: [id],
      detail: account
        ? Details.unmappedAccount(account.name ?? customerLines[0].customerId, customerLines.length)
        : Details.unknownAccount(customerLines[0].customerId, customerLines.length),
      actual: sumOf(customerLines.map((l) => l.amount)),
      amountAtStake: sumOf(customerLines.map((l) => l.amount)),
      lines: customerLines,
      ...(account ? { providerAccountId: account.id } : {}),
      customerId: customerLines[0].customerId,
    });
  }
  reportUnmappedSkus(ctx, billable, catalog);
  return screened;
}
