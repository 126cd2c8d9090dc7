/**
 * The Ion connector reads a billing period's invoice from the sandbox's Microsoft billing report, over
 * real HTTP (JSON rows and CSV agree), skips and names rows it cannot read, refuses a report Ion cut
 * short, and numbers lines the same way on every read. And the invoice reconciles with the sandbox's
 * own subscriptions and quantity history without a single variance: its proration lines and our
 * quantity-days agree.
 */
import { W365Error } from '../../../../common/errors';
import { billingRows, LAST_PERIOD, type IonSandboxSubscription } from '../../../../emulators/ion';
import type { InvoiceRead, ProviderConfig } from '../../../../plugins/providers/types';
import { reconcileInvoice, type LicenseChangeFacts, type SubscriptionFacts } from '../../../../plugins/sync/reconcile';
import { caught, createProvider, makeWorker, startEnv, type Env } from './helpers';

const PERIOD = { periodStart: LAST_PERIOD.start, periodEnd: LAST_PERIOD.end };

/** The sandbox's truth as the CRM would hold it after a sync: subscriptions and their log. */
function crmFacts(lines: IonSandboxSubscription[]): {
  subscriptions: SubscriptionFacts[];
  licenseChanges: LicenseChangeFacts[];
} {
  const subscriptions: SubscriptionFacts[] = [];
  const licenseChanges: LicenseChangeFacts[] = [];
  for (const l of lines.filter((s) => s.cloudProviderId === '30' && s.mfgPartNumber)) {
    const status = l.status === 'failed' ? 'cancelled' : l.status;
    subscriptions.push({
      id: `s-${l.id}`,
      providerSubscriptionId: l.id,
      providerAccountId: `pa-${l.customerId}`,
      sku: l.mfgPartNumber!,
      quantity: l.quantity,
      status,
      unitCost: l.cost,
      unitPrice: l.price,
      billingContractId: 'bc',
      startDate: l.startDate.slice(0, 10),
      endDate: l.endDate.slice(0, 10),
      billingCycle: l.billingCycle,
    });
    // Lines that are not active bill nothing, as the sync would have them (suspended, pending, ended).
    if (status !== 'active') continue;
    const history = l.quantityHistory ?? [{ from: l.startDate.slice(0, 10), quantity: l.quantity }];
    history.forEach((step, i) =>
      licenseChanges.push({
        subscriptionId: `s-${l.id}`,
        effectiveDate: step.from,
        changeType: i === 0 ? 'create' : step.quantity > history[i - 1].quantity ? 'increase' : 'decrease',
        quantityDelta: step.quantity - (i === 0 ? 0 : history[i - 1].quantity),
        quantityAfter: step.quantity,
      }),
    );
  }
  return { subscriptions, licenseChanges };
}

