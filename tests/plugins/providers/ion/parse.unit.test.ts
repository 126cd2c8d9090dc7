/**
 * The Ion parsers on the real anonymised response (../shared/reference/tdsynnex-ion-v3) and on odd
 * records (tests/fixtures/ion/odd-records.json): what each field becomes, and which records are
 * reported (by name, with what is wrong) instead of crashing a sync.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  customerIdOf,
  microsoftOfferOf,
  parseCustomer,
  parseSubscription,
  readCustomersPage,
  readMicrosoftProfile,
  readSubscriptionsPage,
} from '../../../../plugins/providers/ion/parse';
import { REAL_SUBSCRIPTIONS_FILE } from './openapi-schemas';

type Odd = { _expect: unknown; _case?: string; body?: unknown } & Record<string, unknown>;
const odd = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../fixtures/ion/odd-records.json'), 'utf8')) as {
  customers: Odd[];
  cloudProfiles: Odd[];
  subscriptions: Odd[];
};
const real = JSON.parse(fs.readFileSync(REAL_SUBSCRIPTIONS_FILE, 'utf8')) as unknown;

describe('Ion parsers', () => {
  it('maps every line of the real response', () => {
    const page = readSubscriptionsPage(real, 'the real page');
    expect(page.totalSize).toBe(7);
    const parsed = page.items.map((raw, i) => parseSubscription(raw, 0, i, '30'));
    expect(parsed.every((p) => p?.ok)).toBe(true);
    const values = parsed.map((p) => (p?.ok ? p.value : undefined));
    expect(values[0]).toEqual({
      providerSubscriptionId: '2277242',
      customerId: '306870',
      // The clean Microsoft part number is the part number products are mapped by.
      sku: 'CFQ7TTC0LH18:000D:P1M:M',
      microsoftOfferId: 'CFQ7TTC0LH18:000D',
      description: 'Microsoft 365 Business Basic EEA (no Teams)',
      quantity: 3,
      status: 'active',
      unitPrice: 63.8452759,
      unitCost: 63.8452759,
      currencyCode: 'SEK',
      term: 'P1M',
      billingCycle: 'monthly',
      startDate: '2024-01-03',
      endDate: '2024-02-03',
      renewalDate: '2024-02-03',
      autoRenew: true,
      // NCE facts Ion states (issue 17): the cancellation window's end and the term's last day.
      cancellationAllowedUntil: '2024-01-18T16:29:10.491Z',
      termEndDate: '2024-02-03',
      // "mock6458-..." is not a GUID (anonymised): never passed on as a Microsoft subscription id.
    });
    // Azure plan lines have no mfgPartNumber: the Ion catalogue ids stand in, the offer comes from the offer id.
    const azure = values.filter((v) => v?.microsoftOfferId === 'DZH318Z0BPS6:0001');
    expect(azure).toHaveLength(3);
    expect(azure[0]).toMatchObject({
      sku: 'MSAZURE-demo/Standard-B-Series/Standard-B2S',
      quantity: 1,
      description: 'Azure Plan',
    });
  });

  it('finds the Microsoft product and SKU in each offer id format', () => {
    expect(microsoftOfferOf({ subscriptionOfferId: 'CFQ7TTC0LFLZ:0002:CFQ7TTC0RN98' })).toBe('CFQ7TTC0LFLZ:0002');
    expect(microsoftOfferOf({ subscriptionOfferId: 'NL,CFQ7TTC0LH18,0001' })).toBe('CFQ7TTC0LH18:0001');
    expect(microsoftOfferOf({ subscriptionProductId: 'cfq7ttc0lh18', subscriptionSkuId: '0001' })).toBe(
      'CFQ7TTC0LH18:0001',
    );
    expect(microsoftOfferOf({ subscriptionOfferId: 'AWS,ACCOUNT' })).toBeUndefined();
  });

  it('reads customer ids out of the resource name, and reports customers it cannot use', () => {
    expect(customerIdOf('accounts/17017/customers/306870')).toBe('306870');
    expect(customerIdOf('accounts/17017/customers/')).toBeUndefined();
    odd.customers.forEach((raw, i) => {
      const parsed = parseCustomer(raw, 2, i);
      const expected = (raw as Odd)._expect;
      if (expected === 'ok') expect(parsed.ok).toBe(true);
      else {
        expect(parsed.ok).toBe(false);
        if (!parsed.ok)
          expect(parsed.problem.message).toContain(expected === undefined ? 'is not a JSON object' : String(expected));
      }
    });
    const padded = parseCustomer(odd.customers[1], 1, 1);
    expect(padded.ok && padded.value).toEqual({ providerSpecificId: '306871', name: 'Padded Name Ltd' });
  });

  it('takes tenant id and domain only from an enabled, well-formed Microsoft profile', () => {
    for (const c of odd.cloudProfiles)
      expect([c._case, readMicrosoftProfile(c.body, '30') ?? null]).toEqual([c._case, c._expect]);
  });

  it("reports malformed lines by name and leaves other providers' lines out", () => {
    odd.subscriptions.forEach((raw, i) => {
      const parsed = parseSubscription(raw, 200, i, '30');
      const expected = typeof raw === 'object' ? (raw as Odd)._expect : 'is not a JSON object';
      if (expected === 'left out') expect(parsed).toBeUndefined();
      else if (expected === 'ok') expect(parsed?.ok).toBe(true);
      else {
        expect(parsed?.ok).toBe(false);
        if (parsed && !parsed.ok) {
          expect(parsed.problem.code).toBe('RECORD_MALFORMED');
          expect(parsed.problem.message).toContain(String(expected));
          // Named by its id where it has one, by its place otherwise.
          expect(parsed.problem.record).toMatch(/^subscription (\d+|#\d+)$/);
        }
      }
    });
    const first = parseSubscription(odd.subscriptions[0], 0, 0, '30');
    // Upper-case statuses (the spec's enum) are read too; the Ion catalogue ids stand in for a part number.
    expect(first?.ok && first.value).toMatchObject({
      status: 'active',
      sku: 'p/s/n',
      microsoftOfferId: 'CFQ7TTC0LH18:0001',
      quantity: 4,
    });
    const annual = parseSubscription(odd.subscriptions[9], 0, 9, '30');
    expect(annual?.ok && annual.value).toMatchObject({
      status: 'pending',
      term: 'P1Y',
      billingCycle: 'annual',
      quantity: 0,
    });
  });

  it('refuses page frames it cannot read (the listing would be silently incomplete)', () => {
    expect(() => readCustomersPage({ customers: 'x' }, 'customers page 1')).toThrow(/customers is not a list/);
    expect(() => readCustomersPage('<html>', 'customers page 1')).toThrow(/not a JSON object/);
    expect(readCustomersPage({}, 'customers page 1')).toEqual({ items: [] });
    expect(() => readSubscriptionsPage({ items: {} }, 'subscriptions at offset 0')).toThrow(/items is not a list/);
    expect(readSubscriptionsPage({ items: [], totalCount: '12' }, 'x')).toEqual({ items: [], totalSize: 12 });
  });
});
