/**
 * The Microsoft CSP (NCE) products the sandbox sells, as TechData lines. Microsoft product ids are
 * written as they appear on NCE price lists [I: not checked against Partner Center]; prices are list
 * prices per licence per month on an annual term, in the account currency [I]. The TechData SKU (the
 * product's Provider Part Number in Work 365) is TechData's own number, not Microsoft's: TechData
 * material numbers are numeric [I], one per product, term and billing frequency.
 */

export interface CatalogProduct {
  /** Microsoft product id and SKU id, e.g. CFQ7TTC0LCHC:0002. */
  microsoftOfferId: string;
  name: string;
  productType: string;
  monthlyListPrice: number;
  /** Typical seat counts, for realistic quantities. */
  seats: readonly [number, number];
  /** Terms sold; Dynamics is annual only in this catalogue [I]. */
  terms: ReadonlyArray<'P1M' | 'P1Y'>;
  /** TechData material number base; the term and billing pick one of four consecutive numbers. */
  techDataBase: number;
  weight: number;
}

export const CATALOG: readonly CatalogProduct[] = [
  {
    microsoftOfferId: 'CFQ7TTC0LH18:0001',
    name: 'Microsoft 365 Business Basic',
    productType: 'NCE License',
    monthlyListPrice: 6.0,
    seats: [1, 300],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100010,
    weight: 14,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LDPB:0001',
    name: 'Microsoft 365 Business Standard',
    productType: 'NCE License',
    monthlyListPrice: 12.5,
    seats: [1, 300],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100020,
    weight: 16,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LCHC:0002',
    name: 'Microsoft 365 Business Premium',
    productType: 'NCE License',
    monthlyListPrice: 22.0,
    seats: [1, 300],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100030,
    weight: 16,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LHSV:0001',
    name: 'Microsoft 365 Apps for business',
    productType: 'NCE License',
    monthlyListPrice: 8.25,
    seats: [1, 150],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100040,
    weight: 6,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LH16:0001',
    name: 'Exchange Online (Plan 1)',
    productType: 'NCE License',
    monthlyListPrice: 4.0,
    seats: [1, 500],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100050,
    weight: 8,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LF8Q:0001',
    name: 'Office 365 E3',
    productType: 'NCE License',
    monthlyListPrice: 23.0,
    seats: [10, 2000],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100060,
    weight: 6,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LFLX:0002',
    name: 'Microsoft 365 E3',
    productType: 'NCE License',
    monthlyListPrice: 36.0,
    seats: [10, 2000],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100070,
    weight: 6,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LFLZ:0002',
    name: 'Microsoft 365 E5',
    productType: 'NCE License',
    monthlyListPrice: 57.0,
    seats: [10, 1000],
    terms: ['P1Y'],
    techDataBase: 14100080,
    weight: 3,
  },
  {
    microsoftOfferId: 'CFQ7TTC0RM8K:0001',
    name: 'Microsoft Teams Essentials',
    productType: 'NCE License',
    monthlyListPrice: 4.0,
    seats: [1, 300],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100090,
    weight: 3,
  },
  {
    microsoftOfferId: 'CFQ7TTC0L3PB:0001',
    name: 'Power BI Pro',
    productType: 'NCE License',
    monthlyListPrice: 14.0,
    seats: [1, 200],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100100,
    weight: 5,
  },
  {
    microsoftOfferId: 'CFQ7TTC0HD33:0002',
    name: 'Visio Plan 2',
    productType: 'NCE License',
    monthlyListPrice: 15.0,
    seats: [1, 50],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100110,
    weight: 2,
  },
  {
    microsoftOfferId: 'CFQ7TTC0HDB0:0002',
    name: 'Project Plan 3',
    productType: 'NCE License',
    monthlyListPrice: 30.0,
    seats: [1, 50],
    terms: ['P1Y', 'P1M'],
    techDataBase: 14100120,
    weight: 2,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LGZT:0001',
    name: 'Dynamics 365 Sales Enterprise',
    productType: 'NCE Dynamics License',
    monthlyListPrice: 105.0,
    seats: [1, 60],
    terms: ['P1Y'],
    techDataBase: 14200010,
    weight: 3,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LGWR:0001',
    name: 'Dynamics 365 Customer Service Enterprise',
    productType: 'NCE Dynamics License',
    monthlyListPrice: 105.0,
    seats: [1, 60],
    terms: ['P1Y'],
    techDataBase: 14200020,
    weight: 2,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LHVM:0001',
    name: 'Dynamics 365 Business Central Essentials',
    productType: 'NCE Dynamics License',
    monthlyListPrice: 80.0,
    seats: [1, 40],
    terms: ['P1Y'],
    techDataBase: 14200030,
    weight: 3,
  },
  {
    microsoftOfferId: 'CFQ7TTC0LHVN:0001',
    name: 'Dynamics 365 Business Central Team Members',
    productType: 'NCE Dynamics License',
    monthlyListPrice: 8.0,
    seats: [1, 100],
    terms: ['P1Y'],
    techDataBase: 14200040,
    weight: 2,
  },
];

export type BillingFrequency = 'Monthly' | 'Annual';

/**
 * The TechData SKU for a product, term and billing frequency: base + 0..3 [I]. Month-to-month terms are
 * billed monthly only.
 */
export function techDataSku(product: CatalogProduct, term: 'P1M' | 'P1Y', billing: BillingFrequency): string {
  const offset = term === 'P1M' ? 0 : billing === 'Monthly' ? 1 : 2;
  return String(product.techDataBase + offset);
}

/** Per-licence price per billing period: month-to-month costs 20% more (as NCE does), annual billing pays 12 months at once. */
export function unitPriceOf(product: CatalogProduct, term: 'P1M' | 'P1Y', billing: BillingFrequency): number {
  const monthly = term === 'P1M' ? product.monthlyListPrice * 1.2 : product.monthlyListPrice;
  const price = billing === 'Annual' ? monthly * 12 : monthly;
  return Math.round(price * 100) / 100;
}

/** Every SKU the sandbox can sell, with its description: for tests and a demo product catalogue. */
export function catalogSkus(): Array<{
  sku: string;
  microsoftOfferId: string;
  description: string;
  term: 'P1M' | 'P1Y';
  billing: BillingFrequency;
  unitPrice: number;
}> {
  const out: Array<{
    sku: string;
    microsoftOfferId: string;
    description: string;
    term: 'P1M' | 'P1Y';
    billing: BillingFrequency;
    unitPrice: number;
  }> = [];
  for (const p of CATALOG) {
    for (const term of p.terms) {
      const billings: BillingFrequency[] = term === 'P1M' ? ['Monthly'] : ['Monthly', 'Annual'];
      for (const billing of billings) {
        out.push({
          sku: techDataSku(p, term, billing),
          microsoftOfferId: p.microsoftOfferId,
          description: `${p.name} (${term === 'P1M' ? '1 month' : '1 year'}, billed ${billing.toLowerCase()})`,
          term,
          billing,
          unitPrice: unitPriceOf(p, term, billing),
        });
      }
    }
  }
  return out;
}
