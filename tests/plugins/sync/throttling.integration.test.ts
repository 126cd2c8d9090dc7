/**
 * Issue 13, fault 6: sustained Dataverse throttling is waited out, not failed. With the emulator's
 * service protection squeezed far below Dataverse's (1 request per second instead of 6,000 per 300 s), a
 * subscription sync of many batches still completes, every write lands once, and the log stays whole.
 */
import { syncProviderAccounts } from '../../../plugins/sync/accounts/operation';
import { syncSubscriptions } from '../../../plugins/sync/subscriptions/operation';
import { startHarness, type Harness } from '../../helpers/harness';
import { depsFor, invariants, newJob } from '../../helpers/sync';

describe('sustained Dataverse throttling', () => {
  let h: Harness;
  afterEach(async () => {
    h?.emulator.setLimits(undefined);
    await h?.close();
  });

  it('is waited out: the sync completes with nothing failed, however many times it is told to wait', async () => {
    h = await startHarness({ techdata: { customers: 8, subscriptionsPerCustomer: 3 }, registerWebhooks: false });
    // Six batches of four in flight against room for one request a second: each waits its turn many times.
    const deps = depsFor(h, { writes: { maxOperationsPerBatch: 4, concurrentBatches: 6, flushAtOperations: 400 } });
    await syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'));
    const ctx = await newJob(h, 'SyncSubscriptions');
    const throttledBefore = h.emulator.stats().throttled;
    h.emulator.setLimits({ requestsPerWindow: 1, windowInMs: 1000 });
    await syncSubscriptions(deps, ctx);
    h.emulator.setLimits(undefined);
    // Far more 429s than the five tries a request used to get before the job failed.
    expect(h.emulator.stats().throttled - throttledBefore).toBeGreaterThan(5);
    expect(ctx.counts.failed).toBe(0);
    expect(ctx.counts.created).toBeGreaterThan(5);
    await invariants(h);
  }, 180_000);
});
