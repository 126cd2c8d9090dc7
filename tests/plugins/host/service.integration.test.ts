/**
 * The sync service against the Dataverse emulator and the TechData sandbox: jobs started by the
 * emulator's webhook, rescued by the poller, never run twice at once per provider, and recovered after
 * the service dies.
 */
import { Choices, Tables } from '../../../solution/schema';
import { eq } from '../../../plugins/dataverse/odata';
import { startHarness, type Harness } from '../../helpers/harness';

const P = Tables.provider;
const PA = Tables.providerAccount;

describe('sync service jobs', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('runs a job when the emulator calls the webhook for the new Sync Job row, and writes status back', async () => {
    h = await startHarness(); // poller effectively off: only the webhook can start the job
    const jobId = await h.service.store.createJob({
      name: 'Verify',
      operation: 'VerifyConnectivity',
      providerId: h.providerId,
    });
    const job = await h.service.waitForJob(jobId, 30_000);
    expect(job.status).toBe('Succeeded');
    const deliveries = h.emulator.webhookDeliveries();
    expect(deliveries).toEqual([
      expect.objectContaining({
        table: 'w365_syncjob',
        message: 'Create',
        ok: true,
        url: `${h.service.url}/webhooks/dataverse`,
      }),
    ]);
    const provider = await h.dv.retrieve(P.entitySetName, h.providerId, [
      P.col.connectivityStatus,
      P.col.connectivityCode,
      P.col.connectivityCheckedOn,
    ]);
    expect(provider?.[P.col.connectivityStatus]).toBe(Choices.connectivityStatus.Verified);
    expect(provider?.[P.col.connectivityCode]).toBe('VERIFIED');
    const outcome = await h.service.store.getOutcome(jobId);
    expect(outcome?.summary).toMatch(/^Verified/);
  });

  it('the poller rescues a queued job whose webhook never arrived', async () => {
    h = await startHarness({ registerWebhooks: false, service: { pollIntervalInMs: 200, webhookGraceInMs: 0 } });
    const jobId = await h.service.store.createJob({
      name: 'Verify',
      operation: 'VerifyConnectivity',
      providerId: h.providerId,
    });
    const job = await h.service.waitForJob(jobId, 30_000);
    expect(job.status).toBe('Succeeded');
    expect(h.emulator.webhookDeliveries()).toHaveLength(0);
  });

  it('never runs two jobs of one operation for one provider at once: the second ends Not Started, naming the first', async () => {
    h = await startHarness({ techdata: { customers: 60, pageSize: 10, latencyInMs: 300 } });
    const first = await h.service.store.createJob({
      name: 'First sync',
      operation: 'SyncProviderAccounts',
      providerId: h.providerId,
    });
    // Wait until the first is Running, then start a second.
    for (let i = 0; i < 100 && (await h.service.store.get(first))?.status !== 'Running'; i++)
      await new Promise((r) => setTimeout(r, 50));
    const second = await h.service.store.createJob({
      name: 'Second sync',
      operation: 'SyncProviderAccounts',
      providerId: h.providerId,
    });
    const secondJob = await h.service.waitForJob(second, 30_000);
    expect(secondJob.status).toBe('NotStarted');
    const outcome = await h.service.store.getOutcome(second);
    expect(outcome?.summary).toContain('First sync');
    expect(outcome?.errorCode).toBe('JOB_ALREADY_RUNNING');
    expect((await h.service.waitForJob(first, 60_000)).status).toMatch(/Succeeded/);
    // A job of another operation for the same provider is not blocked.
    const verify = await h.service.store.createJob({
      name: 'Verify',
      operation: 'VerifyConnectivity',
      providerId: h.providerId,
    });
    expect((await h.service.waitForJob(verify, 30_000)).status).toBe('Succeeded');
  });

  it('reports an unknown connector as a clear job failure', async () => {
    h = await startHarness();
    await h.dv.update(P.entitySetName, h.providerId, { [P.col.internalName]: 'Providers.NoSuchProvider' });
    const jobId = await h.service.store.createJob({
      name: 'Verify',
      operation: 'VerifyConnectivity',
      providerId: h.providerId,
    });
    expect((await h.service.waitForJob(jobId, 30_000)).status).toBe('Failed');
    const outcome = await h.service.store.getOutcome(jobId);
    expect(outcome?.errorCode).toBe('PROVIDER_UNKNOWN_CONNECTOR');
    expect(outcome?.summary).toContain("No connector is called 'Providers.NoSuchProvider'");
  });

  it('keeps every secret out of the logs and the job records of a full run', async () => {
    h = await startHarness({ logLevel: 'trace' });
    for (const operation of ['VerifyConnectivity', 'SyncProviderAccounts', 'SyncSubscriptions'] as const) {
      const id = await h.service.store.createJob({ name: operation, operation, providerId: h.providerId });
      await h.service.waitForJob(id, 60_000);
    }
    // A verify that fails on a wrong secret must not echo it either.
    const wrong = 'wrong-secret-that-must-not-leak-42';
    await h.dv.update(P.entitySetName, h.providerId, { [P.col.password]: wrong });
    const failing = await h.service.store.createJob({
      name: 'Verify wrong secret',
      operation: 'VerifyConnectivity',
      providerId: h.providerId,
    });
    await h.service.waitForJob(failing, 30_000);
    const jobs = await h.dv.all(Tables.syncJob.entitySetName, {
      select: [Tables.syncJob.col.summary, Tables.syncJob.col.progressMessage, Tables.syncJob.col.result],
    });
    const items = await h.dv.all(Tables.syncJobItem.entitySetName, {
      select: [Tables.syncJobItem.col.message, Tables.syncJobItem.col.providerValue, Tables.syncJobItem.col.crmValue],
    });
    const provider = await h.dv.retrieve(P.entitySetName, h.providerId, [P.col.connectivityMessage]);
    const everything = [h.logs.join(''), JSON.stringify(jobs), JSON.stringify(items), JSON.stringify(provider)].join(
      '\n',
    );
    expect(h.logs.length).toBeGreaterThan(10);
    for (const secret of [h.techdata.clientSecret, wrong, h.webhookKey, 'emulator-secret-change-me'])
      expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/); // no JWT (access token) anywhere
    const verifyOutcome = await h.service.store.getOutcome(failing);
    expect(verifyOutcome?.errorCode).toBe('PROVIDER_CREDENTIALS_REJECTED');
  });

  it('syncs provider accounts idempotently: a second run writes nothing and ends No Change', async () => {
    h = await startHarness();
    const first = await h.service.store.createJob({
      name: 'Accounts 1',
      operation: 'SyncProviderAccounts',
      providerId: h.providerId,
    });
    await h.service.waitForJob(first, 60_000);
    const count = async () =>
      (await h.dv.all(PA.entitySetName, { select: [PA.col.id], filter: eq(PA.val.provider, { guid: h.providerId }) }))
        .length;
    expect(await count()).toBe(h.techdata.customers().length);
    const before = h.service.requests.stats().writes;
    const second = await h.service.store.createJob({
      name: 'Accounts 2',
      operation: 'SyncProviderAccounts',
      providerId: h.providerId,
    });
    await h.service.waitForJob(second, 60_000);
    const outcome = await h.service.store.getOutcome(second);
    expect(outcome?.status).toBe('NoChange');
    expect(outcome?.counts).toMatchObject({ created: 0, updated: 0, unchanged: h.techdata.customers().length });
    // The only writes are the job's own bookkeeping (create excluded: it went through createJob before `before`).
    const dataWrites = h.service.requests.stats().writes - before;
    expect(dataWrites).toBeLessThanOrEqual(6);
    expect(await count()).toBe(h.techdata.customers().length);
  });
});
