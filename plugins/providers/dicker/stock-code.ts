/**
 * Dicker Data stock codes of Microsoft CSP items [C-3p: Dicker's annuity and invoice exports]:
 *   licences  `{term}:{Microsoft product id}:{SKU id}:{billing}:`, e.g. `P1Y:CFQ7TTC0LCHC:0002:1:`
 *             (annual term billed monthly), `P1Y:CFQ7TTC0LCHC:0002:Y:` (annual term paid up front),
 *             `P1M:CFQ7TTC0LCHC:0002:1:` (month to month)
 *   Azure     `{product id}:{SKU id}`, e.g. `DZH318Z0BPS6:0001` (the Azure plan)
 * So one stock code names the Microsoft licence (product:sku), the term and the billing: everything a
 * Product Mapping needs besides the CRM product. Pure; a code that does not parse is said to be malformed.
 */
import type { BillingCycleName } from '../types';

export type Term = 'P1M' | 'P1Y' | 'P3Y';

export type StockCode =
  | {
      kind: 'licence';
      term: Term;
      productId: string;
      skuId: string;
      microsoftOfferId: string;
      billingCode: string;
      billingCycle: BillingCycleName;
    }
  | { kind: 'azure'; productId: string; skuId: string; microsoftOfferId: string; billingCycle: BillingCycleName };

export type StockCodeResult = { ok: true; value: StockCode } | { ok: false; reason: string };

/**
 * Billing codes: `1` monthly and `Y` annual (up front) are in Dicker's exports [C-3p]; `T`, the whole
 * three-year term up front, is our reading by analogy [I]. Anything else is reported, not guessed.
 */
const BILLING: Record<string, BillingCycleName> = { '1': 'monthly', Y: 'annual', T: 'triennial' };

const TERMS = new Set<Term>(['P1M', 'P1Y', 'P3Y']);
/** Microsoft product ids are 12 and SKU ids 4 upper-case letters and digits [C: NCE price lists]. */
const PRODUCT = /^[A-Z0-9]{12}$/;
const SKU = /^[A-Z0-9]{4}$/;

export function parseStockCode(raw: string): StockCodeResult {
  const code = raw.trim().toUpperCase();
  if (!code) return { ok: false, reason: 'is empty' };
  // The licence form ends with ':' [C-3p]; a missing trailing colon is accepted (a spreadsheet trims it) [I].
  const parts = code.replace(/:$/, '').split(':');
  if (parts.length === 2) {
    const [productId, skuId] = parts;
    if (!PRODUCT.test(productId) || !SKU.test(skuId))
      return { ok: false, reason: 'is not {product id}:{SKU id} (12 and 4 letters or digits)' };
    // Azure plan consumption is invoiced monthly in arrears [I].
    return {
      ok: true,
      value: { kind: 'azure', productId, skuId, microsoftOfferId: `${productId}:${skuId}`, billingCycle: 'monthly' },
    };
  }
  if (parts.length !== 4)
    return { ok: false, reason: 'is neither {term}:{product id}:{SKU id}:{billing}: nor {product id}:{SKU id}' };
  const [term, productId, skuId, billingCode] = parts;
  if (!TERMS.has(term as Term)) return { ok: false, reason: `has term ${term}, not P1M, P1Y or P3Y` };
  if (!PRODUCT.test(productId)) return { ok: false, reason: `has product id ${productId}, not 12 letters or digits` };
  if (!SKU.test(skuId)) return { ok: false, reason: `has SKU id ${skuId}, not 4 letters or digits` };
  const billingCycle = BILLING[billingCode];
  if (!billingCycle)
    return {
      ok: false,
      reason: `has billing code ${billingCode || '(none)'}, not 1 (monthly), Y (annual) or T (whole term)`,
    };
  // Month-to-month terms are billed monthly only, and a one-year term cannot be paid three years ahead.
  if ((term === 'P1M' && billingCode !== '1') || (term === 'P1Y' && billingCode === 'T')) {
    return {
      ok: false,
      reason: `combines term ${term} with billing code ${billingCode}, which Microsoft does not sell`,
    };
  }
  return {
    ok: true,
    value: {
      kind: 'licence',
      term: term as Term,
      productId,
      skuId,
      microsoftOfferId: `${productId}:${skuId}`,
      billingCode,
      billingCycle,
    },
  };
}
