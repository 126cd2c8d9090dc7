/**
 * product.md flow 6, a subscription the distributor no longer lists: marked Removed At Provider
 * (never deleted); a live one is also Suspended, with a Suspend entry. One rule a row.
 */
import { Choices } from '../../../../solution/schema';
import { toOperation } from '../../../../plugins/dataverse/intents';
import { decideGone, decideSubscription } from '../../../../plugins/sync/subscriptions/decide';
import type { SubscriptionStatusName } from '../../../../plugins/providers/types';
import { JOB_ID, NOW, S, decisionInput, distributorSub, logEntries, readBack, subscriptionIntent } from './fixtures';

const SS = Choices.subscriptionStatus;

function held(status: SubscriptionStatusName, removed = false, etag = 'W/"7001"') {
  const created = decideSubscription(decisionInput({ sub: distributorSub({ status, quantity: 8 }) }));
  return readBack(created, { etag, edits: { [S.col.removedAtProvider]: removed } });
}

describe('decideGone (flow 6)', () => {
  it.each([
    ['an Active subscription', 'active'],
    ['a Pending subscription', 'pending'],
  ] as const)('%s is suspended, marked removed, with a Suspend entry in the same unit', (_what, status) => {
    const existing = held(status);
    const d = decideGone(existing, JOB_ID, NOW);
    expect(subscriptionIntent(d!).changes.values).toEqual({
      [S.col.subscriptionStatus]: SS.Suspended,
      [S.col.removedAtProvider]: true,
      [S.col.lastSyncedOn]: NOW.toISOString(),
    });
    expect(logEntries(d!)).toEqual([
      expect.objectContaining({
        changeType: 'Suspend',
        quantityDelta: 0,
        quantityAfter: 8,
        changeKey: `${existing.id}:v7001:gone`,
        subscription: existing.id,
        job: JOB_ID,
      }),
    ]);
    expect(d!.change).toMatchObject({ suspended: true, quantityFrom: 8, quantityTo: 8 });
  });

  it('is an update, never a delete, and conditional on the version read', () => {
    const existing = held('active');
    const intent = subscriptionIntent(decideGone(existing, JOB_ID, NOW)!);
    expect(intent).toMatchObject({ kind: 'update', id: existing.id, etag: 'W/"7001"' });
    expect(toOperation(intent)).toMatchObject({ method: 'PATCH', headers: { 'If-Match': 'W/"7001"' } });
  });

  it.each([
    ['a Suspended', 'suspended'],
    ['a Cancelled', 'cancelled'],
    ['an Expired', 'expired'],
  ] as const)(
    '%s subscription not yet marked removed keeps its status, is marked removed, with no entry',
    (_what, status) => {
      const d = decideGone(held(status), JOB_ID, NOW);
      expect(subscriptionIntent(d!).changes.values).toEqual({
        [S.col.removedAtProvider]: true,
        [S.col.lastSyncedOn]: NOW.toISOString(),
      });
      expect(logEntries(d!)).toEqual([]);
      expect(d!.change.suspended).toBe(false);
    },
  );

  it('a subscription already marked removed and not live: nothing to do', () => {
    expect(decideGone(held('suspended', true), JOB_ID, NOW)).toBeUndefined();
  });

  it('a subscription marked removed but live again (a person reactivated it) is suspended again, with its entry', () => {
    const d = decideGone(held('active', true), JOB_ID, NOW);
    expect(logEntries(d!).map((e) => e.changeType)).toEqual(['Suspend']);
  });

  it('the Suspend entry key is tied to the row version, so a retry never writes it twice', () => {
    const key = (etag: string) => logEntries(decideGone(held('active', false, etag), JOB_ID, NOW)!)[0].id;
    expect(key('W/"7001"')).toBe(key('W/"7001"'));
    expect(key('W/"7002"')).not.toBe(key('W/"7001"'));
  });
});
