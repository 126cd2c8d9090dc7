/**
 * The Dicker Data connector reads a month's invoice from the sandbox's invoice feed (our design, beside
 * the CSP feed), over real HTTP: paged a few pages at once but in order, with the access key in each
 * body; the invoice's lines add up to its stated total; lines it cannot read are named and skipped; a
 * month not invoiced yet is no invoice; a page that fails stops the read. The invoice's SKUs and
 * subscription ids are the CSP feed's, so lines match the synced subscriptions.
 */
import { W365Error } from '../../../../common/errors';
import { dickerInvoiceOf } from '../../../../emulators/dicker';
import { caught, collect, startEnv, type TestEnv } from './helpers';

const JUNE = { periodStart: '2025-06-01', periodEnd: '2025-06-30' };

describe('Dicker Data connector: invoices', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv({ sandbox: { tenants: 25, linesPerTenant: 5 } });
  });
  afterEach(() => env.sandbox.setFaults({}));
  afterAll(() => env.close());

  it("reads June's invoice: every line, its figures, and a total its lines add up to", async () => {
    const truth = dickerInvoiceOf(env.sandbox.lines(), env.sandbox.accountCode, 'AUD', JUNE.periodStart);
    const reads = await env.connector.readInvoices!(env.config, JUNE);
    expect(reads).toHaveLength(1);
    const [{ invoice, problems }] = reads;
    expect(problems).toEqual([]);
    expect(invoice).toMatchObject({
      number: truth.invoiceNumber,
      invoiceDate: '2025-07-01',
      periodStart: '2025-06-01',
      periodEnd: '2025-06-30',
      currencyCode: 'AUD',
      statedTotal: truth.total,
      source: 'dickerFeed',
    });
    expect(invoice.lines.map((l) => l.lineNumber)).toEqual(truth.lines.map((l) => l.lineNumber));
    const sum = Math.round(invoice.lines.reduce((s, l) => s + l.amount, 0) * 100) / 100;
    expect(sum).toBe(truth.total);
    expect(new Set(invoice.lines.map((l) => l.chargeType))).toEqual(new Set(['recurring', 'proration', 'usage']));
  });

  it('uses the CSP feed ids and SKUs, so every line names a subscription the sync knows', async () => {
    const [{ invoice }] = await env.connector.readInvoices!(env.config, JUNE);
    const { values } = await collect(env.connector.listSubscriptions(env.config));
    const synced = new Map(values.map((s) => [s.providerSubscriptionId, s]));
    for (const line of invoice.lines) {
      const sub = synced.get(line.providerSubscriptionId!);
      expect([line.customerId, line.sku]).toEqual([sub?.customerId, sub?.sku]);
    }
  });

  it('pages the feed with the access key in every body, the month as the export writes dates', async () => {
    const before = env.http.requests.length;
    const { connector } = env;
    await connector.readInvoices!(env.config, JUNE);
    const calls = env.http.requests.slice(before).filter((r) => r.url === env.sandbox.invoiceUrl);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    for (const call of calls)
      expect(call.body).toMatchObject({
        PeriodStart: '01-Jun-2025',
        RequestHeader: { Token: env.sandbox.accessToken, AccessKey: expect.any(String) },
      });
  });

  it('names and skips lines it cannot read', async () => {
    env.sandbox.setFaults({ malformedInvoiceLines: 4 });
    const [{ invoice, problems }] = await env.connector.readInvoices!(env.config, JUNE);
    expect(problems.map((p) => p.code)).toEqual([
      'RECORD_MALFORMED',
      'RECORD_MALFORMED',
      'RECORD_MALFORMED',
      'RECORD_MALFORMED',
    ]);
    expect(problems.map((p) => p.message).join(' ')).toMatch(
      /which is not a Microsoft tenant id.*Qty "ten".*ChargeType "Adjustment".*LineTotal null/,
    );
    const truth = dickerInvoiceOf(env.sandbox.lines(), env.sandbox.accountCode, 'AUD', JUNE.periodStart);
    expect(invoice.lines).toHaveLength(truth.lines.length - 4);
  });

  it('answers no invoice for a month not invoiced yet', async () => {
    expect(
      await env.connector.readInvoices!(env.config, { periodStart: '2025-07-01', periodEnd: '2025-07-31' }),
    ).toEqual([]);
  });

  it('stops when a page cannot be read: never an invoice with lines missing', async () => {
    env.sandbox.setFaults({ serverError: { kind: 'invoice', always: true, status: 500 } });
    const err = await caught(env.connector.readInvoices!(env.config, JUNE));
    expect(err).toBeInstanceOf(W365Error);
    expect((err as W365Error).details).toMatchObject({ listingIncomplete: true, kind: 'invoices' });
  });
});
