/**
 * Reliability of the syncs: killed at random points and run again (no duplicate subscription, no
 * duplicate or missing log entry, every quantity equal to its log's sum, no duplicate provider account,
 * no lost mapping); distributor 429s, 500s, slow pages and malformed records; Dataverse 429s.
 */
import { Tables } from '../../../solution/schema';
import type { DataverseApi } from '../../../plugins/dataverse/api';
import { eq } from '../../../plugins/dataverse/odata';
import { syncProviderAccounts } from '../../../plugins/sync/accounts/operation';
import { syncSubscriptions } from '../../../plugins/sync/subscriptions/operation';
import { startHarness, type Harness } from '../../helpers/harness';
import { TestJobContext } from '../../helpers/job-context';
import { depsFor, invariants, newJob } from '../../helpers/sync';

const S = Tables.subscription;
const PA = Tables.providerAccount;

/** `dv`, but `kill` runs when the n-th batch of write units starts. */
function killAfterFlush(dv: DataverseApi, n: number, kill: () => void): DataverseApi {
  let flushes = 0;
  return {
    pages: (...a) => dv.pages(...a),
    rows: (...a) => dv.rows(...a),
    all: (...a) => dv.all(...a),
    retrieve: (...a) => dv.retrieve(...a),
    write: (...a) => dv.write(...a),
    writeUnits: (units, options) => {
      if (++flushes === n) kill();
      return dv.writeUnits(units, options);
    },
  };
}

describe('sync reliability', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('survives being killed at random points: reruns leave no duplicates, no missing log entries, and log sums equal quantities', async () => {
    h = await startHarness({ techdata: { customers: 40, subscriptionsPerCustomer: 4 }, registerWebhooks: false });
    const deps = depsFor(h);
    await syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'));
    h.emulator.setLatency({ minMs: 5, maxMs: 15 });
    // Deterministic kill points: a few ms after the n-th flush of writes has started (so some of its
    // batches land and some do not), whatever the machine's speed; quantity changes between runs.
    const killAtFlush = [1, 3, 2, 5, 1, 4];
    const countAfterKill: number[] = [];
    for (let round = 0; round < killAtFlush.length; round++) {
      const controller = new AbortController();
      const ctx = new TestJobContext(
        { id: (await newJob(h, 'SyncSubscriptions')).job.id, providerId: h.providerId },
        controller.signal,
      );
      const kill = () => setTimeout(() => controller.abort(new Error('killed')), 5);
      await syncSubscriptions({ ...deps, dv: killAfterFlush(deps.dv, killAtFlush[round], kill) }, ctx).catch(
        (e: Error) => expect(String(e.message ?? e)).toMatch(/killed|abort|cancel/i),
      );
      await new Promise((r) => setTimeout(r, 100));
      countAfterKill.push(
        (await h.dv.all(S.entitySetName, { select: [S.col.id], filter: eq(S.val.provider, { guid: h.providerId }) }))
          .length,
      );
      if (round % 2 === 1) h.techdata.changeQuantities(0.2, round);
    }
    // Let any write the "killed" runs had in flight land, then run to completion.
    await new Promise((r) => setTimeout(r, 300));
    h.emulator.setLatency(undefined);
    const final = await newJob(h, 'SyncSubscriptions');
    await syncSubscriptions(deps, final);
    expect(final.counts.failed).toBe(0);
    const total = (
      await h.dv.all(S.entitySetName, { select: [S.col.id], filter: eq(S.val.provider, { guid: h.providerId }) })
    ).length;
    // The kills really landed mid-sync: some rounds stopped with part of the subscriptions written.
    expect(countAfterKill.some((n) => n > 0 && n < total)).toBe(true);
    await invariants(h);
    const again = await newJob(h, 'SyncSubscriptions');
    await syncSubscriptions(deps, again);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
  });

  it('finishes through distributor 429s, 500s and slow pages, and reports the malformed records it skipped', async () => {
    h = await startHarness({
      techdata: { customers: 30, subscriptionsPerCustomer: 3, pageSize: 5 },
      registerWebhooks: false,
    });
    const deps = depsFor(h);
    h.techdata.setFaults({
      throttle: { everyNth: 3, retryAfterSeconds: 1 },
      serverError: { everyNth: 5, status: 503 },
      slowPages: { pages: [2], firstN: 1, delayInMs: 2500 },
      malformedCustomers: 2,
      malformedSubscriptions: 3,
    });
    const accounts = await newJob(h, 'SyncProviderAccounts');
    await syncProviderAccounts(deps, accounts);
    expect(accounts.codes().filter((c) => c === 'RECORD_MALFORMED')).toHaveLength(2);
    expect(accounts.counts.skipped).toBe(2);
    const subs = await newJob(h, 'SyncSubscriptions');
    await syncSubscriptions(deps, subs);
    expect(subs.counts.failed).toBe(0);
    expect(subs.items.filter((i) => i.code === 'RECORD_MALFORMED').length).toBeGreaterThanOrEqual(1);
    const stats = h.techdata.stats() as unknown as Record<string, number>;
    expect(JSON.stringify(stats)).toMatch(/throttle|429/i);
    await invariants(h);
  });

  it('never marks accounts removed when the customer listing could not be completed', async () => {
    h = await startHarness({ techdata: { customers: 20, pageSize: 5 }, registerWebhooks: false });
    const deps = depsFor(h);
    await syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'));
    h.techdata.setFaults({ serverError: { pages: [3], always: true, status: 500 } });
    await expect(syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'))).rejects.toBeDefined();
    const removed = await h.dv.all(PA.entitySetName, {
      select: [PA.col.id],
      filter: `${eq(PA.val.provider, { guid: h.providerId })} and ${eq(PA.col.removedAtProvider, true)}`,
    });
    expect(removed).toEqual([]);
  });

  it('finishes through Dataverse service protection 429s', async () => {
    h = await startHarness({ techdata: { customers: 20, subscriptionsPerCustomer: 3 }, registerWebhooks: false });
    const deps = depsFor(h);
    await syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'));
    const ctx = await newJob(h, 'SyncSubscriptions');
    h.emulator.setLimits({ requestsPerWindow: 8, windowInMs: 1000 });
    const throttledBefore = h.emulator.stats().throttled;
    await syncSubscriptions(deps, ctx);
    h.emulator.setLimits(undefined);
    expect(h.emulator.stats().throttled).toBeGreaterThan(throttledBefore);
    expect(ctx.counts.failed).toBe(0);
    expect(ctx.counts.created).toBeGreaterThan(0);
    await invariants(h);
  });
});
