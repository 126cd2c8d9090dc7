/** Migrate Manual Subscriptions against the emulator: dry run changes nothing; apply moves history; a rerun changes nothing. */
import { Choices, Tables } from '../../../solution/schema';
import type { Row } from '../../../plugins/dataverse/client';
import { eq } from '../../../plugins/dataverse/odata';
import { syncProviderAccounts } from '../../../plugins/sync/accounts/operation';
import { checkLicenseLog } from '../../../plugins/sync/license-check';
import { migrateManualSubscriptions } from '../../../plugins/sync/migration/operation';
import { syncSubscriptions } from '../../../plugins/sync/subscriptions/operation';
import { seedManualSubscriptions } from '../../../emulators/embedded/demo-manual';
import { startHarness, type Harness } from '../../helpers/harness';
import { TestJobContext } from '../../helpers/job-context';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;

describe('Migrate Manual Subscriptions', () => {
  let h: Harness;
  let manualProviderId: string;
  const logsOf = async (subscriptionId: string): Promise<Row[]> =>
    h.dv.all(L.entitySetName, {
      select: [L.col.id, L.col.changeType, L.col.quantityDelta, L.col.source],
      filter: eq(L.val.subscription, { guid: subscriptionId }),
    });
  const manualSubs = async (): Promise<Row[]> =>
    h.dv.all(S.entitySetName, {
      select: [S.col.id, S.col.name, S.col.stateCode, S.col.quantity],
      filter: eq(S.val.provider, { guid: manualProviderId }),
    });

  beforeAll(async () => {
    h = await startHarness({ techdata: { customers: 30, subscriptionsPerCustomer: 3 }, registerWebhooks: false });
    manualProviderId = (
      await seedManualSubscriptions(h.dv, {
        dataset: { seed: 365, customers: h.techdata.customers(), subscriptions: h.techdata.subscriptions() },
        internalName: 'Providers.TechDataCspProvider',
      })
    ).manualProviderId;
    const job = await h.service.store.createJob({
      name: 'setup',
      operation: 'SyncProviderAccounts',
      providerId: h.providerId,
    });
    await syncProviderAccounts(h.service.syncDeps, new TestJobContext({ id: job, providerId: h.providerId }));
    await syncSubscriptions(h.service.syncDeps, new TestJobContext({ id: job, providerId: h.providerId }));
  });
  afterAll(async () => {
    await h.close();
  });

  it('dry run: shows the pairs and the unpaired, and changes nothing', async () => {
    const before = JSON.stringify(await manualSubs());
    const writesBefore = h.service.requests.stats().writes;
    const outcome = await migrateManualSubscriptions(h.service.syncDeps, { providerId: h.providerId, apply: false });
    expect(outcome.plan.pairs.length).toBe(4);
    expect(outcome.plan.unpaired.length).toBe(2);
    expect(outcome.summary).toMatch(/^Dry run\. Would migrate 4 manual subscriptions; 2 unpaired/);
    expect(h.service.requests.stats().writes).toBe(writesBefore);
    expect(JSON.stringify(await manualSubs())).toBe(before);
  });

  it('apply: moves all but the Create entry to the synced subscription, balances it, and deactivates the manual one', async () => {
    const dry = await migrateManualSubscriptions(h.service.syncDeps, { providerId: h.providerId, apply: false });
    const pair = dry.plan.pairs[0];
    const manualLogsBefore = await logsOf(pair.manual.id);
    const syncedLogsBefore = await logsOf(pair.synced.id);
    const ctx = new TestJobContext({ providerId: h.providerId });
    const applied = await migrateManualSubscriptions(h.service.syncDeps, {
      providerId: h.providerId,
      apply: true,
      ctx,
    });
    expect(applied.summary).toMatch(/^Migrated 4 manual subscriptions/);
    expect(ctx.counts.updated).toBe(4);
    const manualLogsAfter = await logsOf(pair.manual.id);
    expect(manualLogsAfter.map((l) => l[L.col.changeType])).toEqual([Choices.changeType.Create]);
    const syncedLogsAfter = await logsOf(pair.synced.id);
    const moved = manualLogsBefore
      .filter((l) => l[L.col.changeType] !== Choices.changeType.Create)
      .map((l) => l[L.col.id]);
    for (const id of moved) expect(syncedLogsAfter.map((l) => l[L.col.id])).toContain(id);
    const balancing = syncedLogsAfter.filter((l) => l[L.col.source] === Choices.changeSource.Migration);
    expect(syncedLogsAfter.length).toBe(syncedLogsBefore.length + moved.length + balancing.length);
    const manual = (await manualSubs()).find((m) => m[S.col.id] === pair.manual.id);
    expect(manual?.[S.col.stateCode]).toBe(1);
    expect((await checkLicenseLog(h.dv, h.providerId)).mismatches).toEqual([]);
  });

  it('a second run changes nothing', async () => {
    const writesBefore = h.service.requests.stats().writes;
    const again = await migrateManualSubscriptions(h.service.syncDeps, { providerId: h.providerId, apply: true });
    expect(again.plan.pairs).toEqual([]);
    expect(h.service.requests.stats().writes).toBe(writesBefore);
  });
});
