/**
 * The Ion sandbox's deterministic data: `generateIonDataset(seed, options)` gives the same customers,
 * cloud profiles and subscriptions for the same arguments on every machine. Company names and countries
 * come from the sandboxes' shared generators (../sandbox-kit/names.ts), Microsoft products from the
 * TechData sandbox's catalogue (the same partner buys the same products through several distributors). Optional `anchors` put known customers first (the embedded
 * default passes some of the TechData customers, so automap has CRM accounts to find).
 * Value shapes follow the real anonymised Ion response (../shared/reference/tdsynnex-ion-v3) [C];
 * how often each kind of line occurs is invented [I].
 */
import { DAY_IN_MS, REFERENCE_DATE } from '../sandbox-kit/dates';
import {
  companyName,
  contactName,
  countryByCode,
  pickCountry,
  slugOf,
  type CountryProfile,
} from '../sandbox-kit/names';
import { SeededRandom } from '../sandbox-kit/prng';
import { CATALOG, unitPriceOf, type CatalogProduct } from '../techdata/catalog';
import { addQuantityHistory, type QuantityStep } from './history';

export { REFERENCE_DATE };

export type IonLineStatus = 'active' | 'suspended' | 'cancelled' | 'expired' | 'pending' | 'failed';

export interface IonSandboxCustomer {
  /** "Customer Id in CCP", an integer as text [C]. */
  customerId: string;
  organization: string;
  contactName: string;
  email: string;
  phone: string;
  street: string;
  city: string;
  zip: string;
  state: string;
  country: string;
  languageCode: string;
  status: 'ACTIVE' | 'INACTIVE';
  createTime: string;
  updateTime: string;
  /** The Microsoft cloud profile (providerId 30); absent for customers Ion has no Microsoft tenant for. */
  microsoft?: { tenantId?: string; domain?: string; enabled: boolean };
}

export interface IonSandboxSubscription {
  /** The Ion line id [C]. */
  id: string;
  customerId: string;
  /** "30" Microsoft [I]; other providers' lines must be left out by the connector. */
  cloudProviderId: string;
  /** The provider's id of the subscription: the Microsoft subscription GUID. */
  subscriptionId: string;
  subscriptionName: string;
  resourceType: 'AZURE::Subscription' | 'AWS::Resource';
  ccpProductId: string;
  ccpSkuId: string;
  ccpPlanId: string;
  productDisplayName: string;
  skuDisplayName: string;
  planDisplayName: string;
  subscriptionProductId: string;
  subscriptionSkuId: string;
  subscriptionOfferId: string;
  /** Absent on Azure plan and non-Microsoft lines [C]. */
  mfgPartNumber?: string;
  /** The Microsoft product:sku behind the line (truth for tests), when it has one. */
  microsoftOfferId?: string;
  quantity: number;
  unitType: 'Licenses';
  status: IonLineStatus;
  purchasedDate: string;
  startDate: string;
  endDate: string;
  cancellationAllowedUntilDate: string;
  billingType: 'license';
  billingCycle: 'monthly' | 'annual';
  billingTerm?: 'P1M' | 'P1Y';
  renewStatus: 'ENABLED' | 'DISABLED';
  autoRenew: boolean;
  isTrial: boolean;
  price: number;
  cost: number;
  msrp: number;
  resellerPO?: string;
  customerPO?: string;
  lastUpdatedDate: string;
  /** Seats over time, when they changed (billing reports prorate the changes); else `quantity` from the start. */
  quantityHistory?: QuantityStep[];
}

export interface IonAnchorCustomer {
  name: string;
  country?: string;
  tenantId?: string;
  domain?: string;
}

export interface IonDatasetOptions {
  customers?: number;
  subscriptionsPerCustomer?: number;
  /** Customers that come first, as given. */
  anchors?: readonly IonAnchorCustomer[];
}

export interface IonDataset {
  seed: string | number;
  customers: IonSandboxCustomer[];
  subscriptions: IonSandboxSubscription[];
}

