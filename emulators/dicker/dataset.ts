/**
 * The Dicker Data sandbox's deterministic data: tenants (the partner's customers, each a Microsoft
 * tenant) and CSP feed lines shaped like Dicker's annuity export [C-3p columns; the values are ours].
 * The same seed gives the same data on every machine. Company names come from the sandboxes' shared
 * generators (../sandbox-kit/names.ts), Microsoft products from the TechData sandbox's catalogue;
 * `anchors` put known tenants first (the embedded default passes some of the TechData customers, so
 * automap has CRM accounts to find).
 */
import { DAY_IN_MS, REFERENCE_DATE, addDays, addMonths } from '../sandbox-kit/dates';
import { companyName, countryByCode } from '../sandbox-kit/names';
import { SeededRandom } from '../sandbox-kit/prng';
import { CATALOG, unitPriceOf, type CatalogProduct } from '../techdata/catalog';

export { REFERENCE_DATE };

export type DickerLineStatus = 'Active' | 'Suspended' | 'Cancelled' | 'Expired' | 'Pending';

export interface DickerSandboxTenant {
  tenantId: string;
  tenantName: string;
  country: 'AU' | 'NZ';
}

export interface DickerSandboxLine {
  /** The Microsoft subscription id (GUID). */
  subscriptionId: string;
  tenantId: string;
  /** `P1Y:CFQ7TTC0LCHC:0002:1:` for licences, `DZH318Z0BPS6:0001` for Azure [C-3p format]. */
  stockCode: string;
  reference: string;
  stockDescription: string;
  qty: number;
  chargeType: 'Recurring' | 'Usage';
  status: DickerLineStatus;
  /** What Dicker charges the partner, per licence per billing period. */
  unitPrice: number;
  /** Recommended retail price, per licence per billing period. */
  unitRrp: number;
  revaluationPeriod: 'Monthly' | 'Annual';
  /** ISO dates (yyyy-mm-dd); the wire writes them as 01-Jan-2025. */
  termStart: string;
  termEnd: string;
  startUsage: string;
  endUsage: string;
  /** Truth for tests: the Microsoft product:sku behind the stock code. */
  microsoftOfferId: string;
}

export interface DickerAnchorTenant {
  name: string;
  tenantId?: string;
}

export interface DickerDatasetOptions {
  tenants?: number;
  linesPerTenant?: number;
  anchors?: readonly DickerAnchorTenant[];
}

export interface DickerDataset {
  seed: string | number;
  tenants: DickerSandboxTenant[];
  lines: DickerSandboxLine[];
}

/** The catalogue's prices are USD-like; AUD list prices are about half as much again [I]. */
const AUD_PER_LIST_UNIT = 1.5;

function licenceLine(rng: SeededRandom, tenant: DickerSandboxTenant, product: CatalogProduct): DickerSandboxLine {
  const term = rng.pick(product.terms);
  const billingCode = term === 'P1M' ? '1' : rng.chance(0.75) ? '1' : 'Y';
  const status = rng.weighted<DickerLineStatus>([
    ['Active', 86],
    ['Suspended', 4],
    ['Cancelled', 5],
    ['Expired', 3],
    ['Pending', 2],
  ]);
  const termMonths = term === 'P1M' ? 1 : 12;
  const live = status === 'Active' || status === 'Suspended' || status === 'Pending';
  const termStart = addDays(
    REFERENCE_DATE,
    live ? -rng.int(0, termMonths * 30 - 1) : -rng.int(termMonths * 30 + 1, termMonths * 30 + 400),
  );
  const rrp =
    Math.round(unitPriceOf(product, term, billingCode === 'Y' ? 'Annual' : 'Monthly') * AUD_PER_LIST_UNIT * 100) / 100;
  const [min, max] = product.seats;
  const usageStart =
    billingCode === 'Y'
      ? termStart
      : addMonths(
          termStart,
          Math.max(0, Math.floor((Date.parse(REFERENCE_DATE) - Date.parse(termStart)) / (30 * DAY_IN_MS))),
        );
  return {
    subscriptionId: rng.guid(),
    tenantId: tenant.tenantId,
    stockCode: `${term}:${product.microsoftOfferId}:${billingCode}:`,
    reference: rng.chance(0.5) ? `PO-${rng.int(10000, 99999)}` : '',
    stockDescription: `${product.name} (NCE ${term === 'P1M' ? 'monthly' : 'annual'} term${billingCode === 'Y' ? ', paid annually' : ''})`,
    qty: rng.logUniformInt(min, max),
    chargeType: 'Recurring',
    status,
    unitPrice: Math.round(rrp * (0.82 + rng.float() * 0.08) * 100) / 100,
    unitRrp: rrp,
    revaluationPeriod: billingCode === 'Y' ? 'Annual' : 'Monthly',
    termStart,
    termEnd: addDays(addMonths(termStart, termMonths), -1),
    startUsage: usageStart,
    endUsage: addDays(addMonths(usageStart, billingCode === 'Y' ? 12 : 1), -1),
    microsoftOfferId: product.microsoftOfferId,
  };
}

function azureLine(rng: SeededRandom, tenant: DickerSandboxTenant): DickerSandboxLine {
  const start = addDays(REFERENCE_DATE, -rng.int(30, 600));
  const usage = addMonths(REFERENCE_DATE, -1);
  return {
    subscriptionId: rng.guid(),
    tenantId: tenant.tenantId,
    stockCode: 'DZH318Z0BPS6:0001',
    reference: '',
    stockDescription: 'Azure plan (consumption)',
    qty: 1,
    chargeType: 'Usage',
    status: 'Active',
    unitPrice: Math.round(rng.float() * 800 * 100) / 100,
    unitRrp: 0,
    revaluationPeriod: 'Monthly',
    termStart: start,
    termEnd: addDays(addMonths(start, 36), -1),
    startUsage: usage,
    endUsage: addDays(REFERENCE_DATE, -1),
    microsoftOfferId: 'DZH318Z0BPS6:0001',
  };
}

export function generateDickerDataset(seed: string | number, options: DickerDatasetOptions = {}): DickerDataset {
  const rng = new SeededRandom(seed, 'dicker-dataset');
  const count = options.tenants ?? 20;
  const perTenant = options.linesPerTenant ?? 4;
  const anchors = options.anchors ?? [];
  const tenants: DickerSandboxTenant[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const country = rng.chance(0.75) ? 'AU' : 'NZ';
    const anchor = anchors[i];
    let name = anchor?.name ?? companyName(rng, countryByCode(country));
    for (let attempt = 0; !anchor && used.has(name) && attempt < 8; attempt++)
      name = companyName(rng, countryByCode(country));
    used.add(name);
    // Dicker's export writes tenant names in capitals now and then [I]; the connector must not care.
    const tenantName = !anchor && rng.chance(0.1) ? name.toUpperCase() : name;
    tenants.push({ tenantId: anchor?.tenantId ?? rng.guid(), tenantName, country });
  }
  const lines: DickerSandboxLine[] = [];
  for (const tenant of tenants) {
    const n = Math.max(1, perTenant + rng.int(-Math.floor(perTenant / 2), Math.floor(perTenant / 2)));
    for (let j = 0; j < n; j++)
      lines.push(licenceLine(rng, tenant, rng.weighted(CATALOG.map((p) => [p, p.weight] as const))));
    if (rng.chance(0.2)) lines.push(azureLine(rng, tenant));
  }
  return { seed, tenants, lines };
}
