/**
 * The alert facts are narrowed by Dataverse (only subscriptions an alert could be about are read, not
 * every live one), so the narrowing must never hide one the deciders would alert on. Over the
 * emulator: subscriptions around every edge of the two date rules (cancellation window closing within
 * a day; no auto-renew and a renewal, or without one a term end, within the notice); the deciders over
 * the narrowed read raise every alert those rows call for, and the narrowed read leaves the far-off ones
 * out.
 */
import { Choices, Tables } from '../../../../solution/schema';
import { bind, createRow } from '../../../../plugins/dataverse/intents';
import { eq } from '../../../../plugins/dataverse/odata';
import { cancellationWindowClosing, renewalWithoutAutoRenew } from '../../../../plugins/sync/alerts/causes';
import { subscriptionFacts } from '../../../../plugins/sync/alerts/gather';
import type { SubscriptionAlertFacts } from '../../../../plugins/sync/alerts/types';
import { startHarness, type Harness } from '../../../helpers/harness';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;
const DAY = 86_400_000;
const NOTICE_IN_DAYS = 30;

jest.setTimeout(120_000);

describe('alert facts read from Dataverse', () => {
  let h: Harness;
  const now = new Date();
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const day = (days: number) => at(days).toISOString().slice(0, 10);

  // [name, auto-renew, renewal date, term end, cancellation allowed until]
  const rows: [string, boolean, string | null, string | null, string | null][] = [
    ['window closes in 12 h', true, null, null, at(0.5).toISOString()],
    ['window closes in 3 days', true, null, null, at(3).toISOString()],
    ['window closed an hour ago', true, null, null, at(-1 / 24).toISOString()],
    ['renews today, no auto-renew', false, day(0), null, null],
    ['renews at the notice, no auto-renew', false, day(NOTICE_IN_DAYS), null, null],
    ['renews after the notice, no auto-renew', false, day(NOTICE_IN_DAYS + 5), null, null],
    ['renewed yesterday, no auto-renew', false, day(-1), null, null],
    ['renews soon but auto-renews', true, day(3), null, null],
    ['term ends in 10 days, no renewal date', false, null, at(10).toISOString(), null],
    ['term ends in 90 days, no renewal date', false, null, at(90).toISOString(), null],
    ['renewal far off, term end soon', false, day(200), at(5).toISOString(), null],
  ];

  beforeAll(async () => {
    h = await startHarness({ techdata: { customers: 1, subscriptionsPerCustomer: 1 }, registerWebhooks: false });
    for (const [name, autoRenew, renewalDate, termEndDate, until] of rows) {
      const sub = await h.dv.write(
        createRow(S, {
          values: {
            [S.col.name]: name,
            [S.col.providerSubscriptionId]: `alerts-${name}`,
            [S.col.quantity]: 5,
            [S.col.subscriptionStatus]: Choices.subscriptionStatus.Active,
            [S.col.autoRenew]: autoRenew,
            [S.col.renewalDate]: renewalDate,
            [S.col.termEndDate]: termEndDate,
            [S.col.cancellationAllowedUntil]: until,
          },
          lookups: { [S.col.provider]: bind(Tables.provider, h.providerId) },
        }),
      );
      // A seat increase an hour ago, so a closing window is the increase's.
      await h.dv.write(
        createRow(L, {
          values: {
            [L.col.name]: `${name}: +2`,
            [L.col.changeType]: Choices.changeType.Increase,
            [L.col.quantityDelta]: 2,
            [L.col.effectiveDate]: at(-1 / 24).toISOString(),
          },
          lookups: { [L.col.subscription]: bind(S, String(sub.id)) },
        }),
      );
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  const causes = (facts: readonly SubscriptionAlertFacts[]) =>
    [
      ...cancellationWindowClosing(h.providerId, facts, now),
      ...renewalWithoutAutoRenew(h.providerId, facts, now, NOTICE_IN_DAYS),
    ]
      .map((c) => `${c.kind}: ${c.record?.name}`)
      .sort();

  it('raises every alert the rows call for from the narrowed read, and reads fewer rows', async () => {
    const narrowed = await subscriptionFacts(h.dv, h.providerId, now, NOTICE_IN_DAYS);
    const live = await h.dv.all(S, {
      select: [S.col.id],
      filter: `${eq(S.val.provider, { guid: h.providerId })} and ${eq(S.col.stateCode, 0)}`,
    });
    expect(causes(narrowed)).toEqual([
      'CancellationWindowClosing: window closes in 12 h',
      'RenewalWithoutAutoRenew: renews at the notice, no auto-renew',
      'RenewalWithoutAutoRenew: renews today, no auto-renew',
      'RenewalWithoutAutoRenew: term ends in 10 days, no renewal date',
    ]);
    const names = narrowed.map((f) => f.name);
    expect(names).not.toContain('renews after the notice, no auto-renew');
    expect(names).not.toContain('term ends in 90 days, no renewal date');
    expect(names).not.toContain('window closes in 3 days');
    expect(narrowed.length).toBeLessThan(live.length);
  });
});
