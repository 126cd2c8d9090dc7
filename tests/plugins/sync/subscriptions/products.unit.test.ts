/**
 * product.md flow 5, mapping products: how a distributor SKU resolves to a CRM product, and the
 * Product Mapping rows the sync writes for the SKUs it saw. One rule a row.
 */
import { Choices, Tables } from '../../../../solution/schema';
import { stableId } from '../../../../plugins/sync/ids';
import {
  planProductMappings,
  recordSku,
  resolveProduct,
  type ProductResolution,
  type SkuSeen,
} from '../../../../plugins/sync/subscriptions/products';
import type {
  CatalogProduct,
  ProductMappingRow,
  ReferenceData,
} from '../../../../plugins/sync/subscriptions/reference';
import { PROVIDER_ID, catalogProduct, distributorSub } from './fixtures';

const PM = Tables.productMapping;
const E3 = catalogProduct();
const E5 = catalogProduct({ id: '0b5c1a9e-e5e5-4000-8000-0000000000e5', name: 'Microsoft 365 E5', price: 57 });
const SKU = 'MS-365-E3-M';

function reference(
  over: {
    mappings?: ProductMappingRow[];
    byPartNumber?: Record<string, CatalogProduct[]>;
    products?: CatalogProduct[];
  } = {},
): ReferenceData {
  const products = over.products ?? [E3, E5];
  return {
    accounts: [],
    productsById: new Map(products.map((p) => [p.id, p])),
    productsByPartNumber: new Map(Object.entries(over.byPartNumber ?? {})),
    mappingsBySku: new Map((over.mappings ?? []).map((m) => [m.sku, m])),
    defaultContractsByCustomer: new Map(),
  };
}

const mapping = (over: Partial<ProductMappingRow> = {}): ProductMappingRow => ({
  id: stableId('productmapping', PROVIDER_ID, SKU),
  sku: SKU,
  mapped: false,
  description: 'Microsoft 365 E3 (monthly)',
  microsoftOfferId: 'CFQ7TTC0LFLX:0001',
  ...over,
});

function seen(resolution: ProductResolution, over: Partial<SkuSeen> = {}): SkuSeen {
  return {
    sku: SKU,
    description: 'Microsoft 365 E3 (monthly)',
    microsoftOfferId: 'CFQ7TTC0LFLX:0001',
    term: 'P1M',
    billingCycle: Choices.billingCycle.Monthly,
    unitPrice: 33.6,
    unitCost: 30.2,
    currencyCode: 'USD',
    subscriptions: 1,
    resolution,
    ...over,
  };
}

describe('resolveProduct (flow 5)', () => {
  it.each<[string, Parameters<typeof reference>[0], ProductResolution['kind'], string | undefined]>([
    [
      'a Product Mapping a person made wins over the part number',
      { mappings: [mapping({ mapped: true, productId: E5.id })], byPartNumber: { [SKU]: [E3] } },
      'mapping',
      E5.id,
    ],
    ['else the product whose Provider Part Number is the SKU', { byPartNumber: { [SKU]: [E3] } }, 'partnumber', E3.id],
    [
      'a Not Mapped row does not resolve; the part number still may',
      { mappings: [mapping({ productId: E5.id })], byPartNumber: { [SKU]: [E3] } },
      'partnumber',
      E3.id,
    ],
    [
      'a mapping to a product no longer in the catalog falls back to the part number',
      {
        mappings: [mapping({ mapped: true, productId: 'b0000000-0000-4000-8000-000000000000' })],
        byPartNumber: { [SKU]: [E3] },
      },
      'partnumber',
      E3.id,
    ],
    [
      "this provider's product first, when any-provider products share the part number",
      { byPartNumber: { [SKU]: [E3, { ...E5, providerId: PROVIDER_ID }] } },
      'partnumber',
      E5.id,
    ],
    [
      "two products with the part number and none of them this provider's: ambiguous, never guessed",
      { byPartNumber: { [SKU]: [E3, E5] } },
      'ambiguous',
      undefined,
    ],
    ['no mapping and no part number: not resolved', {}, 'none', undefined],
  ])('%s', (_rule, ref, kind, productId) => {
    const r = resolveProduct(SKU, reference(ref), PROVIDER_ID);
    expect(r.kind).toBe(kind);
    expect(r.kind === 'mapping' || r.kind === 'partnumber' ? r.product.id : undefined).toBe(productId);
  });
});

