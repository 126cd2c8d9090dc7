/**
 * `npm run -s bench -- scale --json [--customers 200 --subscriptions-per-customer 10 --workers 1,2,4]`:
 * one Sync Subscriptions job split into work items, run by 1, 2 and 4 `w365 serve --role worker`
 * processes sharing an Azure Storage queue (azurite), against the Dataverse emulator (20 ms per
 * request and 10 ms of server time per write, `--dataverse-write-ms`; service protection's limits
 * enforced: 52 at once, 6,000 requests and 20 minutes of execution time per 5 minutes) and the
 * TechData sandbox (100 ms per page), each in a process of its own. Each worker count gets a fresh
 * stack (the same seeded data), so every run creates the same subscriptions. Then one more run with 2
 * workers, one of them killed with SIGKILL mid-job: duplicates, lost items and License Change Log
 * mismatches after it.
 *
 * `--environments N` (default 1): N Dataverse environments (an emulator and a sandbox each), served by
 * the same workers through an environments file; one job per environment, all enqueued at once (each
 * on its environment's queue). Throughput counts every environment's subscriptions over the time the
 * last job took; `peak_concurrent_dataverse_requests` is each emulator's most requests in flight at
 * once during the run (the setup's requests excluded).
 *
 * `--operation accounts`: a Sync Provider Accounts job per environment instead (the first sync of a
 * partner: a provider account created per customer, in items of `--accounts-per-item`, default 100);
 * its check after the kill is duplicate provider accounts and CRM accounts mapped twice
 * (`duplicate_mappings`) instead of the License Change Log.
 *
 * `--job-concurrency N` (default 4): items each worker runs at once per environment. Every run also
 * reports each process's CPU time (`cpu_cores_used` against `machine_cores`): near the machine's
 * cores, a run was bound by this machine (service and stand-ins share it), not by latency or budgets.
 * W365_BENCH_LOG_DIR: each worker's debug log there; W365_BENCH_PROFILE_DIR: CPU profiles (stack.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueueServiceClient } from '@azure/storage-queue';
import { Tables } from '../../solution/schema';
import { EMULATOR_TENANT_ID } from '../../emulators/dataverse';
import { eq } from '../../plugins/dataverse/odata';
import { queueNameFor } from '../../plugins/host/work';
import { AzureStorageJobQueue } from '../../plugins/jobs/queues/azure-storage';
import { DataverseJobStore } from '../../plugins/jobs/store';
import { delay } from '../../plugins/shared/abort';
import { syncProviderAccounts } from '../../plugins/sync/accounts/operation';
import { checkLicenseLog } from '../../plugins/sync/license-check';
import { BenchJobContext } from './context';
import { seedBench } from './seed';
import { CpuMeter } from './process-cpu';
import { benchDeps } from './service-deps';
import { choiceOption, numberOption, stringOption } from './options';
import { profileFlags, startBenchStack, type BenchStack } from './stack';
import type { BenchScenario } from './types';

const BIN = path.join(__dirname, '../../bin/w365.js');
const CLIENT = { clientId: '5ca1e000-0b00-4c00-8d00-000000000001', clientSecret: 'scale-bench-client-secret' };
/** Its own ports, so that a developer's `npm run azurite` (10000/10001) is left alone. */
const BLOB_PORT = 10110;
const QUEUE_PORT = 10111;
const STORAGE = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${BLOB_PORT}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${QUEUE_PORT}/devstoreaccount1;`;

/** SIGTERM, then SIGKILL if it has not exited within `graceInMs`. */
async function stopWorker(child: ChildProcess, graceInMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceInMs);
  await exited;
  clearTimeout(timer);
}

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

/** Where the workers find the Dataverse environments: one by its variables, several by a file. */
function dataverseEnv(stacks: BenchStack[], dir: string): NodeJS.ProcessEnv {
  const first = stacks[0].emulator;
  if (stacks.length === 1)
    return {
      W365_DATAVERSE_URL: first.url,
      W365_TENANT_ID: EMULATOR_TENANT_ID,
      W365_CLIENT_ID: CLIENT.clientId,
      W365_CLIENT_SECRET: CLIENT.clientSecret,
      W365_AUTHORITY: first.authority,
      W365_DATAVERSE_CA_FILE: first.caFile,
    };
  const file = path.join(dir, 'environments.json');
  const environments = stacks.map((s, i) => ({
    name: envName(i),
    url: s.emulator.url,
    tenantId: EMULATOR_TENANT_ID,
    clientId: CLIENT.clientId,
    authority: s.emulator.authority,
    credential: { secret: { env: 'W365_BENCH_CLIENT_SECRET' } },
  }));
  fs.writeFileSync(file, JSON.stringify({ version: 1, environments }));
  return {
    W365_ENVIRONMENTS_FILE: file,
    W365_BENCH_CLIENT_SECRET: CLIENT.clientSecret,
    // Every emulator's certificate comes from the same local CA (~/.w365/emulator).
    W365_DATAVERSE_CA_FILE: first.caFile,
  };
}

const envName = (i: number) => `env${i + 1}`;

/** W365_BENCH_LOG_DIR: each worker logs at debug level to `<dir>/<worker id>-<pid>.log`, to see where a run's time goes. */
const LOG_DIR = process.env.W365_BENCH_LOG_DIR;

type Operation = 'SyncSubscriptions' | 'SyncProviderAccounts';

const operationOf = (args: string[]): Operation =>
  choiceOption(args, 'operation', ['subscriptions', 'accounts'] as const) === 'accounts'
    ? 'SyncProviderAccounts'
    : 'SyncSubscriptions';

interface WorkerTuning {
  customersPerItem: number;
  accountsPerItem: number;
  jobConcurrency: number;
}

function startWorker(dataverse: NodeJS.ProcessEnv, queueName: string, id: string, tuning: WorkerTuning) {
  const child = spawn(process.execPath, [...profileFlags(), BIN, 'serve', '--role', 'worker'], {
    env: {
      ...process.env,
      ...dataverse,
      W365_WEBHOOK_KEY: 'scale-bench-webhook-key-0123456789abcdefgh',
      W365_PORT: '0',
      W365_HOST: '127.0.0.1',
      W365_ALLOW_LOOPBACK_PROVIDER_URLS: 'true',
      W365_LOG_LEVEL: LOG_DIR ? 'debug' : 'silent',
      W365_QUEUE: 'azure-storage',
      W365_STORAGE_CONNECTION_STRING: STORAGE,
      W365_QUEUE_NAME: queueName,
      W365_WORKER_ID: id,
      W365_CUSTOMERS_PER_ITEM: String(tuning.customersPerItem),
      W365_ACCOUNTS_PER_ITEM: String(tuning.accountsPerItem),
      W365_ITEM_VISIBILITY_SECONDS: '5',
      W365_JOB_CONCURRENCY: String(tuning.jobConcurrency),
      W365_SHARED_BUDGETS: process.env.W365_SHARED_BUDGETS ?? 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      if (LOG_DIR) fs.appendFileSync(path.join(LOG_DIR, `${id}-${child.pid}.log`), String(d));
      if (/service:\s+http/.test(out)) resolve(child);
    });
    child.stderr?.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => reject(new Error(`worker ${id} exited ${code}: ${out.slice(-1000)}`)));
  });
}

/**
 * Work items each worker runs at once per environment (W365_JOB_CONCURRENCY). Default 4. With 1, a
 * worker's own concurrency stays small, so the figures show what more workers add, as they do where
 * each has cores of its own; here all share two.
 */
const jobConcurrency = (args: string[]) => Math.max(1, numberOption(args, 'job-concurrency', 4));
/**
 * Dataverse's server time per write, 0 for none. [I] 10 ms: a create or update in a $batch change set
 * with auditing and no custom plugins; partners see 10-50 ms. The emulator's own SQLite write is
 * under a millisecond, so without it the stand-in makes a write nearly free and a run never meets
 * Dataverse's real ceiling, its execution time per 5 minutes, as production runs do.
 */
const writeMs = (args: string[]) => numberOption(args, 'dataverse-write-ms', 10);

interface RunResult {
  wallMs: number;
  /** CPU time during the run, by process role (process-cpu.ts); undefined off Linux. */
  cpuMs?: Record<string, number>;
  created: number;
  status: string;
  rows: number;
  distinct: number;
  mismatches: number;
  throttled: number;
  /** Every environment's Web API requests during the run (a $batch is one). */
  dataverseRequests: number;
  /** Per environment: the most Dataverse requests in flight at once during the run. */
  peakConcurrent: number[];
}

interface Environment {
  stack: BenchStack;
  providerId: string;
  store: DataverseJobStore;
}

/** One environment's emulator and sandbox, its data, and its provider accounts synced (not measured). */
async function prepareEnvironment(args: string[]): Promise<Environment> {
  const stack = await startBenchStack({
    customers: numberOption(args, 'customers', 200),
    subscriptionsPerCustomer: numberOption(args, 'subscriptions-per-customer', 10),
    seed: 7,
    serviceClient: CLIENT,
    emulatorArgs: ['--limits', 'concurrent=52'],
  });
  const providerId = await seedBench(stack.dv, await stack.sandboxControl.customers(), stack.sandbox);
  const store = new DataverseJobStore(stack.dv);
  if (operationOf(args) === 'SyncSubscriptions') {
    const setup = await store.createJob({ name: 'setup', operation: 'SyncProviderAccounts', providerId });
    await syncProviderAccounts(
      benchDeps(stack.dv, stack.redactor),
      new BenchJobContext(setup, providerId, 'SyncProviderAccounts'),
    );
  }
  await stack.sandboxControl.setLatency(numberOption(args, 'page-latency-ms', 100));
  await stack.setDataverseLatency(numberOption(args, 'dataverse-latency-ms', 20));
  await stack.setDataverseWriteTime(writeMs(args));
  await stack.resetEmulatorStats();
  return { stack, providerId, store };
}

/** What is counted after a run: the operation's rows by their distributor key, and what else it checks. */
interface TallySpec {
  table: typeof Tables.subscription | typeof Tables.providerAccount;
  key: string;
  /** Columns beside the key that `mismatches` reads. */
  also: string[];
  mismatches: (e: Environment, rows: Record<string, unknown>[]) => Promise<number>;
}

const TALLIES: Record<Operation, TallySpec> = {
  // The License Change Log checked: subscriptions whose quantity is not the sum of their log.
  SyncSubscriptions: {
    table: Tables.subscription,
    key: Tables.subscription.col.providerSubscriptionId,
    also: [],
    mismatches: async (e) => (await checkLicenseLog(e.stack.dv, e.providerId)).mismatches.length,
  },
  // CRM accounts mapped by more than one provider account of the provider (a mapping is 1:1 per provider).
  SyncProviderAccounts: {
    table: Tables.providerAccount,
    key: Tables.providerAccount.col.providerSpecificId,
    also: [Tables.providerAccount.val.account],
    mismatches: async (_e, rows) => {
      const mapped = rows.map((x) => x[Tables.providerAccount.val.account]).filter(Boolean);
      return mapped.length - new Set(mapped).size;
    },
  },
};

/** Every environment's rows of the operation after the run: how many, how many distinct, and its mismatches. */
async function tally(envs: Environment[], operation: Operation) {
  const spec = TALLIES[operation];
  let rows = 0;
  let distinct = 0;
  let mismatches = 0;
  for (const e of envs) {
    const all = await e.stack.dv.all(spec.table.entitySetName, {
      select: [spec.key, ...spec.also],
      filter: eq(spec.table.val.provider, { guid: e.providerId }),
    });
    rows += all.length;
    distinct += new Set(all.map((x) => String(x[spec.key]))).size;
    mismatches += await spec.mismatches(e, all);
  }
  return { rows, distinct, mismatches };
}

/** One job per environment, enqueued at once; `kill` kills worker 0 once an item is counted. Resolves when all are final. */
async function runJobs(
  envs: Environment[],
  queueName: string,
  kill: ChildProcess | undefined,
  log: (l: string) => void,
  tick: () => void,
  operation: Operation,
) {
  const jobs: { env: Environment; jobId: string }[] = [];
  for (const [i, env] of envs.entries()) {
    const jobId = await env.store.createJob({
      name: 'scale',
      operation,
      providerId: env.providerId,
    });
    jobs.push({ env, jobId });
    const name = envs.length === 1 ? 'default' : envName(i);
    const queue = new AzureStorageJobQueue({
      service: QueueServiceClient.fromConnectionString(STORAGE),
      queueName: queueNameFor(queueName, name),
      environment: name,
    });
    await queue.enqueue(jobId);
    await queue.close();
  }
  let statuses: string[] = [];
  for (let pending = true; pending;) {
    tick();
    if (kill && ((await envs[0].store.readWork(jobs[0].jobId))?.ledger?.doneCount ?? 0) > 0) {
      kill.kill('SIGKILL');
      kill = undefined;
      log('killed worker 0 mid-job');
    }
    await delay(200);
    statuses = await Promise.all(jobs.map(async (j) => (await j.env.store.get(j.jobId))?.status ?? 'gone'));
    pending = statuses.some((s) => s === 'Queued' || s === 'Running');
  }
  let created = 0;
  for (const j of jobs) created += (await j.env.store.getOutcome(j.jobId))?.counts.created ?? 0;
  return { created, status: [...new Set(statuses)].join(',') };
}

/** Fresh stacks (one per environment), `workers` workers, one job per environment. */
async function runOnce(
  args: string[],
  workers: number,
  kill: boolean,
  log: (l: string) => void,
  azuritePid: number | undefined,
): Promise<RunResult> {
  const count = numberOption(args, 'environments', 1);
  const envs: Environment[] = [];
  const children: ChildProcess[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-scale-'));
  try {
    for (let i = 0; i < count; i++) envs.push(await prepareEnvironment(args));
    const queueName = `scale-bench-${workers}-${kill ? 'kill' : 'run'}-${Date.now() % 100000}`;
    const tuning: WorkerTuning = {
      customersPerItem: numberOption(args, 'customers-per-item', 10),
      accountsPerItem: numberOption(args, 'accounts-per-item', 100),
      jobConcurrency: jobConcurrency(args),
    };
    const operation = operationOf(args);
    const dataverse = dataverseEnv(
      envs.map((e) => e.stack),
      dir,
    );
    for (let w = 0; w < workers; w++)
      children.push(await startWorker(dataverse, queueName, `bench-worker-${w}`, tuning));
    const cpu = new CpuMeter({
      workers: children.map((c) => c.pid ?? 0),
      dataverse: envs.map((e) => e.stack.pids.emulator),
      distributor: envs.map((e) => e.stack.pids.sandbox),
      ...(azuritePid ? { azurite: [azuritePid] } : {}),
      bench: [process.pid],
    });
    cpu.start();
    const started = Date.now();
    const { created, status } = await runJobs(
      envs,
      queueName,
      kill ? children[0] : undefined,
      log,
      () => cpu.sample(),
      operation,
    );
    const wallMs = Date.now() - started;
    const cpuMs = cpu.stop();
    const stats = await Promise.all(envs.map((e) => e.stack.emulatorStats()));
    const r: RunResult = {
      wallMs,
      ...(cpuMs ? { cpuMs } : {}),
      created,
      status,
      ...(await tally(envs, operation)),
      throttled: stats.reduce((n, s) => n + (s.throttled ?? 0), 0),
      dataverseRequests: stats.reduce((n, s) => n + s.requests, 0),
      peakConcurrent: stats.map((s) => s.peakConcurrent ?? 0),
    };
    log(`${workers} worker(s), ${count} environment(s)${kill ? ', one killed' : ''}: ${JSON.stringify(r)}`);
    return r;
  } finally {
    // Workers stop as a scale-in stops them (SIGTERM: they hand back their budget slots and items);
    // killed, they left their slot leases held into the next worker count's run, whose workers then
    // waited 15 to 60 s for them to lapse (the figures for 2 and 4 workers were that wait).
    await Promise.all(children.map((c) => stopWorker(c)));
    for (const e of envs) await e.stack.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One figure per worker count, keyed by it (as every per-count figure of the JSON is). */
const perCount = <T>(runs: Record<number, RunResult>, figure: (r: RunResult) => T): Record<string, T> =>
  Object.fromEntries(Object.entries(runs).map(([w, r]) => [w, figure(r)]));

const coresUsed = (cpuMs: Record<string, number>, wallMs: number) =>
  Math.round((Object.values(cpuMs).reduce((a, b) => a + b, 0) / wallMs) * 100) / 100;

export const scaleScenario: BenchScenario = {
  name: 'scale',
  description: 'Sync Subscriptions split into work items across 1, 2 and 4 worker processes on azurite',
  async run(args, log) {
    const counts = stringOption(args, 'workers', '1,2,4')
      .split(',')
      .map(Number)
      .filter((n) => n >= 1 && n <= 8);
    const azurite = await startAzurite();
    try {
      const runs: Record<number, RunResult> = {};
      for (const w of counts) runs[w] = await runOnce(args, w, false, log, azurite.pid);
      const killed = await runOnce(args, 2, true, log, azurite.pid);
      const clean = runs[2] ?? Object.values(runs)[0];
      const [one, four] = [runs[1], runs[4]];
      const accounts = operationOf(args) === 'SyncProviderAccounts';
      return {
        operation: operationOf(args),
        environments: numberOption(args, 'environments', 1),
        customers_per_environment: numberOption(args, 'customers', 200),
        [accounts ? 'provider_accounts' : 'subscriptions']: clean.created,
        wall_ms: perCount(runs, (r) => r.wallMs),
        [accounts ? 'throughput_accounts_per_s' : 'throughput_subscriptions_per_s']: perCount(
          runs,
          (r) => Math.round((r.created / r.wallMs) * 10_000) / 10,
        ),
        ...(one && four ? { speedup_4_workers: Math.round((one.wallMs / four.wallMs) * 100) / 100 } : {}),
        job_concurrency_per_worker: jobConcurrency(args),
        dataverse_write_ms: writeMs(args),
        dataverse_requests: perCount(runs, (r) => r.dataverseRequests),
        // Every 429 the emulators answered (over 52 at once, or past the execution-time or request limit).
        dataverse_requests_throttled: Object.values(runs).reduce((n, r) => n + r.throttled, 0),
        // What the run asked of this machine: all processes' CPU time over the wall time, by worker
        // count. Near machine_cores, the run was bound by this machine, not by latency or budgets.
        machine_cores: os.cpus().length,
        cpu_cores_used: perCount(runs, (r) => (r.cpuMs ? coresUsed(r.cpuMs, r.wallMs) : null)),
        cpu_ms_by_role: perCount(runs, (r) => r.cpuMs ?? null),
        // The highest of any environment, and each environment's, per worker count.
        peak_concurrent_dataverse_requests: Math.max(...Object.values(runs).flatMap((r) => r.peakConcurrent)),
        peak_concurrent_dataverse_requests_by_environment: perCount(runs, (r) => r.peakConcurrent),
        kill_run_status: killed.status,
        duplicates: killed.rows - killed.distinct,
        lost_items: Math.max(0, clean.rows - killed.rows),
        [accounts ? 'duplicate_mappings' : 'license_log_mismatches']: killed.mismatches,
      };
    } finally {
      azurite.kill('SIGTERM');
    }
  },
};
