/**
 * The scaled topology for real: azurite (Azure Storage), the Dataverse emulator and the TechData
 * sandbox, one `w365 serve --role scheduler` process (webhook, poller, nightly cron under the lease)
 * and two `--role worker` processes sharing the queue. A Sync Job created as the ribbon's web resource
 * creates it, and the nightly run, both complete while one worker is killed with SIGKILL mid-job:
 * its items reappear for the other worker, and the result is what one clean run gives: every
 * subscription once (a direct rerun creates and updates nothing), and the License Change Log agrees
 * with every quantity. The scheduler holding the lease is killed too, and a second one takes over the
 * nightly run. A worker reports itself ready (Dataverse and the queue reachable) and leaves on SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import { Tables } from '../../../solution/schema';
import { eq } from '../../../plugins/dataverse/odata';
import { DataverseJobStore } from '../../../plugins/jobs/store';
import type { JobRecord } from '../../../plugins/jobs/types';
import { registerWebhooks } from '../../../plugins/host/register-webhooks';
import { checkLicenseLog } from '../../../plugins/sync/license-check';
import { Redactor } from '../../../plugins/shared/redact';
import { DEMO_TECHDATA_PROVIDER } from '../../../emulators/embedded';
import { startAzurite, type Azurite } from '../../helpers/azurite';
import { remoteEnv, startChildService, type ChildService } from '../../helpers/child-service';
import { seedFor, serviceClient, startEmulatorAndSandbox } from '../../helpers/harness';

jest.setTimeout(480_000);

const S = Tables.subscription;
const WEBHOOK_KEY = 'scale-out-test-webhook-key-0123456789abcdef';
const FINAL = ['Succeeded', 'SucceededWithWarnings', 'Failed'];

describe('two workers and a scheduler on Azure Storage', () => {
  let azurite: Azurite | undefined;
  const children: ChildProcess[] = [];
  let stopStack: (() => Promise<void>) | undefined;

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await azurite?.stop();
    await stopStack?.();
  });

  it('completes a ribbon job and the nightly run with no duplicate and no lost item, though a worker is killed', async () => {
    azurite = await startAzurite();
    const { emulator, techdata } = await startEmulatorAndSandbox({
      techdata: { customers: 40, pageSize: 5, subscriptionsPerCustomer: 3 },
    });
    stopStack = async () => {
      await emulator.close();
      await techdata.close();
    };
    const redactor = new Redactor();
    const { dv } = serviceClient(emulator, redactor);
    const seed = await seedFor(dv, techdata);
    const providerId = seed.providerIds[DEMO_TECHDATA_PROVIDER];
    const store = new DataverseJobStore(dv);
    const shared = {
      W365_WEBHOOK_KEY: WEBHOOK_KEY,
      W365_QUEUE: 'azure-storage',
      W365_STORAGE_CONNECTION_STRING: azurite.connectionString,
      W365_QUEUE_NAME: 'scale-out-test',
      W365_ITEM_VISIBILITY_SECONDS: '3',
      W365_CUSTOMERS_PER_ITEM: '2',
      W365_JOB_LEASE_SECONDS: '60',
    };
    const start = async (role: string, id: string, extra: NodeJS.ProcessEnv = {}): Promise<ChildService> => {
      const s = await startChildService(
        remoteEnv(emulator, { ...shared, W365_ROLE: role, W365_WORKER_ID: id, ...extra }),
      );
      children.push(s.child);
      return s;
    };
    const waitFor = async (id: string, until: (j: JobRecord) => boolean, what: string): Promise<JobRecord> => {
      for (let i = 0; i < 2400; i++) {
        const j = await store.get(id);
        if (j && until(j)) return j;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`job ${id} never ${what}: ${JSON.stringify(await store.get(id))}`);
    };
    const done = (id: string) => waitFor(id, (j) => FINAL.includes(j.status), 'finished');

    // The first scheduler's nightly time is far off; the second's comes after the first is killed.
    const scheduler = await start('scheduler', 'scale-scheduler-1', { W365_SCHEDULE: '0 0 1 1 *' });
    const [workerA, workerB] = await Promise.all([
      start('worker', 'scale-worker-a'),
      start('worker', 'scale-worker-b'),
    ]);
    const ready = await fetch(`${workerB.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', dataverse: 'ok', queue: 'ok' }]);
    await registerWebhooks(dv, { serviceUrl: scheduler.url, webhookKey: WEBHOOK_KEY });

    // The accounts first (planned into parts too), so that every customer has a provider account.
    const accounts = await store.createJob({ name: 'accounts', operation: 'SyncProviderAccounts', providerId });
    expect((await done(accounts)).status).toMatch(/^Succeeded/);

    // A ribbon-started subscription sync; the distributor slows down so that the job is mid-way when
    // worker A is killed.
    techdata.setLatency(150);
    const ribbon = await store.createJob({
      name: 'Sync subscriptions (ribbon)',
      operation: 'SyncSubscriptions',
      providerId,
    });
    for (let i = 0; i < 1200 && !((await store.readWork(ribbon))?.ledger?.doneCount ?? 0); i++)
      await new Promise((r) => setTimeout(r, 100));
    const before = (await store.readWork(ribbon))?.ledger;
    expect(before && before.doneCount < before.total).toBe(true);
    workerA.child.kill('SIGKILL');
    const ribbonJob = await done(ribbon);
    expect(ribbonJob.status).toMatch(/^Succeeded/);

    // The scheduler holding the lease dies; another takes the lease over once it lapses and runs the
    // nightly sync at its time, with one worker left.
    scheduler.child.kill('SIGKILL');
    // Its nightly time comes every 15 s (a fixed moment could pass before it is elected on a loaded
    // machine); the first run is the one checked.
    await start('scheduler', 'scale-scheduler-2', { W365_SCHEDULE: '*/15 * * * * *' });
    let nightly: JobRecord | undefined;
    for (let i = 0; i < 1200 && !nightly; i++) {
      const rows = await dv.all(Tables.syncJob.entitySetName, {
        select: [Tables.syncJob.col.id, Tables.syncJob.col.name, Tables.syncJob.col.createdOn],
        orderby: `${Tables.syncJob.col.createdOn} asc`,
        filter: eq(Tables.syncJob.col.name, `Nightly subscription sync: ${DEMO_TECHDATA_PROVIDER}`),
      });
      if (rows.length) nightly = await done(String(rows[0][Tables.syncJob.col.id]));
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(nightly?.status).toMatch(/^Succeeded/);

    // No duplicate: one row per distributor subscription.
    const rows = await dv.all(S.entitySetName, {
      select: [S.col.providerSubscriptionId],
      filter: eq(S.val.provider, { guid: providerId }),
    });
    const ids = rows.map((r) => String(r[S.col.providerSubscriptionId]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
    // No lost item: everything the distributor lists for a synced customer is there, as the nightly
    // run (which found nothing left to write beyond the ribbon run's) shows: it created nothing.
    const outcome = await store.getOutcome(nightly!.id);
    expect(outcome?.counts.created).toBe(0);
    expect(outcome?.counts.updated).toBe(0);
    const ribbonOutcome = await store.getOutcome(ribbon);
    expect(ribbonOutcome?.counts.created).toBe(ids.length);
    const log = await checkLicenseLog(dv, providerId);
    expect(log.mismatches).toEqual([]);

    // SIGTERM: the worker stops taking items, hands back what it holds, and exits cleanly.
    const exited = new Promise<number | null>((resolve) => workerB.child.once('exit', (code) => resolve(code)));
    workerB.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
