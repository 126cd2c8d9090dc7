/**
 * Data for the reconciliation benchmarks (pure, deterministic for a seed): a provider with `customers`
 * mapped customers and `subscriptions` subscriptions (monthly licences, a few licences paid up front
 * earlier, Azure plans), their License Change Log, the catalogue and billing contracts, and a June 2025
 * invoice of about 1.2 lines per subscription that matches them exactly (recurring lines, proration
 * lines for mid-period changes, usage lines) except for the planted variances: about 1% of the lines,
 * spread evenly over every variance type that one invoice can have, each on subscriptions and customers
 * of its own so that no two interfere. An empty invoice over the same data stands for "invoice empty".
 * `planted` is the truth the benchmark checks the findings against.
 */
import { SeededRandom } from '../../emulators/sandbox-kit/prng';
import type {
  BillingContractFacts,
  CatalogFacts,
  InvoiceFacts,
  InvoiceLineFacts,
  LicenseChangeFacts,
  ProviderAccountFacts,
  ReconcileInput,
  SubscriptionFacts,
  VarianceTypeName,
} from '../../plugins/sync/reconcile';

export interface ReconcileBenchOptions {
  customers: number;
  subscriptions: number;
  seed?: string | number;
  /** Planted variances as a share of the invoice's lines. Default 0.01. */
  plantedShare?: number;
}

/** One planted variance: its type and what identifies it among the findings. */
export interface PlantedVariance {
  type: VarianceTypeName;
  subscriptionId?: string;
  customerId?: string;
  sku?: string;
  lineNumber?: number;
}

export interface ReconcileBenchData {
  input: ReconcileInput;
  /** The same CRM facts with an invoice of no lines (the "invoice empty" case). */
  emptyInvoice: InvoiceFacts;
  planted: PlantedVariance[];
}

const PERIOD = { start: '2025-06-01', end: '2025-06-30', days: 30 };
const PROVIDER = '6a0f3a4e-bbbb-4000-8000-000000000017';
const AZURE = 'DZH318Z0BPS6:0001';
/** The planted types of the main invoice (invoice empty is the empty invoice's). */
const PLANTED_TYPES: VarianceTypeName[] = [
  'quantity',
  'unitCost',
  'priceBelowCost',
  'missingInCrm',
  'missingOnInvoice',
  'unmappedSku',
  'unmappedAccount',
  'currencyMismatch',
  'duplicateLine',
  'customerNoLines',
];