const LANGUAGES: Record<string, string> = {
  GB: 'en',
  US: 'en',
  IE: 'en',
  AU: 'en',
  NZ: 'en',
  DE: 'de',
  SE: 'sv',
  NL: 'nl',
  FR: 'fr',
  CH: 'de',
  ES: 'es',
  DK: 'da',
};

function isoAt(day: string, days: number, hour = 8): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_IN_MS + hour * 3_600_000).toISOString();
}

function addTerm(iso: string, term: 'P1M' | 'P1Y'): string {
  const d = new Date(iso);
  if (term === 'P1M') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString();
}

function makeCustomer(
  rng: SeededRandom,
  id: number,
  name: string,
  country: CountryProfile,
  anchor?: IonAnchorCustomer,
): IonSandboxCustomer {
  const contact = contactName(rng);
  const slug = slugOf(name);
  const created = isoAt(REFERENCE_DATE, -rng.int(30, 900), rng.int(7, 18));
  const customer: IonSandboxCustomer = {
    customerId: String(id),
    organization: name,
    contactName: `${contact.firstName} ${contact.lastName}`,
    email: `${slugOf(contact.firstName)}.${slugOf(contact.lastName)}@${slug}.${country.tld}`,
    phone: `${country.phonePrefix} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`,
    street: `${rng.int(1, 250)} ${rng.pick(['High Street', 'Main Street', 'Station Road', 'Harbour Way', 'Kungsgatan', 'Hauptstraße'])}`,
    city: rng.pick(country.cities),
    zip: String(rng.int(10000, 99999)),
    state:
      country.code === 'US'
        ? rng.pick(['WA', 'TX', 'CO', 'MA', 'IL'])
        : country.code === 'AU'
          ? rng.pick(['NSW', 'VIC', 'QLD'])
          : '',
    country: country.code,
    languageCode: LANGUAGES[country.code] ?? 'en',
    status: rng.chance(0.95) ? 'ACTIVE' : 'INACTIVE',
    createTime: created,
    updateTime: isoAt(created.slice(0, 10), rng.int(0, 25)),
  };
  if (anchor) {
    if (anchor.tenantId || anchor.domain)
      customer.microsoft = {
        ...(anchor.tenantId ? { tenantId: anchor.tenantId } : {}),
        ...(anchor.domain ? { domain: anchor.domain } : {}),
        enabled: true,
      };
    return customer;
  }
  const roll = rng.float();
  // Most customers have a Microsoft profile with a tenant; a few have one without (not provisioned
  // yet), a few none at all (cloud profiles of other providers only) [I].
  if (roll < 0.8)
    customer.microsoft = {
      tenantId: rng.guid(),
      domain: `${slug.slice(0, 24)}${rng.int(0, 9) === 0 ? rng.int(2, 9) : ''}.onmicrosoft.com`,
      enabled: true,
    };
  else if (roll < 0.9) customer.microsoft = { enabled: true };
  return customer;
}

/** Ion catalogue ids look like the sample's "Microsoft365EandFNCE-demonce" / "Microsoft-365-Business-Basic-EEA" / "Monthly-n69" [C shape]. */
function ccpIds(product: CatalogProduct, term: 'P1M' | 'P1Y', billing: 'monthly' | 'annual', planNumber: number) {
  const skuName = product.name.replace(/[()]/g, '').replace(/\s+/g, '-');
  return {
    ccpProductId: product.productType.includes('Dynamics') ? 'Dynamics365NCE' : 'Microsoft365NCE',
    ccpSkuId: skuName,
    ccpPlanId: `${term === 'P1M' ? 'Monthly' : billing === 'annual' ? 'Annual-Upfront' : 'Annual'}-n${planNumber}`,
  };
}