describe('Ion connector: invoices from the billing report', () => {
  let env: Env;
  let config: ProviderConfig;
  beforeAll(async () => {
    env = await startEnv({ seed: 'ion-invoices', customers: 30, subscriptionsPerCustomer: 5 });
    config = await createProvider(env, env.sandbox.newCredentials());
  });
  afterAll(() => env.close());
  afterEach(() => env.sandbox.setFaults({}));

  const worker = (name: string, connector: Parameters<typeof makeWorker>[1]['connector'] = {}) =>
    makeWorker(env, { name, journalDir: `${env.dir}/${name}`, connector });
  const truth = () =>
    billingRows(
      env.sandbox.subscriptions(),
      (id) => env.sandbox.customers().find((c) => c.customerId === id),
      env.sandbox.accountId,
      LAST_PERIOD,
    );

  let june: InvoiceRead;
  it("reads the period's invoice: every charge of the report, with its customer, subscription and figures", async () => {
    const w = worker('json');
    const reads = await w.connector.readInvoices!(config, PERIOD);
    expect(reads).toHaveLength(1);
    june = reads[0];
    const rows = truth();
    expect(june.problems).toEqual([]);
    expect(june.invoice).toMatchObject({
      number: rows[0].invoiceNumber,
      invoiceDate: rows[0].invoiceDate,
      periodStart: LAST_PERIOD.start,
      periodEnd: LAST_PERIOD.end,
      currencyCode: env.sandbox.currencyCode,
      source: 'ionReport',
    });
    const key = (x: { customerId: string; subscriptionId?: string; sku: string; amount: number; start: string }) =>
      `${x.customerId}|${x.subscriptionId}|${x.sku}|${x.amount}|${x.start}`;
    expect(
      june.invoice.lines
        .map((l) => key({ ...l, subscriptionId: l.providerSubscriptionId, start: l.periodStart }))
        .sort(),
    ).toEqual(rows.map((r) => key({ ...r, sku: r.partNumber, start: r.chargeStart })).sort());
    expect(june.invoice.lines.map((l) => l.lineNumber)).toEqual(rows.map((_, i) => i + 1));
    expect(june.invoice.lines.some((l) => l.chargeType === 'proration')).toBe(true);
    // The report is read with a POST of its specs, the list with a GET of the invoice module.
    const calls = w.http.requests
      .filter((r) => r.url.includes('/reports'))
      .map((r) => `${r.method} ${new URL(r.url).pathname.replace(/.*\/reports/, 'reports')}${new URL(r.url).search}`);
    expect(calls).toEqual(['GET reports?module=INVOICE_REPORTS_MODULE', 'POST reports/7301/data']);
  });

  it('reads the same invoice from the CSV form, and numbers its lines the same way on every read', async () => {
    const csv = await worker('csv', { reportFormat: 'csv' }).connector.readInvoices!(config, PERIOD);
    expect(csv).toEqual([june]);
    const again = await worker('again').connector.readInvoices!(config, PERIOD);
    expect(again).toEqual([june]);
  });

  it('reports and skips rows it cannot read, keeping the rest', async () => {
    env.sandbox.setFaults({ malformedReportRows: 4 });
    const [read] = await worker('broken').connector.readInvoices!(config, PERIOD);
    expect(read.problems).toHaveLength(4);
    expect(
      read.problems.every((p) => p.code === 'RECORD_MALFORMED' && /^billing report row #\d+ /.test(p.message)),
    ).toBe(true);
    expect(read.problems.map((p) => p.message).join(' ')).toMatch(
      /has no customer_id.*has quantity "ten".*charge type "Adjustment\?".*has 14 values/,
    );
    expect(read.invoice.lines).toHaveLength(june.invoice.lines.length - 4);
  });

  it('refuses a report Ion cut short: an invoice is never imported with lines missing', async () => {
    env.sandbox.setFaults({ cutReportAt: 10 });
    const err = await caught(worker('cut').connector.readInvoices!(config, PERIOD));
    expect(err).toBeInstanceOf(W365Error);
    expect((err as W365Error).code).toBe('PROVIDER_DISTRIBUTOR_ERROR');
    expect((err as W365Error).message).toContain(`returned 10 of the ${june.invoice.lines.length} rows`);
    expect((err as W365Error).details).toMatchObject({ listingIncomplete: true, kind: 'invoices' });
  });

  it('reconciles with the sandbox own subscriptions and quantity history without a variance', () => {
    const { subscriptions, licenseChanges } = crmFacts(env.sandbox.subscriptions());
    const customers = env.sandbox.customers();
    const skus = [...new Set(subscriptions.map((s) => s.sku))];
    const result = reconcileInvoice({
      invoice: {
        id: 'inv',
        providerId: config.providerId,
        number: june.invoice.number,
        currencyCode: june.invoice.currencyCode,
        periodStart: PERIOD.periodStart,
        periodEnd: PERIOD.periodEnd,
        lines: june.invoice.lines,
      },
      providerAccounts: customers.map((c) => ({
        id: `pa-${c.customerId}`,
        providerSpecificId: c.customerId,
        accountId: `acc-${c.customerId}`,
      })),
      subscriptions,
      licenseChanges,
      catalog: skus.map((sku) => ({ sku, productId: `p-${sku}` })),
      billingContracts: [{ id: 'bc', currencyCode: june.invoice.currencyCode }],
      tolerance: { amount: 0.01, percent: 0 },
    });
    expect(result.stats.matchedLines).toBe(june.invoice.lines.length);
    // Customers with no billable line at all are the only findings a faithful invoice can give.
    expect(result.variances.filter((v) => v.type !== 'customerNoLines')).toEqual([]);
    expect(result.variances.every((v) => !june.invoice.lines.some((l) => l.customerId === v.customerId))).toBe(true);
  });
});
