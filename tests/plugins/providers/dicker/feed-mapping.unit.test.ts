/**
 * Dicker stock codes and the feed mapping (feed-mapping.ts, the one file that knows our feed design):
 * what each kind of code means, what each field of a line becomes, and which lines are reported (by
 * name, with what is wrong) instead of crashing a sync.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseStockCode } from '../../../../plugins/providers/dicker';
import {
  feedRequest,
  isoDateOf,
  readFeedPage,
  subscriptionOfRow,
  tenantOfRow,
} from '../../../../plugins/providers/dicker/feed-mapping';

const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../fixtures/dicker/feed-lines.json'), 'utf8'),
) as {
  lines: Array<Record<string, unknown> & { _expect: unknown }>;
};

describe('Dicker stock codes', () => {
  it('splits a licence code into term, Microsoft product and SKU, and billing', () => {
    expect(parseStockCode('P1Y:CFQ7TTC0LCHC:0002:1:')).toEqual({
      ok: true,
      value: {
        kind: 'licence',
        term: 'P1Y',
        productId: 'CFQ7TTC0LCHC',
        skuId: '0002',
        microsoftOfferId: 'CFQ7TTC0LCHC:0002',
        billingCode: '1',
        billingCycle: 'monthly',
      },
    });
    expect(parseStockCode('P1Y:CFQ7TTC0LCHC:0002:Y:')).toMatchObject({
      ok: true,
      value: { term: 'P1Y', billingCycle: 'annual' },
    });
    expect(parseStockCode('P1M:CFQ7TTC0LH18:0001:1:')).toMatchObject({
      ok: true,
      value: { term: 'P1M', billingCycle: 'monthly', microsoftOfferId: 'CFQ7TTC0LH18:0001' },
    });
    expect(parseStockCode('P3Y:CFQ7TTC0LFLX:0002:T:')).toMatchObject({
      ok: true,
      value: { term: 'P3Y', billingCycle: 'triennial' },
    });
    // Case and a missing trailing colon do not matter.
    expect(parseStockCode(' p1y:cfq7ttc0lchc:0002:1 ')).toMatchObject({
      ok: true,
      value: { microsoftOfferId: 'CFQ7TTC0LCHC:0002' },
    });
  });

  it('reads an Azure line as the Microsoft product and SKU, billed monthly, without a term', () => {
    expect(parseStockCode('DZH318Z0BPS6:0001')).toEqual({
      ok: true,
      value: {
        kind: 'azure',
        productId: 'DZH318Z0BPS6',
        skuId: '0001',
        microsoftOfferId: 'DZH318Z0BPS6:0001',
        billingCycle: 'monthly',
      },
    });
  });

  it('says what is wrong with a code it cannot read', () => {
    const reasons = [
      '',
      'P1Y:CFQ7TTC0LCHC:0002',
      'P2Y:CFQ7TTC0LCHC:0002:1:',
      'P1Y:CFQ7TTC0LCH:0002:1:',
      'P1Y:CFQ7TTC0LCHC:02:1:',
      'P1Y:CFQ7TTC0LCHC:0002:Q:',
      'P1M:CFQ7TTC0LCHC:0002:Y:',
      'P1Y:CFQ7TTC0LCHC:0002:T:',
      'DZH318Z0BPS6:1',
    ].map((c) => {
      const r = parseStockCode(c);
      return r.ok ? 'parsed' : r.reason;
    });
    expect(reasons).toEqual([
      'is empty',
      'is neither {term}:{product id}:{SKU id}:{billing}: nor {product id}:{SKU id}',
      'has term P2Y, not P1M, P1Y or P3Y',
      'has product id CFQ7TTC0LCH, not 12 letters or digits',
      'has SKU id 02, not 4 letters or digits',
      'has billing code Q, not 1 (monthly), Y (annual) or T (whole term)',
      'combines term P1M with billing code Y, which Microsoft does not sell',
      'combines term P1Y with billing code T, which Microsoft does not sell',
      'is not {product id}:{SKU id} (12 and 4 letters or digits)',
    ]);
  });
});

describe('Dicker feed mapping (our design)', () => {
  it('maps each field of a feed line, and reports the lines it cannot use', () => {
    fixture.lines.forEach((line, i) => {
      const parsed = subscriptionOfRow(line, 3, i, 'AUD');
      if (typeof line._expect === 'string') {
        expect([i, parsed.ok]).toEqual([i, false]);
        if (!parsed.ok) {
          expect(parsed.problem.code).toBe('RECORD_MALFORMED');
          expect(parsed.problem.message).toContain(line._expect);
        }
      } else {
        expect([i, parsed.ok]).toEqual([i, true]);
        if (parsed.ok) expect(parsed.value).toMatchObject(line._expect as object);
      }
    });
    // A line with a tenant id that is not one is named by its place in the feed; the rest by subscription id.
    const broken = subscriptionOfRow(fixture.lines[4], 3, 4, 'AUD');
    expect(!broken.ok && broken.problem.record).toBe('feed line #5 on page 3');
    const badCode = subscriptionOfRow(fixture.lines[6], 3, 6, 'AUD');
    expect(!badCode.ok && badCode.problem.message).toBe(
      'subscription x7 has stock code "P1Y:CFQ7TTC0LCHC:0002:Q:", which has billing code Q, not 1 (monthly), Y (annual) or T (whole term)',
    );
  });

  it("gives each line's tenant (lower-case id) and name", () => {
    expect(tenantOfRow(fixture.lines[0], 1, 0)).toEqual({
      ok: true,
      value: { tenantId: '6f9619ff-8b86-d011-b42d-00c04fc964ff', name: 'Southern Cross Dental Pty Ltd' },
    });
    expect(tenantOfRow(fixture.lines[3], 1, 3)).toEqual({
      ok: true,
      value: { tenantId: '0b3c9e5e-1f4a-4c1d-9a7e-2b1f6c0d8e11' },
    });
  });

  it('reads export dates and refuses impossible ones', () => {
    expect(
      ['01-Jan-2025', '9-Feb-2024', '29-Feb-2024', '2025-03-04', '31-Feb-2025', '01-Foo-2025', '01/01/2025'].map(
        isoDateOf,
      ),
    ).toEqual(['2025-01-01', '2024-02-09', '2024-02-29', '2025-03-04', undefined, undefined, undefined]);
  });

  it('builds the request with the access key in the RequestHeader, and reads the page frame', () => {
    expect(feedRequest({ transactionId: 't', accessToken: 'tok', accessKey: 'key' }, 2, 50, 'tenant')).toEqual({
      RequestHeader: { TransactionID: 't', Token: 'tok', AccessKey: 'key' },
      PageNumber: 2,
      PageSize: 50,
      TenantId: 'tenant',
    });
    expect(readFeedPage({ TotalRecords: 101, Subscriptions: [] }, 50, 'p')).toEqual({ rows: [], totalPages: 3 });
    expect(() => readFeedPage({ Subscriptions: [] }, 50, 'feed page 1')).toThrow(/TotalRecords is not a whole number/);
    expect(() => readFeedPage({ TotalRecords: 1, Subscriptions: {} }, 50, 'feed page 1')).toThrow(
      /Subscriptions is not a list/,
    );
  });
});
