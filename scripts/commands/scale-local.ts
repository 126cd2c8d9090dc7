/**
 * `w365 scale-local [--workers N]` (`npm run scale:local`): the scaled topology on this machine, as it
 * runs in Azure but with the stand-ins: azurite (Azure Storage, in memory, ports 10000/10001), the
 * Dataverse emulator with the demo data and the TechData sandbox in this process, then one
 * `w365 serve --role scheduler` (webhook, poller, nightly cron under the lease) and N
 * `w365 serve --role worker` processes sharing the queue, each a real service signed in to the
 * emulator as it would to Dataverse. Ctrl+C stops them all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { QueueServiceClient } from '@azure/storage-queue';
import { MsalTokenProvider } from '../../plugins/dataverse/auth';
import { DataverseClient } from '../../plugins/dataverse/client';
import { registerWebhooks } from '../../plugins/host/register-webhooks';
import { DataverseJobStore } from '../../plugins/jobs/store';
import { delay } from '../../plugins/shared/abort';
import { Redactor } from '../../plugins/shared/redact';
import {
  DEFAULT_APP_SHELL_CLIENT,
  DEFAULT_SERVICE_CLIENT,
  EMULATOR_TENANT_ID,
  startDataverseEmulator,
} from '../../emulators/dataverse';
import { seedDemoData } from '../../emulators/embedded/demo-data';
import { startTechDataSandbox } from '../../emulators/techdata/server';

const BIN = path.join(__dirname, '../../bin/w365.js');
/** A client whose id is a GUID, as the service's configuration insists a real app registration's is. */
const SCALE_CLIENT = {
  clientId: '7c0de5ca-1e00-4a0c-9d1e-5ca1e10ca100',
  clientSecret: 'scale-local-client-secret',
  fieldSecurityProfiles: DEFAULT_SERVICE_CLIENT.fieldSecurityProfiles,
};
const WEBHOOK_KEY = 'scale-local-webhook-key-0123456789abcdefghij';
/** Azurite's documented development account (it opens only the local emulator). */
const AZURITE =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;';

function startAzurite(): ChildProcess {
  const entry = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const args = ['--silent', '--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry'];
  args.push('--blobPort', '10000', '--queuePort', '10001', '--tablePort', '10002');
  return spawn(process.execPath, [entry, ...args], { stdio: 'ignore' });
}

async function waitForStorage(): Promise<void> {
  const queues = QueueServiceClient.fromConnectionString(AZURITE, { retryOptions: { maxTries: 1 } });
  for (let i = 0; i < 100; i++) {
    if (
      await queues.getProperties().then(
        () => true,
        () => false,
      )
    )
      return;
    await delay(200);
  }
  throw new Error('azurite did not start on ports 10000/10001 (is another one running?)');
}

/** Starts one `w365 serve` and resolves with its URL once it prints it. */
function serve(role: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--role', role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /service:\s+(http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`${role} exited with ${code}:\n${out}`)));
  });
}

/** Sync Job rows as the ribbon creates them (the webhook queues them): accounts, then subscriptions. */
async function firstRun(dv: DataverseClient, providerId: string): Promise<void> {
  const store = new DataverseJobStore(dv);
  for (const operation of ['SyncProviderAccounts', 'SyncSubscriptions'] as const) {
    const id = await store.createJob({ name: `scale-local: ${operation}`, operation, providerId });
    const started = Date.now();
    let job = await store.get(id);
    while (job && (job.status === 'Queued' || job.status === 'Running')) {
      await delay(500);
      job = await store.get(id);
    }
    const outcome = await store.getOutcome(id);
    process.stdout.write(
      `  ${operation}: ${job?.status ?? 'gone'} in ${Date.now() - started} ms: ${outcome?.summary ?? ''}\n`,
    );
  }
}

export function register(program: Command): void {
  program
    .command('scale-local')
    .description('the scaled topology locally: azurite, the emulator, one scheduler and N worker processes')
    .option('--workers <n>', 'worker processes', '2')
    .action(async (o: { workers: string }) => {
      const workers = Math.max(1, Math.min(8, Number(o.workers) || 2));
      const children: ChildProcess[] = [startAzurite()];
      await waitForStorage();
      const emulator = await startDataverseEmulator({
        clients: [DEFAULT_SERVICE_CLIENT, DEFAULT_APP_SHELL_CLIENT, SCALE_CLIENT],
      });
      const techdata = await startTechDataSandbox({ seed: 365, customers: 40, subscriptionsPerCustomer: 4 });
      const redactor = new Redactor();
      const tokenProvider = new MsalTokenProvider({
        environmentUrl: emulator.url,
        authority: emulator.authority,
        clientId: SCALE_CLIENT.clientId,
        clientSecret: SCALE_CLIENT.clientSecret,
        ca: emulator.caPem,
        redactor,
      });
      const dv = new DataverseClient({ webApiUrl: emulator.webApiUrl, tokenProvider, ca: emulator.caPem });
      const cfg = techdata.providerConfig();
      const seed = await seedDemoData(dv, {
        dataset: { seed: 365, customers: techdata.customers(), subscriptions: techdata.subscriptions() },
        currencyCode: techdata.currencyCode,
        providers: [
          {
            name: 'TechData (scale-local sandbox)',
            internalName: cfg.internalName,
            userName: cfg.userName,
            password: cfg.password,
            endpointUrl: cfg.endpointUrl,
            properties: cfg.properties,
          },
        ],
      });
      const env: NodeJS.ProcessEnv = {
        W365_DATAVERSE_URL: emulator.url,
        W365_TENANT_ID: EMULATOR_TENANT_ID,
        W365_CLIENT_ID: SCALE_CLIENT.clientId,
        W365_CLIENT_SECRET: SCALE_CLIENT.clientSecret,
        W365_AUTHORITY: emulator.authority,
        W365_DATAVERSE_CA_FILE: emulator.caFile,
        W365_WEBHOOK_KEY: WEBHOOK_KEY,
        W365_HOST: '127.0.0.1',
        W365_ALLOW_LOOPBACK_PROVIDER_URLS: 'true',
        W365_QUEUE: 'azure-storage',
        W365_STORAGE_CONNECTION_STRING: AZURITE,
        W365_LOG_LEVEL: process.env.W365_LOG_LEVEL ?? 'warn',
      };
      const scheduler = await serve('scheduler', { ...env, W365_WORKER_ID: 'scale-scheduler' });
      children.push(scheduler.child);
      for (let i = 1; i <= workers; i++)
        children.push((await serve('worker', { ...env, W365_PORT: '0', W365_WORKER_ID: `scale-worker-${i}` })).child);
      await registerWebhooks(dv, { serviceUrl: scheduler.url, webhookKey: WEBHOOK_KEY });
      process.stdout.write(
        [
          'Scaled topology running:',
          `  scheduler:  ${scheduler.url} (webhook, poller, nightly run; /readyz)`,
          `  workers:    ${workers} (w365 serve --role worker), sharing the queue w365-work-items`,
          `  storage:    azurite on 127.0.0.1:10000 (blob) and :10001 (queue)`,
          `  Dataverse:  ${emulator.url} (emulator; client ${SCALE_CLIENT.clientId})`,
          `  TechData:   ${techdata.url} (sandbox, ${techdata.customers().length} customers)`,
        ].join('\n') + '\n',
      );
      await firstRun(dv, seed.providerIds['TechData (scale-local sandbox)']);
      process.stdout.write('Create more Sync Job rows to run more. Stop with Ctrl+C.\n');
      const stop = async () => {
        for (const c of children.reverse()) c.kill('SIGTERM');
        await techdata.close();
        await emulator.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
