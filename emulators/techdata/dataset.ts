/**
 * The sandbox's deterministic data: `generateTechDataDataset(seed, customers, subsPerCustomer)` gives the
 * same customers and subscriptions for the same arguments on every machine, so demo data and tests can
 * build CRM accounts that match some of the customers. Dates are relative to a fixed reference day, not
 * to "now", for the same reason.
 */
import { REFERENCE_DATE, addDays } from '../sandbox-kit/dates';
import {
  ANCHOR_NAMES,
  companyName,
  contactName,
  countryByCode,
  nearDuplicateOf,
  pickCountry,
  slugOf,
  type CountryProfile,
} from '../sandbox-kit/names';
import { SeededRandom } from '../sandbox-kit/prng';
import { CATALOG, techDataSku, unitPriceOf, type BillingFrequency, type CatalogProduct } from './catalog';

export { REFERENCE_DATE };

/** A TechData end customer as the sandbox holds it (the truth behind the wire shape). */
export interface SandboxCustomer {
  endCustomerId: string;
  companyName: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  city: string;
  country: string;
  status: 'Active' | 'Inactive';
  /** Present when TechData knows the customer's Microsoft tenant [I: about three in four]. */
  microsoftTenantId?: string;
  microsoftDomain?: string;
}

export type SandboxLineStatus = 'active' | 'suspended' | 'cancelled' | 'expired' | 'pending';

export interface SandboxSubscription {
  /** TechData's subscription id: the key of the single-key object on the wire. */
  subscriptionId: string;
  endCustomerId: string;
  orderNumber: string;
  /** TechData SKU (numeric material number) [I]. */
  sku: string;
  productType: string;
  name: string;
  quantity: number;
  unitPrice: number;
  unitCost: number;
  lineStatus: SandboxLineStatus;
  microsoftSubscriptionId: string;
  microsoftOfferId: string;
  billingFrequency: BillingFrequency;
  termDuration: 'P1M' | 'P1Y';
  startDate: string;
  endDate: string;
  autoRenew: boolean;
  endCustomerPO?: string;
}

export interface TechDataDataset {
  seed: string | number;
  customers: SandboxCustomer[];
  subscriptions: SandboxSubscription[];
}

const FIRST_CUSTOMER_ID = 1_000_000;
const FIRST_SUBSCRIPTION_ID = 70_000_000;

function addTerm(iso: string, term: 'P1M' | 'P1Y'): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (term === 'P1M') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  // NCE end dates are inclusive: the day before the anniversary [C: Partner Center docs].
  return addDays(d.toISOString().slice(0, 10), -1);
}

/** Quantities are mostly small, sometimes large: log-uniform within the product's seat range. */
function quantityFor(rng: SeededRandom, product: CatalogProduct): number {
  const [min, max] = product.seats;
  return rng.logUniformInt(min, max);
}

function makeCustomer(
  rng: SeededRandom,
  id: number,
  name: string,
  country: CountryProfile,
  usedTenantSlugs: Map<string, number>,
): SandboxCustomer {
  const slug = slugOf(name);
  const contact = contactName(rng);
  const customDomain = `${slug}.${country.tld}`;
  const customer: SandboxCustomer = {
    endCustomerId: String(id),
    companyName: name,
    email: rng.chance(0.5)
      ? `it@${customDomain}`
      : `${slugOf(contact.firstName)}.${slugOf(contact.lastName)}@${customDomain}`,
    firstName: contact.firstName,
    lastName: contact.lastName,
    phone: `${country.phonePrefix} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`,
    city: rng.pick(country.cities),
    country: country.code,
    status: rng.chance(0.95) ? 'Active' : 'Inactive',
  };
  const roll = rng.float();
  if (roll < 0.75) {
    customer.microsoftTenantId = rng.guid();
    // Initial domains are unique across Microsoft, so near-duplicates get a numbered one.
    const n = usedTenantSlugs.get(slug) ?? 0;
    usedTenantSlugs.set(slug, n + 1);
    const initial = `${slug.slice(0, 24)}${n === 0 ? '' : n + 1}.onmicrosoft.com`;
    customer.microsoftDomain = rng.chance(0.5) ? initial : customDomain;
  } else if (roll < 0.85) {
    customer.microsoftDomain = customDomain;
  }
  return customer;
}

