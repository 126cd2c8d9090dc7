/**
 * NCE commitment facts from the Dicker Data feed (issue 17): the term's last day from TERM END for a
 * licence, nothing for Azure consumption, and nothing the feed does not say (auto renew, the
 * cancellation window, refunds, scheduled changes).
 */
import { subscriptionOfRow } from '../../../../plugins/providers/dicker/feed-mapping';

const ROW = {
  TenantId: '2b7c4f0e-1d2a-4c3b-9e8f-0a1b2c3d4e5f',
  TenantName: 'Contoso Pty Ltd',
  SubscriptionId: '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6',
  StockCode: 'P1Y:CFQ7TTC0LCHC:0002:1:',
  StockDescription: 'Microsoft 365 Business Standard',
  Qty: 12,
  Status: 'Active',
  UnitPrice: 18.5,
  UnitRRP: 22,
  TermStart: '01-Jan-2025',
  TermEnd: '31-Dec-2025',
};

function parsed(overrides: Record<string, unknown> = {}) {
  const result = subscriptionOfRow({ ...ROW, ...overrides }, 1, 0, 'AUD');
  if (!result.ok) throw new Error(result.problem.message);
  return result.value;
}

describe('Dicker Data NCE commitment facts', () => {
  it("takes TERM END as the licence term's last day", () => {
    expect(parsed().termEndDate).toBe('2025-12-31');
  });

  it('sets none for Azure consumption, or without a TERM END', () => {
    expect(parsed({ StockCode: 'DZH318Z0BPS6:0001' })).not.toHaveProperty('termEndDate');
    expect(parsed({ TermEnd: '' })).not.toHaveProperty('termEndDate');
  });

  it('guesses nothing the feed does not say', () => {
    const sub = parsed();
    for (const field of ['autoRenew', 'cancellationAllowedUntil', 'refundableQuantity', 'scheduledChanges'])
      expect(sub).not.toHaveProperty(field);
  });
});
