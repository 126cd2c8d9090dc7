/** The product picker's ranking and mismatch rules (pcf-controls/ProductMappingGrid/.../model/ranking.ts). */
import { BillingCycle, ProductMappingStatus } from '../../../pcf-controls/shared/generated/names';
import {
  factsByProduct,
  hasMismatch,
  mismatchOf,
  rankProducts,
  type ProductCandidate,
} from '../../../pcf-controls/ProductMappingGrid/ProductMappingGrid/model/ranking';
import type { ProductRow } from '../../../pcf-controls/ProductMappingGrid/ProductMappingGrid/model/types';

const sku: ProductRow = {
  id: 'm1',
  name: '14100050: Exchange Online',
  sku: '14100050',
  term: 'P1M',
  billingCycle: BillingCycle.Monthly,
  status: ProductMappingStatus.NotMapped,
  providerId: 'td',
  searchKey: '14100050',
};

const candidate = (id: string, fields: Partial<ProductCandidate> = {}): ProductCandidate => ({
  id,
  name: id,
  terms: new Set(),
  billingCycles: new Set(),
  ...fields,
});

describe('product ranking for a SKU', () => {
  const own = candidate('own', {
    providerId: 'td',
    terms: new Set(['P1M']),
    billingCycles: new Set([BillingCycle.Monthly]),
  });
  const ownAnnual = candidate('own annual', {
    providerId: 'td',
    terms: new Set(['P1Y']),
    billingCycles: new Set([BillingCycle.Annual]),
  });
  const anyUnknown = candidate('any unknown');
  const other = candidate('other', { providerId: 'dicker', providerName: 'Dicker Data', terms: new Set(['P1M']) });
  const part = candidate('zz part number', { providerPartNumber: '14100050', providerId: 'dicker' });

  it("ranks the SKU's part number first, then this provider's, any provider's, another's; a known match before an unknown, a mismatch last", () => {
    expect(rankProducts(sku, [other, anyUnknown, ownAnnual, own, part]).map((c) => c.id)).toEqual([
      'zz part number',
      'own',
      'own annual',
      'any unknown',
      'other',
    ]);
  });

  it('names each mismatch: another provider, another term, another billing cycle; an unknown term is no mismatch', () => {
    expect(mismatchOf(sku, own)).toEqual({});
    expect(mismatchOf(sku, ownAnnual)).toEqual({
      term: { sku: 'P1M', product: ['P1Y'] },
      billing: { sku: BillingCycle.Monthly, product: [BillingCycle.Annual] },
    });
    expect(mismatchOf(sku, other)).toEqual({ otherProvider: 'Dicker Data' });
    expect(hasMismatch(mismatchOf(sku, anyUnknown))).toBe(false);
    // A product serving both terms (monthly and annual SKUs of one licence) matches either.
    expect(mismatchOf(sku, candidate('both', { terms: new Set(['P1M', 'P1Y']) }))).toEqual({});
  });

  it('collects what each product serves from the mappings pointing at it', () => {
    const facts = factsByProduct([
      { productId: 'p1', term: 'P1M', billingCycle: BillingCycle.Monthly },
      { productId: 'p1', term: 'P1Y', billingCycle: BillingCycle.Monthly },
      { productId: 'p2' },
      { term: 'P1M' },
    ]);
    expect(facts.get('p1')).toEqual({ terms: new Set(['P1M', 'P1Y']), billingCycles: new Set([BillingCycle.Monthly]) });
    expect(facts.get('p2')).toEqual({ terms: new Set(), billingCycles: new Set() });
    expect(facts.size).toBe(2);
  });
});