type Kind = 'monthly' | 'annual' | 'azure';
interface Sub {
  facts: SubscriptionFacts;
  kind: Kind;
  customer: number;
  /** Lines before planting, by kind. */
  lines: InvoiceLineFacts[];
  reserved: boolean;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const customerId = (i: number) => `cust-${pad(i, 6)}`;
const day = (n: number) => `2025-06-${pad(n, 2)}`;
const cents = (n: number) => Math.round(n * 100) / 100;

function catalogOf(rng: SeededRandom): CatalogFacts[] {
  const skus: CatalogFacts[] = [];
  for (let i = 0; i < 40; i++) {
    const cost = cents(4 + rng.float() * 56);
    skus.push({
      sku: `CFQ7TTC0${pad(i, 4)}:0001:P1M:M`,
      productId: `prod-${i}`,
      unitCost: cost,
      unitPrice: cents(cost * 1.3),
    });
  }
  skus.push({ sku: AZURE, productId: 'prod-azure', unitCost: 0, unitPrice: 0 });
  return skus;
}

function recurring(sub: SubscriptionFacts, customer: string, quantity: number): InvoiceLineFacts {
  return {
    lineNumber: 0,
    customerId: customer,
    providerSubscriptionId: sub.providerSubscriptionId,
    sku: sub.sku,
    description: sub.sku,
    quantity,
    unitCost: sub.unitCost!,
    unitPrice: sub.unitPrice,
    amount: cents(quantity * sub.unitCost!),
    chargeType: 'recurring',
    periodStart: PERIOD.start,
    periodEnd: PERIOD.end,
  };
}

function makeSub(rng: SeededRandom, i: number, customer: number, catalog: CatalogFacts[]): Sub {
  const roll = rng.float();
  const kind: Kind = roll < 0.1 ? 'azure' : roll < 0.15 ? 'annual' : 'monthly';
  const item = kind === 'azure' ? catalog[catalog.length - 1] : catalog[rng.int(0, catalog.length - 2)];
  const quantity = kind === 'azure' ? 1 : rng.logUniformInt(1, 60);
  const facts: SubscriptionFacts = {
    id: `s-${pad(i, 7)}`,
    providerSubscriptionId: `ps-${pad(i, 7)}`,
    providerAccountId: `pa-${pad(customer, 6)}`,
    sku: item.sku,
    quantity,
    status: 'active',
    unitCost: kind === 'annual' ? cents(item.unitCost! * 12) : item.unitCost,
    unitPrice: kind === 'annual' ? cents(item.unitPrice! * 12) : item.unitPrice,
    billingContractId: `bc-${pad(customer, 6)}`,
    startDate: `2024-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`,
    ...(kind === 'annual' ? { billingCycle: 'annual' as const } : {}),
  };
  // An annual term that started this month would be charged now: keep those out of "paid earlier".
  if (kind === 'annual' && facts.startDate!.slice(5, 7) === '06')
    facts.startDate = `2024-05-${facts.startDate!.slice(8)}`;
  const cust = customerId(customer);
  const lines =
    kind === 'monthly'
      ? [recurring(facts, cust, quantity)]
      : kind === 'azure'
        ? [
            {
              ...recurring(facts, cust, 1),
              chargeType: 'usage' as const,
              unitCost: 0,
              amount: cents(rng.float() * 900),
            },
          ]
        : [];
  return { facts, kind, customer, lines, reserved: false };
}

/** A mid-period change of seats: its log entry and its proration line. */
function change(rng: SeededRandom, sub: Sub, changes: LicenseChangeFacts[]): void {
  const from = rng.int(2, 28);
  const delta = sub.facts.quantity > 1 && rng.chance(0.3) ? -rng.int(1, sub.facts.quantity - 1) : rng.int(1, 10);
  const after = sub.facts.quantity + delta;
  changes.push({
    subscriptionId: sub.facts.id,
    effectiveDate: `${day(from)}T01:00:00Z`,
    changeType: delta > 0 ? 'increase' : 'decrease',
    quantityDelta: delta,
    quantityAfter: after,
  });
  sub.facts.quantity = after;
  const days = PERIOD.days - from + 1;
  sub.lines.push({
    ...sub.lines[0],
    quantity: delta,
    amount: cents((delta * sub.facts.unitCost! * days) / PERIOD.days),
    chargeType: 'proration',
    periodStart: day(from),
  });
}

function shuffled<T>(rng: SeededRandom, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

interface World {
  rng: SeededRandom;
  subs: Sub[];
  byCustomer: Sub[][];
  accounts: ProviderAccountFacts[];
  extraLines: InvoiceLineFacts[];
  planted: PlantedVariance[];
  catalog: CatalogFacts[];
}

/** One monthly licence subscription each from `count` customers nobody planted on yet, reserved. */
function takeSubs(w: World, count: number, customerFree: boolean[], needsOthers = false): Sub[] {
  const out: Sub[] = [];
  for (const c of shuffled(w.rng, [...w.byCustomer.keys()])) {
    if (out.length >= count) break;
    const list = w.byCustomer[c];
    const sub = list.find((s) => s.kind === 'monthly' && !s.reserved);
    if (!customerFree[c] || !sub || (needsOthers && list.filter((s) => s.lines.length).length < 2)) continue;
    customerFree[c] = false;
    sub.reserved = true;
    out.push(sub);
  }
  return out;
}

function plantOnSubs(w: World, perType: number, free: boolean[]): void {
  // The type names the plant for the reader; each edit returns its truth.
  const plant = (_type: VarianceTypeName, needsOthers: boolean, edit: (s: Sub, n: number) => PlantedVariance) =>
    takeSubs(w, perType, free, needsOthers).forEach((s, n) => w.planted.push(edit(s, n)));
  plant('quantity', false, (s) => {
    const l = s.lines[0];
    Object.assign(l, { quantity: l.quantity + 2, amount: cents((l.quantity + 2) * l.unitCost) });
    return { type: 'quantity', subscriptionId: s.facts.id };
  });
  plant('unitCost', false, (s) => {
    const l = s.lines[0];
    Object.assign(l, {
      unitCost: cents(l.unitCost * 1.1 + 0.05),
      amount: cents(l.quantity * cents(l.unitCost * 1.1 + 0.05)),
    });
    return { type: 'unitCost', subscriptionId: s.facts.id };
  });
  plant('priceBelowCost', false, (s) => {
    s.facts.unitPrice = cents(s.facts.unitCost! * 0.85);
    return { type: 'priceBelowCost', subscriptionId: s.facts.id };
  });
  plant('missingOnInvoice', true, (s) => {
    s.lines = [];
    return { type: 'missingOnInvoice', subscriptionId: s.facts.id };
  });
  plant('unmappedSku', false, (s, n) => {
    s.facts.sku = `UNMAPPED-SKU-${pad(n, 4)}`;
    s.lines[0].sku = s.facts.sku;
    return { type: 'unmappedSku', sku: s.facts.sku };
  });
  plant('currencyMismatch', false, (s) => {
    s.lines[0].currencyCode = 'NZD';
    return { type: 'currencyMismatch', subscriptionId: s.facts.id };
  });
  plant('duplicateLine', false, (s) => {
    s.lines.push({ ...s.lines[0] });
    return { type: 'duplicateLine', subscriptionId: s.facts.id };
  });
}

function plantOnCustomers(w: World, perType: number, free: boolean[]): void {
  for (const c of shuffled(w.rng, [...w.byCustomer.keys()])
    .filter((c) => free[c] && w.byCustomer[c].some((s) => s.lines.length))
    .slice(0, perType)) {
    free[c] = false;
    for (const s of w.byCustomer[c]) s.lines = [];
    w.planted.push({ type: 'customerNoLines', customerId: customerId(c) });
  }
  // Customers that still have lines (not the ones above): an extra line there changes nothing else.
  const onInvoice = [...w.byCustomer.keys()].filter((c) => free[c]);
  for (let n = 0; n < perType && onInvoice.length; n++) {
    const c = onInvoice[w.rng.int(0, onInvoice.length - 1)];
    const item = w.catalog[w.rng.int(0, w.catalog.length - 2)];
    const sub = {
      sku: item.sku,
      providerSubscriptionId: `ps-new-${pad(n, 5)}`,
      unitCost: item.unitCost,
      unitPrice: item.unitPrice,
    } as SubscriptionFacts;
    w.extraLines.push(recurring(sub, customerId(c), w.rng.int(1, 20)));
    w.planted.push({ type: 'missingInCrm', customerId: customerId(c), sku: item.sku });
  }
  for (let n = 0; n < perType; n++) {
    const id = `unmapped-${pad(n, 5)}`;
    w.accounts.push({ id: `pa-${id}`, providerSpecificId: id, name: `Unmapped ${n}` });
    const item = w.catalog[w.rng.int(0, w.catalog.length - 2)];
    const sub = {
      sku: item.sku,
      providerSubscriptionId: `ps-${id}`,
      unitCost: item.unitCost,
      unitPrice: item.unitPrice,
    } as SubscriptionFacts;
    w.extraLines.push(recurring(sub, id, w.rng.int(1, 20)));
    w.planted.push({ type: 'unmappedAccount', customerId: id });
  }
}

export function generateReconcileBenchData(options: ReconcileBenchOptions): ReconcileBenchData {
  const rng = new SeededRandom(options.seed ?? 17, 'reconcile-bench');
  const catalog = catalogOf(rng);
  const customers = Math.max(1, options.customers);
  const subs = Array.from({ length: options.subscriptions }, (_, i) =>
    makeSub(rng, i + 1, Math.floor((i * customers) / options.subscriptions), catalog),
  );
  const byCustomer: Sub[][] = Array.from({ length: customers }, () => []);
  for (const s of subs) byCustomer[s.customer].push(s);
  const accounts = byCustomer.map((_, c) => ({
    id: `pa-${pad(c, 6)}`,
    providerSpecificId: customerId(c),
    accountId: `acc-${pad(c, 6)}`,
    name: `Customer ${c}`,
  }));
  const w: World = { rng, subs, byCustomer, accounts, extraLines: [], planted: [], catalog };
  const targetLines = Math.round(options.subscriptions * 1.2);
  const perType = Math.max(1, Math.round((targetLines * (options.plantedShare ?? 0.01)) / PLANTED_TYPES.length));
  const free = byCustomer.map(() => true);
  plantOnCustomers(w, perType, free);
  plantOnSubs(w, perType, free);
  const changes: LicenseChangeFacts[] = subs.map((s) => ({
    subscriptionId: s.facts.id,
    effectiveDate: s.facts.startDate!,
    changeType: 'create',
    quantityDelta: s.facts.quantity,
    quantityAfter: s.facts.quantity,
  }));
  const changeable = shuffled(
    rng,
    subs.filter((s) => s.kind === 'monthly' && !s.reserved && s.lines.length),
  );
  const wanted = targetLines - subs.reduce((n, s) => n + s.lines.length, 0) - w.extraLines.length;
  for (const s of changeable.slice(0, Math.max(0, wanted))) change(rng, s, changes);
  // Every line is an object of its own (a planted duplicate is a copy): numbered in place.
  const lines = [...subs.flatMap((s) => s.lines), ...w.extraLines];
  lines.forEach((l, i) => (l.lineNumber = i + 1));
  // A duplicate's line number is known only now: the later of the sub's two identical lines.
  for (const p of w.planted.filter((p) => p.type === 'duplicateLine')) {
    const sub = subs.find((s) => s.facts.id === p.subscriptionId)!;
    p.lineNumber = lines
      .filter((l) => l.providerSubscriptionId === sub.facts.providerSubscriptionId)
      .at(-1)!.lineNumber;
    delete p.subscriptionId;
  }
  const invoice: InvoiceFacts = {
    id: 'inv-bench',
    providerId: PROVIDER,
    number: 'BENCH-2025-06',
    currencyCode: 'AUD',
    periodStart: PERIOD.start,
    periodEnd: PERIOD.end,
    lines,
  };
  const billingContracts: BillingContractFacts[] = byCustomer.map((_, c) => ({
    id: `bc-${pad(c, 6)}`,
    currencyCode: 'AUD',
  }));
  const input: ReconcileInput = {
    invoice,
    providerAccounts: accounts,
    subscriptions: subs.map((s) => s.facts),
    licenseChanges: changes,
    catalog,
    billingContracts,
    tolerance: { amount: 0.01, percent: 0 },
  };
  return {
    input,
    emptyInvoice: { ...invoice, id: 'inv-bench-empty', number: 'BENCH-EMPTY', lines: [] },
    planted: w.planted,
  };
}
