/**
 * The alert deciders, one cause a block: when each fires, when it does not, and that its key names the
 * cause alone (the same cause seen later is the same alert); the digest that replaces a flood.
 */
import {
  cancellationWindowClosing,
  credentialsExpiring,
  distributorCostChanges,
  jobFailedTwice,
  renewalWithoutAutoRenew,
  unmappedAccounts,
  unmappedSkus,
} from '../../../../plugins/sync/alerts/causes';
import { plannedNotifications } from '../../../../plugins/sync/alerts/digest';
import type { SubscriptionAlertFacts } from '../../../../plugins/sync/alerts/types';

const P = '11111111-2222-4333-8444-555555555555';
const NOW = new Date('2026-12-02T10:00:00Z');
const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * HOUR).toISOString();
const sub = (over: Partial<SubscriptionAlertFacts> = {}): SubscriptionAlertFacts => ({
  id: 'sub-1',
  name: 'Contoso - Microsoft 365 E3',
  active: true,
  quantity: 12,
  ...over,
});

describe('cancellation window closing after a seat increase', () => {
  const increased = sub({ lastIncreaseOn: at(-150), lastIncreaseBy: 5, cancellationAllowedUntil: at(18) });

  it('fires within 24 hours of the window closing, naming the seats and the time', () => {
    const [a] = cancellationWindowClosing(P, [increased], NOW);
    expect(a).toMatchObject({ kind: 'CancellationWindowClosing', record: { id: 'sub-1' } });
    expect(a.message).toContain('gained 5 seats');
    expect(a.message).toContain('2026-12-03 04:00 UTC');
  });

  it('does not fire when the window closes later than 24 hours, has closed, or no increase was made for it', () => {
    expect(cancellationWindowClosing(P, [{ ...increased, cancellationAllowedUntil: at(30) }], NOW)).toEqual([]);
    expect(cancellationWindowClosing(P, [{ ...increased, cancellationAllowedUntil: at(-1) }], NOW)).toEqual([]);
    expect(cancellationWindowClosing(P, [{ ...increased, lastIncreaseOn: at(-24 * 30) }], NOW)).toEqual([]);
    expect(cancellationWindowClosing(P, [sub({ cancellationAllowedUntil: at(18) })], NOW)).toEqual([]);
    expect(cancellationWindowClosing(P, [{ ...increased, active: false }], NOW)).toEqual([]);
  });

  it('keeps its key an hour later (fires once), and a new window is a new alert', () => {
    const later = new Date(NOW.getTime() + HOUR);
    const key = cancellationWindowClosing(P, [increased], NOW)[0].key;
    expect(cancellationWindowClosing(P, [increased], later)[0].key).toBe(key);
    const next = { ...increased, lastIncreaseOn: at(-2), cancellationAllowedUntil: at(20) };
    expect(cancellationWindowClosing(P, [next], NOW)[0].key).not.toBe(key);
  });
});

describe('renewal of a subscription that will not auto-renew', () => {
  it('fires within the notice days, for auto-renew off only', () => {
    const ending = sub({ autoRenew: false, renewalDate: '2026-12-20' });
    expect(renewalWithoutAutoRenew(P, [ending], NOW, 30)).toEqual([
      expect.objectContaining({ kind: 'RenewalWithoutAutoRenew', key: `renewal|sub-1|2026-12-20` }),
    ]);
    expect(renewalWithoutAutoRenew(P, [ending], NOW, 30)[0].message).toContain('(in 18 days)');
    expect(renewalWithoutAutoRenew(P, [{ ...ending, autoRenew: true }], NOW, 30)).toEqual([]);
    expect(renewalWithoutAutoRenew(P, [{ ...ending, autoRenew: undefined }], NOW, 30)).toEqual([]);
    expect(renewalWithoutAutoRenew(P, [ending], NOW, 10)).toEqual([]);
    expect(renewalWithoutAutoRenew(P, [{ ...ending, renewalDate: '2026-11-30' }], NOW, 30)).toEqual([]);
  });

  it('uses the term end when the distributor gives no renewal date', () => {
    const [a] = renewalWithoutAutoRenew(P, [sub({ autoRenew: false, termEndDate: '2026-12-31' })], NOW, 30);
    expect(a.key).toBe('renewal|sub-1|2026-12-31');
  });
});

describe('unmapped accounts and SKUs', () => {
  it('one alert per unmapped provider account still at the distributor', () => {
    const accounts = [
      { id: 'pa-1', name: 'Fabrikam', providerSpecificId: '1001', mapped: false, removedAtProvider: false },
      { id: 'pa-2', name: 'Contoso', providerSpecificId: '1002', mapped: true, removedAtProvider: false },
      { id: 'pa-3', name: 'Gone Ltd', providerSpecificId: '1003', mapped: false, removedAtProvider: true },
    ];
    expect(unmappedAccounts(P, accounts).map((a) => a.key)).toEqual(['unmapped-account|pa-1']);
  });

  it('one alert per unmapped SKU, whatever its case', () => {
    const causes = unmappedSkus(P, [
      { sku: 'CFQ7TTC0LFLX:0001', mapped: false },
      { sku: 'MAPPED-1', mapped: true },
    ]);
    expect(causes.map((c) => c.key)).toEqual([`unmapped-sku|${P}|cfq7ttc0lflx:0001`]);
  });
});

