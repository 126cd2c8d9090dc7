/**
 * `npm run -s bench -- scale --json [--customers 200 --subscriptions-per-customer 10 --workers 1,2,4]`:
 * one Sync Subscriptions job split into work items, run by 1, 2 and 4 `w365 serve --role worker`
 * processes sharing an Azure Storage queue (azurite), against the Dataverse emulator (20 ms per
 * request, service protection's 52 concurrent requests enforced) and the TechData sandbox (100 ms per
 * page), each in a process of its own. Each worker count gets a fresh stack (the same seeded data), so
 * every run creates the same subscriptions. Then one more run with 2 workers, one of them killed with
 * SIGKILL mid-job: duplicates, lost items and License Change Log mismatches after it.
 *
 * One environment only: the service does not serve several environments yet (docs/scale-out.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { QueueServiceClient } from '@azure/storage-queue';
import { Tables } from '../../solution/schema';
import { EMULATOR_TENANT_ID } from '../../emulators/dataverse';
import { eq } from '../../plugins/dataverse/odata';
import { AzureStorageJobQueue } from '../../plugins/jobs/queues/azure-storage';
import { DataverseJobStore } from '../../plugins/jobs/store';
import { delay } from '../../plugins/shared/abort';
import { syncProviderAccounts } from '../../plugins/sync/accounts/operation';
import { checkLicenseLog } from '../../plugins/sync/license-check';
import { BenchJobContext } from './context';
import { seedBench } from './seed';
import { benchDeps } from './service-deps';
import { numberOption, startBenchStack, type BenchStack } from './stack';
import type { BenchScenario } from './types';

const BIN = path.join(__dirname, '../../bin/w365.js');
const CLIENT = { clientId: '5ca1e000-0b00-4c00-8d00-000000000001', clientSecret: 'scale-bench-client-secret' };
/** Its own ports, so that a developer's `npm run azurite` (10000/10001) is left alone. */
const BLOB_PORT = 10110;
const QUEUE_PORT = 10111;
const STORAGE = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${BLOB_PORT}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${QUEUE_PORT}/devstoreaccount1;`;

async function startAzurite(): Promise<ChildProcess> {
  const entry = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const child = spawn(
    process.execPath,
    [entry, '--silent', '--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry'].concat([
      '--blobPort',
      String(BLOB_PORT),
      '--queuePort',
      String(QUEUE_PORT),
      '--tablePort',
      '10112',
    ]),
    { stdio: 'ignore' },
  );
  const queues = QueueServiceClient.fromConnectionString(STORAGE, { retryOptions: { maxTries: 1 } });
  for (let i = 0; i < 150; i++) {
    if (
      await queues.getProperties().then(
        () => true,
        () => false,
      )
    )
      return child;
    await delay(200);
  }
  child.kill('SIGKILL');
  throw new Error(`BENCH_AZURITE: azurite did not start on ports ${BLOB_PORT}/${QUEUE_PORT}`);
}

function startWorker(stack: BenchStack, queueName: string, id: string, customersPerItem: number) {
  const child = spawn(process.execPath, [BIN, 'serve', '--role', 'worker'], {
    env: {
      ...process.env,
      W365_DATAVERSE_URL: stack.emulator.url,
      W365_TENANT_ID: EMULATOR_TENANT_ID,
      W365_CLIENT_ID: CLIENT.clientId,
      W365_CLIENT_SECRET: CLIENT.clientSecret,
      W365_AUTHORITY: stack.emulator.authority,
      W365_DATAVERSE_CA_FILE: stack.emulator.caFile,
      W365_WEBHOOK_KEY: 'scale-bench-webhook-key-0123456789abcdefgh',
      W365_PORT: '0',
      W365_HOST: '127.0.0.1',
      W365_ALLOW_LOOPBACK_PROVIDER_URLS: 'true',
      W365_LOG_LEVEL: 'silent',
      W365_QUEUE: 'azure-storage',
      W365_STORAGE_CONNECTION_STRING: STORAGE,
      W365_QUEUE_NAME: queueName,
      W365_WORKER_ID: id,
      W365_CUSTOMERS_PER_ITEM: String(customersPerItem),
      W365_ITEM_VISIBILITY_SECONDS: '5',
      W365_JOB_CONCURRENCY: '4',
      W365_SHARED_BUDGETS: process.env.W365_SHARED_BUDGETS ?? 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      if (/service:\s+http/.test(out)) resolve(child);
    });
    child.stderr?.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => reject(new Error(`worker ${id} exited ${code}: ${out.slice(-1000)}`)));
  });
}

interface RunResult {
  wallMs: number;
  created: number;
  status: string;
  rows: number;
  distinct: number;
  mismatches: number;
  throttled: number;
}

/** A fresh stack, `workers` workers, one job; `kill` kills one worker once the first item is counted. */
async function runOnce(args: string[], workers: number, kill: boolean, log: (l: string) => void): Promise<RunResult> {
  const customers = numberOption(args, 'customers', 200);
  const perCustomer = numberOption(args, 'subscriptions-per-customer', 10);
  const stack = await startBenchStack({
    customers,
    subscriptionsPerCustomer: perCustomer,
    seed: 7,
    serviceClient: CLIENT,
    emulatorArgs: ['--limits', 'concurrent=52'],
  });
  const children: ChildProcess[] = [];
  try {
    const providerId = await seedBench(stack.dv, await stack.sandboxControl.customers(), stack.sandbox);
    const store = new DataverseJobStore(stack.dv);
    const setup = await store.createJob({ name: 'setup', operation: 'SyncProviderAccounts', providerId });
    await syncProviderAccounts(
      benchDeps(stack.dv, stack.redactor),
      new BenchJobContext(setup, providerId, 'SyncProviderAccounts'),
    );
    await stack.sandboxControl.setLatency(numberOption(args, 'page-latency-ms', 100));
    await stack.setDataverseLatency(numberOption(args, 'dataverse-latency-ms', 20));
    const queueName = `scale-bench-${workers}-${kill ? 'kill' : 'run'}-${Date.now() % 100000}`;
    const perItem = numberOption(args, 'customers-per-item', 10);
    for (let w = 0; w < workers; w++) children.push(await startWorker(stack, queueName, `bench-worker-${w}`, perItem));
    const queue = new AzureStorageJobQueue({ service: QueueServiceClient.fromConnectionString(STORAGE), queueName });
    const before = (await stack.emulatorStats()) as { throttled?: number };
    const started = Date.now();
    const jobId = await store.createJob({ name: 'scale', operation: 'SyncSubscriptions', providerId });
    await queue.enqueue(jobId);
    let killed = !kill;
    let job = await store.get(jobId);
    while (job && (job.status === 'Queued' || job.status === 'Running')) {
      if (!killed && ((await store.readWork(jobId))?.ledger?.doneCount ?? 0) > 0) {
        children[0].kill('SIGKILL');
        killed = true;
        log('killed worker 0 mid-job');
      }
      await delay(200);
      job = await store.get(jobId);
    }
    const wallMs = Date.now() - started;
    const after = (await stack.emulatorStats()) as { throttled?: number };
    const outcome = await store.getOutcome(jobId);
    const S = Tables.subscription;
    const rows = await stack.dv.all(S.entitySetName, {
      select: [S.col.providerSubscriptionId],
      filter: eq(S.val.provider, { guid: providerId }),
    });
    const r: RunResult = {
      wallMs,
      created: outcome?.counts.created ?? 0,
      status: job?.status ?? 'gone',
      rows: rows.length,
      distinct: new Set(rows.map((x) => String(x[S.col.providerSubscriptionId]))).size,
      mismatches: (await checkLicenseLog(stack.dv, providerId)).mismatches.length,
      throttled: (after.throttled ?? 0) - (before.throttled ?? 0),
    };
    log(`${workers} worker(s)${kill ? ', one killed' : ''}: ${JSON.stringify(r)}`);
    await queue.close();
    return r;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await stack.close();
  }
}

export const scaleScenario: BenchScenario = {
  name: 'scale',
  description: 'Sync Subscriptions split into work items across 1, 2 and 4 worker processes on azurite',
  async run(args, log) {
    const i = args.indexOf('--workers');
    const counts = (i >= 0 ? args[i + 1] : '1,2,4')
      .split(',')
      .map(Number)
      .filter((n) => n >= 1 && n <= 8);
    const azurite = await startAzurite();
    try {
      const runs: Record<number, RunResult> = {};
      for (const w of counts) runs[w] = await runOnce(args, w, false, log);
      const killed = await runOnce(args, 2, true, log);
      const clean = runs[2] ?? Object.values(runs)[0];
      const throughput = Object.fromEntries(
        Object.entries(runs).map(([w, r]) => [w, Math.round((r.created / r.wallMs) * 10_000) / 10]),
      );
      const [one, four] = [runs[1], runs[4]];
      return {
        environments: 1,
        subscriptions: clean.created,
        wall_ms: Object.fromEntries(Object.entries(runs).map(([w, r]) => [w, r.wallMs])),
        throughput_subscriptions_per_s: throughput,
        ...(one && four ? { speedup_4_workers: Math.round((one.wallMs / four.wallMs) * 100) / 100 } : {}),
        dataverse_requests_refused_over_52_concurrent: Object.values(runs).reduce((n, r) => n + r.throttled, 0),
        kill_run_status: killed.status,
        duplicates: killed.rows - killed.distinct,
        lost_items: Math.max(0, clean.rows - killed.rows),
        license_log_mismatches: killed.mismatches,
      };
    } finally {
      azurite.kill('SIGTERM');
    }
  },
};
