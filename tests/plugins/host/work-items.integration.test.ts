/**
 * The service with work items on (W365_WORK_ITEMS) and its own in-process queue: a subscription sync
 * is planned into parts of a few customers, the parts run through the queue, and the job ends when the
 * last part is counted, with the same result one whole run gives. Issue 13's rule holds across parts:
 * while any part reads an unreadable record, no subscription is treated as gone; once every part reads
 * cleanly, the gone check runs.
 */
import { Tables } from '../../../solution/schema';
import { eq } from '../../../plugins/dataverse/odata';
import { syncProviderAccounts } from '../../../plugins/sync/accounts/operation';
import { startHarness, type Harness } from '../../helpers/harness';
import { depsFor, newJob, runThroughService } from '../../helpers/sync';

jest.setTimeout(180_000);

const S = Tables.subscription;

describe('a subscription sync split into work items by the service', () => {
  let h: Harness;
  afterAll(async () => {
    await h?.close();
  });

  const run = () => runThroughService(h, 'SyncSubscriptions');
  const gone = async () =>
    (
      await h.dv.all(S.entitySetName, {
        select: [S.col.id],
        filter: `${eq(S.val.provider, { guid: h.providerId })} and ${eq(S.col.removedAtProvider, true)}`,
      })
    ).length;

  it('runs in parts, writes each subscription once, and checks for gone ones only when every part read cleanly', async () => {
    h = await startHarness({
      techdata: { customers: 20, subscriptionsPerCustomer: 3, pageSize: 10 },
      env: { W365_WORK_ITEMS: 'true', W365_CUSTOMERS_PER_ITEM: '3' },
    });
    await syncProviderAccounts(depsFor(h), await newJob(h, 'SyncProviderAccounts'));

    const first = await run();
    expect(first.status).toMatch(/^Succeeded/);
    expect(first.parts).toBe(7); // 20 customers, 3 a part
    const rows = await h.dv.all(S.entitySetName, {
      select: [S.col.providerSubscriptionId],
      filter: eq(S.val.provider, { guid: h.providerId }),
    });
    expect(first.counts.created).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(20);

    const again = await run();
    expect([again.counts.created, again.counts.updated]).toEqual([0, 0]);

    // One subscription ends at the distributor while other customers' records cannot be read.
    const listed = new Set(rows.map((r) => String(r[S.col.providerSubscriptionId])));
    const victim = h.techdata.subscriptions().find((s) => listed.has(s.subscriptionId))!;
    const customer = h.techdata.customers().find((c) => c.endCustomerId === victim.endCustomerId)!;
    const others = h.techdata
      .subscriptions()
      .filter((s) => s.endCustomerId === customer.endCustomerId && s.subscriptionId !== victim.subscriptionId);
    h.techdata.removeCustomer(customer.endCustomerId);
    h.techdata.addCustomer({ ...customer });
    for (const o of others) h.techdata.setSubscription(o);
    h.techdata.setFaults({ malformedSubscriptions: 4 });
    const garbled = await run();
    expect(garbled.codes).toContain('SUBSCRIPTION_GONE_CHECK_SKIPPED');
    expect(garbled.codes).not.toContain('SUBSCRIPTION_GONE_AT_PROVIDER');
    expect(await gone()).toBe(0);

    h.techdata.setFaults({});
    const clean = await run();
    expect(clean.codes).not.toContain('SUBSCRIPTION_GONE_CHECK_SKIPPED');
    expect(clean.codes).toContain('SUBSCRIPTION_GONE_AT_PROVIDER');
    expect(await gone()).toBe(1);
  });
});