function makeSubscription(rng: SeededRandom, id: number, customer: SandboxCustomer): SandboxSubscription {
  const product = rng.weighted(CATALOG.map((p) => [p, p.weight] as const));
  const term = rng.pick(product.terms);
  const billing: BillingFrequency = term === 'P1M' ? 'Monthly' : rng.chance(0.8) ? 'Monthly' : 'Annual';
  const lineStatus = rng.weighted<SandboxLineStatus>([
    ['active', 85],
    ['suspended', 4],
    ['cancelled', 6],
    ['expired', 3],
    ['pending', 2],
  ]);
  const termDays = term === 'P1M' ? 30 : 365;
  // Live lines are inside their current term; ended ones ended some time before the reference day.
  const start =
    lineStatus === 'active' || lineStatus === 'suspended' || lineStatus === 'pending'
      ? addDays(REFERENCE_DATE, -rng.int(0, termDays - 1))
      : addDays(REFERENCE_DATE, -rng.int(termDays + 1, termDays + 700));
  const unitPrice = unitPriceOf(product, term, billing);
  const sub: SandboxSubscription = {
    subscriptionId: String(id),
    endCustomerId: customer.endCustomerId,
    orderNumber: `TD${rng.int(100_000_000, 999_999_999)}`,
    sku: techDataSku(product, term, billing),
    productType: product.productType,
    name: product.name,
    quantity: quantityFor(rng, product),
    unitPrice,
    // Partners buy at a distributor discount of a few per cent [I].
    unitCost: Math.round(unitPrice * (0.82 + rng.float() * 0.1) * 100) / 100,
    lineStatus,
    microsoftSubscriptionId: rng.guid(),
    microsoftOfferId: product.microsoftOfferId,
    billingFrequency: billing,
    termDuration: term,
    startDate: start,
    endDate: addTerm(start, term),
    autoRenew: lineStatus === 'cancelled' ? false : rng.chance(0.9),
  };
  if (rng.chance(0.3)) sub.endCustomerPO = `PO-${rng.int(10_000, 99_999)}`;
  return sub;
}

/** Subscriptions per customer vary around the mean in pairs (+k, -k), so the total is exact. */
function subscriptionCounts(rng: SeededRandom, customers: number, mean: number): number[] {
  const counts = new Array<number>(customers).fill(mean);
  for (let i = 0; i + 1 < customers; i += 2) {
    const k = rng.int(0, Math.floor(mean / 2));
    counts[i] = mean + k;
    counts[i + 1] = mean - k;
  }
  return counts;
}

/**
 * @param seed any text or number; the same seed gives the same data
 * @param customers how many end customers
 * @param subsPerCustomer mean subscriptions per customer (the total is exactly customers × this)
 */
export function generateTechDataDataset(
  seed: string | number,
  customers: number,
  subsPerCustomer = 10,
): TechDataDataset {
  const rng = new SeededRandom(seed, 'techdata-dataset');
  const usedNames = new Set<string>();
  const usedTenantSlugs = new Map<string, number>();
  const out: SandboxCustomer[] = [];
  let nextId = FIRST_CUSTOMER_ID;
  for (let i = 0; i < customers; i++) {
    nextId += rng.int(1, 7);
    let name: string;
    let country: CountryProfile;
    if (i < ANCHOR_NAMES.length) {
      name = ANCHOR_NAMES[i][0];
      country = countryByCode(ANCHOR_NAMES[i][1]);
    } else if (out.length > 0 && rng.chance(0.03)) {
      // A near-duplicate of an earlier customer (another account of the same business, or a typo).
      const original = rng.pick(out);
      name = nearDuplicateOf(rng, original.companyName);
      country = countryByCode(original.country);
    } else if (out.length > 0 && rng.chance(0.005)) {
      // Exactly the same name: two franchisees, or an account opened twice. Automap must not pick one.
      const original = rng.pick(out);
      name = original.companyName;
      country = countryByCode(original.country);
    } else {
      country = pickCountry(rng);
      name = companyName(rng, country);
      for (let attempt = 0; usedNames.has(name) && attempt < 8; attempt++) name = companyName(rng, country);
      if (usedNames.has(name)) name = name.replace(/ (\S+)$/, ` ${rng.pick(country.cities)} $1`);
    }
    usedNames.add(name);
    out.push(makeCustomer(rng, nextId, name, country, usedTenantSlugs));
  }
  const counts = subscriptionCounts(rng, out.length, subsPerCustomer);
  const subscriptions: SandboxSubscription[] = [];
  let nextSubscriptionId = FIRST_SUBSCRIPTION_ID;
  out.forEach((customer, i) => {
    for (let j = 0; j < counts[i]; j++) {
      nextSubscriptionId += rng.int(1, 3);
      subscriptions.push(makeSubscription(rng, nextSubscriptionId, customer));
    }
  });
  // The reseller-wide listing is in subscription id order [I]; ids were handed out customer by customer.
  return { seed, customers: out, subscriptions };
}
