/**
 * Product choices that are hard to get wrong. A product mapping serves every customer, so one slip
 * spreads: the picker ranks this provider's products with the SKU's term and billing cycle first, says
 * on every option what term and billing the product serves, and names what does not match (another
 * term, another billing cycle, another provider's product) so that the grid can ask before it maps.
 *
 * The Product table has no term or billing column: what a product serves is read from the product
 * mappings that already point at it (any provider's), which carry the distributor's term and billing
 * cycle. A product no mapping points at yet has no known term; it is ranked after the known matches
 * and said to be unknown, never called a mismatch.
 */
import type { ProductRow } from './types';

/** A product found by the picker's search, with what the mappings pointing at it say. */
export interface ProductCandidate {
  readonly id: string;
  readonly name: string;
  readonly detail?: string;
  /** The product's provider (blank: any provider). */
  readonly providerId?: string;
  readonly providerName?: string;
  readonly providerPartNumber?: string;
  /** Terms and billing cycles of the SKUs already mapped to the product. */
  readonly terms: ReadonlySet<string>;
  readonly billingCycles: ReadonlySet<number>;
}

export interface Mismatch {
  /** The product is another provider's. */
  readonly otherProvider?: string;
  /** The product serves other terms only. */
  readonly term?: { readonly sku: string; readonly product: readonly string[] };
  readonly billing?: { readonly sku: number; readonly product: readonly number[] };
}

export function mismatchOf(
  row: Pick<ProductRow, 'term' | 'billingCycle' | 'providerId'>,
  c: ProductCandidate,
): Mismatch {
  const out: { -readonly [K in keyof Mismatch]: Mismatch[K] } = {};
  if (c.providerId && row.providerId && c.providerId !== row.providerId)
    out.otherProvider = c.providerName ?? c.providerId;
  if (row.term && c.terms.size > 0 && !c.terms.has(row.term)) out.term = { sku: row.term, product: [...c.terms] };
  if (row.billingCycle !== undefined && c.billingCycles.size > 0 && !c.billingCycles.has(row.billingCycle))
    out.billing = { sku: row.billingCycle, product: [...c.billingCycles] };
  return out;
}

export const hasMismatch = (m: Mismatch): boolean => Boolean(m.otherProvider || m.term || m.billing);

/**
 * Rank for one SKU, lowest first: this provider's products, then any provider's, then another
 * provider's; within each, a known match of term and billing before an unknown, and a mismatch last;
 * the product whose Provider Part Number is the SKU first of all; then by name.
 */
function rankOf(row: ProductRow, c: ProductCandidate): number[] {
  const m = mismatchOf(row, c);
  const provider = c.providerId === undefined ? 1 : c.providerId === row.providerId ? 0 : 2;
  const known = c.terms.size > 0 || c.billingCycles.size > 0;
  const fit = m.term || m.billing ? 2 : known ? 0 : 1;
  const part = c.providerPartNumber && c.providerPartNumber === row.sku ? 0 : 1;
  return [part, provider, fit];
}

export function rankProducts(row: ProductRow, candidates: readonly ProductCandidate[]): ProductCandidate[] {
  const ranked = candidates.map((c) => ({ c, rank: rankOf(row, c) }));
  ranked.sort((a, b) => {
    for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i] - b.rank[i];
    return a.c.name.localeCompare(b.c.name);
  });
  return ranked.map((r) => r.c);
}

/** Terms and billing cycles per product, from product mappings (product id, term, billing cycle). */
export function factsByProduct(
  mappings: readonly { readonly productId?: string; readonly term?: string; readonly billingCycle?: number }[],
): Map<string, { terms: Set<string>; billingCycles: Set<number> }> {
  const out = new Map<string, { terms: Set<string>; billingCycles: Set<number> }>();
  for (const m of mappings) {
    if (!m.productId) continue;
    let f = out.get(m.productId);
    if (!f) out.set(m.productId, (f = { terms: new Set(), billingCycles: new Set() }));
    if (m.term) f.terms.add(m.term);
    if (m.billingCycle !== undefined) f.billingCycles.add(m.billingCycle);
  }
  return out;
}
