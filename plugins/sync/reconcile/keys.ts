/**
 * Dedupe keys of variances: the invoice (provider and number), the kind of finding and what it is about
 * (a line, a subscription, a customer, a SKU), never its values. A rerun over the same data finds the
 * same keys, so phase 2's writer updates rows instead of adding them, and an Accepted variance stays
 * Accepted. Keys fit the 300-character key column: a longer one keeps its readable start and ends in a
 * hash of the whole.
 */
import { createHash } from 'node:crypto';
import type { InvoiceFacts } from './types';

export const MAX_KEY_LENGTH = 300;

/** Short tags of the variance types in keys (stable: changing one re-opens every accepted variance). */
export const KEY_TAGS = {
  quantity: 'qty',
  unitCost: 'cost',
  priceBelowCost: 'below-cost',
  missingInCrm: 'missing-crm',
  missingOnInvoice: 'missing-invoice',
  unmappedSku: 'sku',
  unmappedAccount: 'account',
  currencyMismatch: 'currency',
  duplicateLine: 'duplicate',
  invoiceEmpty: 'empty',
  customerNoLines: 'no-lines',
} as const;

export function varianceKey(invoice: InvoiceFacts, tag: string, ...subject: string[]): string {
  const key = [invoice.providerId.toLowerCase(), invoice.number, tag, ...subject].join('|');
  if (key.length <= MAX_KEY_LENGTH) return key;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `${key.slice(0, MAX_KEY_LENGTH - hash.length - 1)}#${hash}`;
}