describe('recordSku', () => {
  it('remembers each SKU once, with the first subscription facts, and counts the subscriptions', () => {
    const skus = new Map<string, SkuSeen>();
    recordSku(skus, distributorSub(), { kind: 'none' }, Choices.billingCycle.Monthly);
    recordSku(skus, distributorSub({ providerSubscriptionId: 'SUB-2', description: 'other' }), { kind: 'none' });
    expect([...skus.values()]).toEqual([
      expect.objectContaining({ sku: SKU, description: 'Microsoft 365 E3 (monthly)', subscriptions: 2 }),
    ]);
  });
});

describe('planProductMappings (flow 5)', () => {
  const plan = (s: SkuSeen, ref: ReferenceData = reference()) => planProductMappings(PROVIDER_ID, [s], ref);

  it('a new SKU that resolved gets a Mapped row with its product, a deterministic id and the distributor facts', () => {
    const [w] = plan(seen({ kind: 'partnumber', product: E3 }));
    expect(w.sku).toBe(SKU);
    expect(w.intent).toMatchObject({ kind: 'create', table: PM });
    expect(w.intent.changes.values).toMatchObject({
      [PM.col.id]: stableId('productmapping', PROVIDER_ID, SKU),
      [PM.col.providerSku]: SKU,
      [PM.col.mappingStatus]: Choices.productMappingStatus.Mapped,
      [PM.col.description]: 'Microsoft 365 E3 (monthly)',
      [PM.col.microsoftOfferId]: 'CFQ7TTC0LFLX:0001',
      [PM.col.lastUnitPrice]: 33.6,
      [PM.col.lastUnitCost]: 30.2,
      [PM.col.currencyCode]: 'USD',
    });
    expect(w.intent.changes.lookups).toEqual({
      [PM.col.provider]: { table: Tables.provider, id: PROVIDER_ID },
      [PM.col.product]: { table: Tables.product, id: E3.id },
    });
  });

  it.each([
    ['unresolved', { kind: 'none' } as ProductResolution],
    ['ambiguous', { kind: 'ambiguous', candidates: [E3, E5] } as ProductResolution],
  ])('a new SKU that is %s gets a Not Mapped row, without a product, for a person to map once', (_how, resolution) => {
    const [w] = plan(seen(resolution));
    expect(w.intent.changes.values[PM.col.mappingStatus]).toBe(Choices.productMappingStatus.NotMapped);
    expect(w.intent.changes.lookups).not.toHaveProperty(PM.col.product);
  });

  it('a Not Mapped row becomes Mapped when a part number now matches', () => {
    const existing = mapping();
    const [w] = plan(seen({ kind: 'partnumber', product: E3 }), reference({ mappings: [existing] }));
    expect(w.intent).toMatchObject({ kind: 'update', id: existing.id, etag: '*' });
    expect(w.intent.changes).toEqual({
      values: { [PM.col.mappingStatus]: Choices.productMappingStatus.Mapped },
      lookups: { [PM.col.product]: { table: Tables.product, id: E3.id } },
    });
  });

  it("a person's mapping is never changed, even when the part number now points at another product", () => {
    const existing = mapping({ mapped: true, productId: E5.id });
    expect(plan(seen({ kind: 'partnumber', product: E3 }), reference({ mappings: [existing] }))).toEqual([]);
  });

  it("only the distributor's facts refresh on a row a person mapped", () => {
    const existing = mapping({ mapped: true, productId: E5.id });
    const s = seen(
      { kind: 'mapping', product: E5 },
      { description: 'Microsoft 365 E3 (monthly, new name)', microsoftOfferId: 'CFQ7TTC0LFLX:0002' },
    );
    const [w] = plan(s, reference({ mappings: [existing] }));
    expect(w.intent.changes).toEqual({
      values: {
        [PM.col.description]: 'Microsoft 365 E3 (monthly, new name)',
        [PM.col.microsoftOfferId]: 'CFQ7TTC0LFLX:0002',
      },
      lookups: {},
    });
  });

  it('nothing when nothing changed', () => {
    expect(plan(seen({ kind: 'none' }), reference({ mappings: [mapping()] }))).toEqual([]);
    expect(
      plan(
        seen({ kind: 'mapping', product: E5 }),
        reference({ mappings: [mapping({ mapped: true, productId: E5.id })] }),
      ),
    ).toEqual([]);
  });

  it('one write per SKU seen, each its own unit', () => {
    const writes = planProductMappings(
      PROVIDER_ID,
      [seen({ kind: 'none' }), seen({ kind: 'none' }, { sku: 'MS-365-E5-M', description: 'E5' })],
      reference(),
    );
    expect(writes.map((w) => w.sku)).toEqual([SKU, 'MS-365-E5-M']);
  });
});