describe('distributor cost change', () => {
  const change = { sku: 'E3', crmCost: 30, distributorCost: 31.5, currencyCode: 'AUD', invoiceNumber: 'INV-7' };

  it('one alert per SKU and new cost, however many subscriptions show it', () => {
    const causes = distributorCostChanges(P, [
      { ...change, subscriptionId: 's1' },
      { ...change, subscriptionId: 's2' },
      { ...change, sku: 'E5', distributorCost: 50, crmCost: 48 },
    ]);
    expect(causes.map((c) => c.key)).toEqual([`cost|${P}|e3|AUD|31.5000`, `cost|${P}|e5|AUD|50.0000`]);
    expect(causes[0].message).toContain('charges AUD 31.50 a seat for E3');
  });

  it('a later invoice at the same cost is the same alert; another cost is a new one', () => {
    const key = distributorCostChanges(P, [change])[0].key;
    expect(distributorCostChanges(P, [{ ...change, invoiceNumber: 'INV-8' }])[0].key).toBe(key);
    expect(distributorCostChanges(P, [{ ...change, distributorCost: 32 }])[0].key).not.toBe(key);
  });
});

describe('a job that failed twice in a row', () => {
  const job = (id: string, failed: boolean, operation = 'SyncSubscriptions') => ({
    id,
    name: `Sync Subscriptions ${id}`,
    operation,
    failed,
    ...(failed ? { errorCode: 'PROVIDER_AUTH_FAILED' } : {}),
  });

  it('fires on the second failure, keyed by the first failure of the run', () => {
    const [a] = jobFailedTwice(P, [job('j3', true), job('j2', true), job('j1', false)]);
    expect(a).toMatchObject({ kind: 'JobFailedTwice', key: `job-failed|${P}|SyncSubscriptions|j2` });
    expect(a.message).toContain('(PROVIDER_AUTH_FAILED)');
  });

  it('a third failure is the same run (same key); one failure, or failures of two operations, do not fire', () => {
    const third = jobFailedTwice(P, [job('j4', true), job('j3', true), job('j2', true), job('j1', false)]);
    expect(third[0].key).toBe(`job-failed|${P}|SyncSubscriptions|j2`);
    expect(jobFailedTwice(P, [job('j2', true), job('j1', false)])).toEqual([]);
    expect(jobFailedTwice(P, [job('j2', true), job('j1', true, 'VerifyConnectivity')])).toEqual([]);
    expect(jobFailedTwice(P, [job('j3', false), job('j2', true), job('j1', true)])).toEqual([]);
  });
});

describe('credentials that expire soon', () => {
  it('fires within the notice days (or once expired), once per credential and end', () => {
    const token = { name: "Ion's refresh token", expiresOn: at(24 * 5) };
    const [a] = credentialsExpiring(P, [token], NOW, 7);
    expect(a).toMatchObject({
      kind: 'CredentialsExpiring',
      key: `credentials|${P}|Ion's refresh token|${token.expiresOn}`,
    });
    expect(credentialsExpiring(P, [{ ...token, expiresOn: at(24 * 10) }], NOW, 7)).toEqual([]);
    expect(credentialsExpiring(P, [{ ...token, expiresOn: at(-1) }], NOW, 7)).toHaveLength(1);
    expect(credentialsExpiring(P, [{ ...token, expiresOn: 'not a date' }], NOW, 7)).toEqual([]);
  });
});

describe('digest', () => {
  const causes = unmappedSkus(
    P,
    Array.from({ length: 30 }, (_, i) => ({ sku: `SKU-${i}`, mapped: false })),
  );

  it('up to the limit, one notification per alert', () => {
    const planned = plannedNotifications(causes.slice(0, 5), 'Ion', 5);
    expect(planned.map((p) => [p.title, p.digest])).toEqual(causes.slice(0, 5).map((c) => [c.title, false]));
  });

  it('over it, one digest naming the first 20 and how many more', () => {
    const [digest, ...rest] = plannedNotifications(causes, 'Ion', 5);
    expect(rest).toEqual([]);
    expect(digest).toMatchObject({ digest: true, title: '30 alerts for Ion' });
    expect(digest.alerts).toHaveLength(30);
    expect(digest.body).toContain('- New unmapped SKU: SKU-19');
    expect(digest.body).not.toContain('SKU-20\n');
    expect(digest.body).toContain('- and 10 more');
  });
});
