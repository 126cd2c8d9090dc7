/**
 * Issue 13, fault 1: a distributor record we cannot read must never make the sync treat it as gone.
 * A listing with unreadable records suspends no subscription and marks no account removed (the job
 * says why), an unreadable record whose id is readable still counts as listed, and the next clean run
 * writes no spurious Reactivate.
 */
import { Choices, Tables } from '../../../solution/schema';
import { eq } from '../../../plugins/dataverse/odata';
import { syncProviderAccounts } from '../../../plugins/sync/accounts/operation';
import { syncSubscriptions } from '../../../plugins/sync/subscriptions/operation';
import { startHarness, type Harness } from '../../helpers/harness';
import { depsFor, invariants, newJob } from '../../helpers/sync';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;
const PA = Tables.providerAccount;

describe('malformed distributor records', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  async function logEntries(type: number): Promise<number> {
    return (await h.dv.all(L, { select: [L.col.id], filter: eq(L.col.changeType, type) })).length;
  }

  it('suspend no live subscription the distributor still lists, and a clean rerun reactivates nothing', async () => {
    h = await startHarness({
      techdata: { customers: 20, subscriptionsPerCustomer: 3, pageSize: 10 },
      registerWebhooks: false,
    });
    const deps = depsFor(h);
    await syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'));
    await syncSubscriptions(deps, await newJob(h, 'SyncSubscriptions'));
    const before = await h.dv.all(S, {
      select: [S.col.id, S.col.subscriptionStatus],
      filter: eq(S.val.provider, { guid: h.providerId }),
    });
    expect(before.length).toBeGreaterThan(20);

    const suspendsBefore = await logEntries(Choices.changeType.Suspend);
    const reactivatesBefore = await logEntries(Choices.changeType.Reactivate);
    h.techdata.setFaults({ malformedSubscriptions: 10 });
    const garbled = await newJob(h, 'SyncSubscriptions');
    await syncSubscriptions(deps, garbled);
    expect(garbled.codes().filter((c) => c === 'RECORD_MALFORMED')).toHaveLength(10);
    expect(garbled.codes()).toContain('SUBSCRIPTION_GONE_CHECK_SKIPPED');
    expect(garbled.codes()).not.toContain('SUBSCRIPTION_GONE_AT_PROVIDER');
    const after = await h.dv.all(S, {
      select: [S.col.id, S.col.subscriptionStatus, S.col.removedAtProvider],
      filter: eq(S.val.provider, { guid: h.providerId }),
    });
    const statusOf = (rows: typeof before) =>
      Object.fromEntries(rows.map((r) => [r[S.col.id], r[S.col.subscriptionStatus]]));
    expect(statusOf(after)).toEqual(statusOf(before));
    expect(after.filter((r) => r[S.col.removedAtProvider] === true)).toEqual([]);
    expect(await logEntries(Choices.changeType.Suspend)).toBe(suspendsBefore);

    h.techdata.setFaults({});
    const clean = await newJob(h, 'SyncSubscriptions');
    await syncSubscriptions(deps, clean);
    expect(clean.counts.updated).toBe(0);
    expect(await logEntries(Choices.changeType.Reactivate)).toBe(reactivatesBefore);
    await invariants(h);
  });

  it('mark no provider account removed while customer records cannot be read', async () => {
    h = await startHarness({ techdata: { customers: 20, pageSize: 5 }, registerWebhooks: false });
    const deps = depsFor(h);
    await syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'));
    h.techdata.setFaults({ malformedCustomers: 4 });
    const garbled = await newJob(h, 'SyncProviderAccounts');
    await syncProviderAccounts(deps, garbled);
    expect(garbled.codes().filter((c) => c === 'RECORD_MALFORMED')).toHaveLength(4);
    expect(garbled.codes()).toContain('PROVIDER_ACCOUNT_REMOVAL_CHECK_SKIPPED');
    expect(garbled.codes()).not.toContain('PROVIDER_ACCOUNT_REMOVED');
    const removed = await h.dv.all(PA, {
      select: [PA.col.id],
      filter: `${eq(PA.val.provider, { guid: h.providerId })} and ${eq(PA.col.removedAtProvider, true)}`,
    });
    expect(removed).toEqual([]);
    h.techdata.setFaults({});
    const clean = await newJob(h, 'SyncProviderAccounts');
    await syncProviderAccounts(deps, clean);
    expect(clean.codes()).not.toContain('PROVIDER_ACCOUNT_RETURNED');
    expect(clean.counts.updated).toBe(0);
  });
});