function makeLicenceLine(rng: SeededRandom, id: number, customer: IonSandboxCustomer): IonSandboxSubscription {
  const product = rng.weighted(CATALOG.map((p) => [p, p.weight] as const));
  const term = rng.pick(product.terms);
  const billing: 'monthly' | 'annual' = term === 'P1M' ? 'monthly' : rng.chance(0.8) ? 'monthly' : 'annual';
  const status = rng.weighted<IonLineStatus>([
    ['active', 84],
    ['suspended', 4],
    ['cancelled', 5],
    ['expired', 3],
    ['pending', 2],
    ['failed', 2],
  ]);
  const termDays = term === 'P1M' ? 30 : 365;
  const live = status === 'active' || status === 'suspended' || status === 'pending';
  const start = isoAt(
    REFERENCE_DATE,
    live ? -rng.int(0, termDays - 1) : -rng.int(termDays + 1, termDays + 500),
    rng.int(7, 18),
  );
  const [msProduct, msSku] = product.microsoftOfferId.split(':');
  const commaFormat = rng.chance(0.3);
  const price = unitPriceOf(product, term, billing === 'annual' ? 'Annual' : 'Monthly');
  const [min, max] = product.seats;
  const quantity = rng.logUniformInt(min, max);
  const line: IonSandboxSubscription = {
    id: String(id),
    customerId: customer.customerId,
    cloudProviderId: '30',
    subscriptionId: rng.guid(),
    subscriptionName: rng.chance(0.5) ? product.name : `${product.name} - ${customer.city}`,
    resourceType: 'AZURE::Subscription',
    ...ccpIds(product, term, billing, rng.int(10, 99)),
    productDisplayName: product.productType.includes('Dynamics') ? 'Dynamics 365 NCE' : 'Microsoft 365 NCE',
    skuDisplayName: product.name,
    planDisplayName: `${product.name} (${term === 'P1M' ? 'monthly' : 'annual'} term)`,
    // Both shapes occur in real answers: "NL,CFQ7TTC0LH18,0001" and "CFQ7TTC0LFLZ:0002:CFQ7TTC0RN98" [C].
    subscriptionProductId: commaFormat ? 'NL' : msProduct,
    subscriptionSkuId: commaFormat ? msProduct : msSku,
    subscriptionOfferId: commaFormat
      ? `NL,${msProduct},${msSku}`
      : `${msProduct}:${msSku}:CFQ7TTC0${rng.hex(4).toUpperCase()}`,
    mfgPartNumber: `${product.microsoftOfferId}:${term}:${billing === 'annual' ? 'A' : 'M'}`,
    microsoftOfferId: product.microsoftOfferId,
    quantity,
    unitType: 'Licenses',
    status,
    purchasedDate: start,
    startDate: start,
    endDate: addTerm(start, term),
    cancellationAllowedUntilDate: isoAt(start.slice(0, 10), 7, 8),
    billingType: 'license',
    billingCycle: billing,
    billingTerm: term,
    renewStatus: status === 'cancelled' ? 'DISABLED' : 'ENABLED',
    autoRenew: status !== 'cancelled' && rng.chance(0.9),
    isTrial: false,
    price,
    // Partners buy at a distributor discount of a few per cent [I].
    cost: Math.round(price * (0.82 + rng.float() * 0.1) * 100) / 100,
    msrp: price,
    lastUpdatedDate: isoAt(start.slice(0, 10), rng.int(0, 20), 9),
  };
  if (rng.chance(0.3)) line.resellerPO = String(rng.int(100000, 999999));
  if (rng.chance(0.3)) line.customerPO = String(rng.int(1000000, 9999999));
  return line;
}

/**
 * An Azure plan line, as in the real sample [C]: no mfgPartNumber, quantity "1", offer
 * "DZH318Z0BPS6:0001:CFQ7TTC0RN98", monthly P1M, price 0, and an end date equal to its start date.
 */
