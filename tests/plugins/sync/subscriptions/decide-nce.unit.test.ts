/**
 * NCE commitments (issue 17): the term's end, the cancellation window, the refundable seats and the
 * changes scheduled for the renewal follow the distributor where it states them, are left empty (on a
 * create) or as they are (on an update) where it says nothing, and a rerun writes nothing.
 */
import { decideSubscription, type DecisionInput } from '../../../../plugins/sync/subscriptions/decide';
import { scheduledChangesJson } from '../../../../plugins/sync/subscriptions/decide/facts';
import type { ExistingSubscription } from '../../../../plugins/sync/subscriptions/existing';
import { NOW, S, decisionInput, distributorSub, readBack, subscriptionIntent } from './fixtures';

const LATER = new Date(NOW.getTime() + 86_400_000);
const NCE = {
  termEndDate: '2027-03-31',
  cancellationAllowedUntil: '2026-04-08T00:00:00Z',
  refundableQuantity: 4,
  scheduledChanges: [{ effectiveDate: '2027-04-01', quantity: 8, term: 'P1Y', billingCycle: 'monthly' as const }],
};

const created = (over: Partial<DecisionInput> = {}) => decideSubscription(decisionInput(over));
const next = (existing: ExistingSubscription, over: Partial<DecisionInput>) =>
  decideSubscription(decisionInput({ existing, now: LATER, ...over }));

describe('decideSubscription: NCE commitments', () => {
  it('a create writes what the distributor states', () => {
    const values = subscriptionIntent(created({ sub: distributorSub(NCE) })).changes.values;
    expect(values).toMatchObject({
      [S.col.termEndDate]: '2027-03-31',
      [S.col.cancellationAllowedUntil]: '2026-04-08T00:00:00Z',
      [S.col.refundableQuantity]: 4,
      [S.col.scheduledChanges]: '[{"effectiveDate":"2027-04-01","quantity":8,"term":"P1Y","billingCycle":"monthly"}]',
    });
  });

  it('a create leaves every NCE column empty when the distributor says nothing', () => {
    const values = subscriptionIntent(created()).changes.values;
    for (const column of [
      S.col.termEndDate,
      S.col.cancellationAllowedUntil,
      S.col.refundableQuantity,
      S.col.scheduledChanges,
    ])
      expect(values).not.toHaveProperty(column);
  });

  it('a rerun with the same commitments writes nothing', () => {
    const existing = readBack(created({ sub: distributorSub(NCE) }));
    expect(next(existing, { sub: distributorSub(NCE) })).toMatchObject({ kind: 'unchanged', intents: [] });
  });

  it.each([
    ['term end', { termEndDate: '2028-03-31' }, S.col.termEndDate, '2028-03-31'],
    [
      'cancellation window',
      { cancellationAllowedUntil: '2026-05-01T12:00:00Z' },
      S.col.cancellationAllowedUntil,
      '2026-05-01T12:00:00Z',
    ],
    ['refundable seats', { refundableQuantity: 0 }, S.col.refundableQuantity, 0],
    ['scheduled changes', { scheduledChanges: [{ quantity: 3 }] }, S.col.scheduledChanges, '[{"quantity":3}]'],
  ])('%s follows the distributor', (_what, change, column, value) => {
    const existing = readBack(created({ sub: distributorSub(NCE) }));
    const intent = subscriptionIntent(next(existing, { sub: distributorSub({ ...NCE, ...change }) }));
    expect(intent.changes.values[column]).toEqual(value);
  });

  it('no scheduled changes any more clears the column; a distributor that stops saying leaves it', () => {
    const existing = readBack(created({ sub: distributorSub(NCE) }));
    const cleared = subscriptionIntent(next(existing, { sub: distributorSub({ ...NCE, scheduledChanges: [] }) }));
    expect(cleared.changes.values[S.col.scheduledChanges]).toBeNull();
    // Nothing else changed either: the columns are left as the last statement left them.
    expect(next(existing, { sub: distributorSub({}) })).toMatchObject({ kind: 'unchanged', intents: [] });
  });

  it('scheduled changes that do not fit the column keep the first ones whole (valid JSON)', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({
      effectiveDate: '2027-04-01',
      sku: `SKU-${i}`.padEnd(40, 'x'),
    }));
    const json = scheduledChangesJson(many)!;
    expect(json.length).toBeLessThanOrEqual(2000);
    const kept = JSON.parse(json) as { sku: string }[];
    expect(kept.length).toBeGreaterThan(10);
    expect(kept[0].sku).toBe(many[0].sku);
  });
});
