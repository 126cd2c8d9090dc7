/**
 * A service killed (SIGKILL) in the middle of a job: the job is left Running; the next start of a
 * worker with the same id marks it Failed (interrupted); running it again completes, with no duplicate
 * provider account and no lost mapping.
 */
import type { ChildProcess } from 'node:child_process';
import { Choices, Tables } from '../../../solution/schema';
import { SOLUTION_VERSION } from '../../../solution/version';
import { eq } from '../../../plugins/dataverse/odata';
import { loadConfig } from '../../../plugins/host/config';
import { registerWebhooks } from '../../../plugins/host/register-webhooks';
import { startService } from '../../../plugins/host/service';
import { defaultConnectorRegistry } from '../../../plugins/providers';
import { silentLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import { DEMO_TECHDATA_PROVIDER } from '../../../emulators/embedded';
import { remoteEnv, startChildService } from '../../helpers/child-service';
import { seedFor, serviceClient, startEmulatorAndSandbox } from '../../helpers/harness';

const PA = Tables.providerAccount;
const WEBHOOK_KEY = 'crash-test-webhook-key-0123456789abcdef';

async function startChild(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const { child, url } = await startChildService(env);
  return { child, url };
}

describe('a service killed mid-job', () => {
  it('leaves an interrupted job that the next start marks, and a rerun completes without duplicates or lost mappings', async () => {
    const { emulator, techdata } = await startEmulatorAndSandbox({
      techdata: { customers: 40, pageSize: 4, subscriptionsPerCustomer: 1 },
    });
    const redactor = new Redactor();
    const { dv, tokenProvider } = serviceClient(emulator, redactor);
    const seed = await seedFor(dv, techdata);
    const providerId = seed.providerIds[DEMO_TECHDATA_PROVIDER];
    const env = remoteEnv(emulator, { W365_WEBHOOK_KEY: WEBHOOK_KEY, W365_WORKER_ID: 'crash-worker' });
    let child: ChildProcess | undefined;
    let service: Awaited<ReturnType<typeof startService>> | undefined;
    try {
      // A first complete sync, then a person maps one account by hand.
      const started = await startChild(env);
      child = started.child;
      await registerWebhooks(dv, { serviceUrl: started.url, webhookKey: WEBHOOK_KEY });
      const { DataverseJobStore } = await import('../../../plugins/jobs/store');
      const store = new DataverseJobStore(dv);
      const waitFor = async (id: string, statuses: string[]) => {
        for (let i = 0; i < 600; i++) {
          const j = await store.get(id);
          if (j && statuses.includes(j.status)) return j;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`job ${id} never reached ${statuses.join('/')}`);
      };
      const first = await store.createJob({ name: 'first', operation: 'SyncProviderAccounts', providerId });
      await waitFor(first, ['Succeeded', 'SucceededWithWarnings']);
      const unmapped = await dv.all(PA.entitySetName, {
        select: [PA.col.id, PA.col.name],
        filter: `${eq(PA.val.provider, { guid: providerId })} and ${PA.val.account} eq null`,
        top: 1,
      });
      const crm = await dv.all(Tables.account.entitySetName, {
        select: [Tables.account.col.id],
        filter: eq(Tables.account.col.name, 'Tailspin Toys'),
      });
      await dv.update(PA.entitySetName, String(unmapped[0][PA.col.id]), {
        [`${PA.nav.account}@odata.bind`]: `/accounts(${String(crm[0][Tables.account.col.id])})`,
        [PA.col.mappingStatus]: Choices.mappingStatus.Mapped,
        [PA.col.mappingSource]: Choices.mappingSource.Person,
      });
      const mappingsBefore = await dv.all(PA.entitySetName, {
        select: [PA.col.providerSpecificId, PA.val.account],
        filter: `${eq(PA.val.provider, { guid: providerId })} and ${PA.val.account} ne null`,
      });

      // New customers appear at the distributor; the next sync is killed while it lists them.
      for (let i = 0; i < 8; i++) techdata.addCustomer({ companyName: `Crash Test Customer ${i} Pty Ltd` });
      techdata.setLatency(400);
      const killed = await store.createJob({ name: 'killed', operation: 'SyncProviderAccounts', providerId });
      await waitFor(killed, ['Running']);
      await new Promise((r) => setTimeout(r, 800));
      child.kill('SIGKILL');
      await new Promise((r) => child?.once('exit', r));
      expect((await store.get(killed))?.status).toBe('Running');

      // The next start of the same worker marks it interrupted.
      techdata.setLatency(0);
      const config = loadConfig(
        {
          ...env,
          W365_DATAVERSE_URL: undefined,
          W365_WEBHOOK_KEY: undefined,
          W365_PORT: '0',
          W365_WORKER_ID: 'crash-worker',
        },
        { hostname: 'x' },
      );
      service = await startService({
        config,
        dataverse: { environmentUrl: emulator.url, webApiUrl: emulator.webApiUrl, tokenProvider, ca: emulator.caPem },
        connectors: defaultConnectorRegistry(),
        logger: silentLogger(),
        redactor,
        webhookKey: WEBHOOK_KEY,
        version: SOLUTION_VERSION,
        schedule: false,
        pollIntervalInMs: 3_600_000,
      });
      const interrupted = await store.getOutcome(killed);
      expect(interrupted).toMatchObject({ status: 'Failed', errorCode: 'JOB_INTERRUPTED' });
      expect(interrupted?.summary).toMatch(/interrupted/);

      // Run it again: completes, no duplicates, the person's mapping kept.
      await registerWebhooks(dv, { serviceUrl: service.url, webhookKey: WEBHOOK_KEY });
      const rerun = await store.createJob({ name: 'rerun', operation: 'SyncProviderAccounts', providerId });
      expect((await service.waitForJob(rerun, 60_000)).status).toMatch(/^Succeeded/);
      const all = await dv.all(PA.entitySetName, {
        select: [PA.col.providerSpecificId, PA.val.account],
        filter: eq(PA.val.provider, { guid: providerId }),
      });
      const ids = all.map((r) => String(r[PA.col.providerSpecificId]));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(techdata.customers().length);
      const after = new Map(all.map((r) => [String(r[PA.col.providerSpecificId]), r[PA.val.account]]));
      for (const m of mappingsBefore) expect(after.get(String(m[PA.col.providerSpecificId]))).toBe(m[PA.val.account]);
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await service?.close();
      await techdata.close();
      await emulator.close();
    }
  });
});