function makeAzureLine(rng: SeededRandom, id: number, customer: IonSandboxCustomer): IonSandboxSubscription {
  const start = isoAt(REFERENCE_DATE, -rng.int(30, 700), 10);
  return {
    id: String(id),
    customerId: customer.customerId,
    cloudProviderId: '30',
    subscriptionId: rng.guid(),
    subscriptionName: 'Azure Plan',
    resourceType: 'AZURE::Subscription',
    ccpProductId: 'MSAZURE',
    ccpSkuId: 'Azure-Plan',
    ccpPlanId: 'Monthly',
    productDisplayName: 'Microsoft Azure Plan',
    skuDisplayName: 'Azure Plan',
    planDisplayName: 'Monthly',
    subscriptionProductId: 'DZH318Z0BPS6',
    subscriptionSkuId: '0001',
    subscriptionOfferId: 'DZH318Z0BPS6:0001:CFQ7TTC0RN98',
    microsoftOfferId: 'DZH318Z0BPS6:0001',
    quantity: 1,
    unitType: 'Licenses',
    status: 'active',
    purchasedDate: start,
    startDate: start,
    endDate: start,
    cancellationAllowedUntilDate: isoAt(start.slice(0, 10), 15, 10),
    billingType: 'license',
    billingCycle: 'monthly',
    billingTerm: 'P1M',
    renewStatus: 'ENABLED',
    autoRenew: true,
    isTrial: false,
    price: 0,
    cost: 0,
    msrp: 0,
    lastUpdatedDate: isoAt(start.slice(0, 10), 0, 11),
  };
}

/** A line of another cloud provider (AWS), which the connector must leave out. */
function makeOtherProviderLine(rng: SeededRandom, id: number, customer: IonSandboxCustomer): IonSandboxSubscription {
  const { microsoftOfferId: _none, ...line } = makeAzureLine(rng, id, customer);
  return {
    ...line,
    resourceType: 'AWS::Resource',
    cloudProviderId: '5',
    subscriptionId: String(rng.int(100000000000, 999999999999)),
    subscriptionName: 'AWS account',
    ccpProductId: 'AmazonWebServices',
    ccpSkuId: 'AWS-Account',
    ccpPlanId: 'Monthly-usage',
    productDisplayName: 'Amazon Web Services',
    skuDisplayName: 'AWS account',
    planDisplayName: 'AWS account (usage)',
    subscriptionProductId: 'AWS',
    subscriptionSkuId: 'ACCOUNT',
    subscriptionOfferId: 'AWS,ACCOUNT',
  };
}

export function generateIonDataset(seed: string | number, options: IonDatasetOptions = {}): IonDataset {
  const rng = new SeededRandom(seed, 'ion-dataset');
  const count = options.customers ?? 30;
  const perCustomer = options.subscriptionsPerCustomer ?? 5;
  const anchors = options.anchors ?? [];
  const customers: IonSandboxCustomer[] = [];
  const usedNames = new Set<string>();
  let nextId = 306_000;
  for (let i = 0; i < count; i++) {
    nextId += rng.int(1, 9);
    const anchor = anchors[i];
    const country = anchor ? countryByCode(anchor.country ?? 'GB') : pickCountry(rng);
    let name = anchor?.name ?? companyName(rng, country);
    for (let attempt = 0; !anchor && usedNames.has(name) && attempt < 8; attempt++) name = companyName(rng, country);
    usedNames.add(name);
    customers.push(makeCustomer(rng, nextId, name, country, anchor));
  }
  const subscriptions: IonSandboxSubscription[] = [];
  let nextLine = 2_270_000;
  for (const customer of customers) {
    const lines = Math.max(1, perCustomer + rng.int(-Math.floor(perCustomer / 2), Math.floor(perCustomer / 2)));
    for (let j = 0; j < lines; j++) {
      nextLine += rng.int(1, 40);
      subscriptions.push(makeLicenceLine(rng, nextLine, customer));
    }
    if (rng.chance(0.15)) subscriptions.push(makeAzureLine(rng, (nextLine += 7), customer));
    if (rng.chance(0.08)) subscriptions.push(makeOtherProviderLine(rng, (nextLine += 11), customer));
  }
  addQuantityHistory(subscriptions, seed);
  return { seed, customers, subscriptions };
}
