/**
 * One service serving two Dataverse environments (two emulator instances, one TechData sandbox), built
 * from an environments file as `w365 serve` builds it (each environment's own client secret and msal
 * client): each environment's webhook queues its job in that environment only; an environment made
 * slow holds only its own consumer slot, so the other's job completes while its own wait; /readyz
 * names each environment, and one environment down leaves the service ready (degraded).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { SOLUTION_VERSION } from '../../../solution/version';
import { loadConfig } from '../../../plugins/host/config';
import { environmentsFromFile } from '../../../plugins/host/environment-targets';
import { registerWebhooks } from '../../../plugins/host/register-webhooks';
import { environmentServiceUrl, WEBHOOK_PATH } from '../../../plugins/host/server';
import { startService, type EnvironmentRuntime, type RunningService } from '../../../plugins/host/service';
import { defaultConnectorRegistry } from '../../../plugins/providers';
import { createLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import { DEFAULT_SERVICE_CLIENT, startDataverseEmulator, type DataverseEmulator } from '../../../emulators/dataverse';
import { DEMO_TECHDATA_PROVIDER } from '../../../emulators/embedded';
import type { TechDataSandbox } from '../../../emulators/techdata/server';
import { GUID_SERVICE_CLIENT, seedFor, serviceClient, startEmulatorAndSandbox } from '../../helpers/harness';
import { shippedSolutionZip } from '../../helpers/solution-zip';

jest.setTimeout(180_000);

const WEBHOOK_HEADER = 'x-w365-webhook-key';

interface Partner {
  name: string;
  emulator: DataverseEmulator;
  providerId: string;
  runtime: EnvironmentRuntime;
}

let techdata: TechDataSandbox;
let service: RunningService;
let contoso: Partner;
let fabrikam: Partner;
let webhookKey: string;
let dir: string;
const logs: string[] = [];
const secrets = { CONTOSO_SECRET: GUID_SERVICE_CLIENT.clientSecret, FABRIKAM_SECRET: GUID_SERVICE_CLIENT.clientSecret };

function environmentsYaml(a: DataverseEmulator, b: DataverseEmulator): string {
  const entry = (name: string, e: DataverseEmulator, secretEnv: string) => `
  - name: ${name}
    url: ${e.url}
    tenantId: ${e.tenantId}
    clientId: ${GUID_SERVICE_CLIENT.clientId}
    authority: ${e.authority}
    credential:
      secret: { env: ${secretEnv} }
    budget: { maxConcurrentRequests: 8 }`;
  return `version: 1\nenvironments:${entry('contoso', a, 'CONTOSO_SECRET')}${entry('fabrikam', b, 'FABRIKAM_SECRET')}\n`;
}

async function seeded(emulator: DataverseEmulator, redactor: Redactor): Promise<string> {
  const { dv } = serviceClient(emulator, redactor);
  const seed = await seedFor(dv, techdata);
  return seed.providerIds[DEMO_TECHDATA_PROVIDER];
}

beforeAll(async () => {
  const first = await startEmulatorAndSandbox({ techdata: { customers: 6 } });
  techdata = first.techdata;
  const second = await startDataverseEmulator({
    clients: [DEFAULT_SERVICE_CLIENT, GUID_SERVICE_CLIENT],
    solutions: [await shippedSolutionZip()],
  });
  const redactor = new Redactor();
  const providerIds = [await seeded(first.emulator, redactor), await seeded(second, redactor)];
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-envs-'));
  const file = path.join(dir, 'environments.yaml');
  fs.writeFileSync(file, environmentsYaml(first.emulator, second));
  webhookKey = randomBytes(32).toString('base64url');
  redactor.addSecret(webhookKey);
  const env = { W365_PORT: '0', W365_WORKER_ID: 'envs-test', W365_JOB_CONCURRENCY: '1', W365_WEBHOOK_KEY: webhookKey };
  // The sandbox listens on this machine (the embedded default allows it; a service with an environments file does not).
  Object.assign(env, { W365_ALLOW_LOOPBACK_PROVIDER_URLS: 'true' });
  const config = loadConfig(
    { ...env, W365_ENVIRONMENTS_FILE: file, W365_DATAVERSE_CA_FILE: first.emulator.caFile },
    {
      hostname: 'test',
    },
  );
  const environments = await environmentsFromFile(config.environments as { file: string }, redactor, secrets);
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  service = await startService({
    config,
    environments: environments.map((e) => ({ ...e, ca: first.emulator.caPem })),
    connectors: defaultConnectorRegistry(),
    logger: createLogger({ redactor, level: 'debug', destination }),
    redactor,
    webhookKey,
    version: SOLUTION_VERSION,
    schedule: false,
    pollIntervalInMs: 3_600_000,
    heartbeatIntervalInMs: 500,
  });
  const partner = (name: string, emulator: DataverseEmulator, providerId: string): Partner => ({
    name,
    emulator,
    providerId,
    runtime: service.environments.get(name) as EnvironmentRuntime,
  });
  contoso = partner('contoso', first.emulator, providerIds[0]);
  fabrikam = partner('fabrikam', second, providerIds[1]);
  for (const p of [contoso, fabrikam]) {
    await registerWebhooks(p.runtime.dv, { serviceUrl: environmentServiceUrl(service.url, p.name), webhookKey });
    p.runtime.requests.reset();
  }
});

afterAll(async () => {
  await service?.close();
  await techdata?.close();
  await contoso?.emulator.close().catch(() => undefined);
  await fabrikam?.emulator.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const verify = (p: Partner, name: string) =>
  p.runtime.store.createJob({ name, operation: 'VerifyConnectivity', providerId: p.providerId });

it('each environment has its own runtime, its own token and its own webhook, which queues the job there only', async () => {
  expect([...service.environments.keys()]).toEqual(['contoso', 'fabrikam']);
  const jobId = await verify(fabrikam, 'Verify in Fabrikam');
  const job = await fabrikam.runtime.waitForJob(jobId, 30_000);
  expect(job.status).toBe('Succeeded');
  expect(fabrikam.emulator.webhookDeliveries()).toEqual([
    expect.objectContaining({ ok: true, url: `${service.url}/api/environments/fabrikam/webhooks/dataverse` }),
  ]);
  // The job exists in Fabrikam alone; Contoso's Dataverse was never asked about it.
  expect(await contoso.runtime.store.get(jobId)).toBeUndefined();
  expect(contoso.runtime.requests.stats().writes).toBe(0);
  expect(fabrikam.runtime.requests.stats().writes).toBeGreaterThan(0);
});

it('a slow environment holds only its own slot: the other environment’s job completes while its jobs wait', async () => {
  // Every Contoso request takes 1.5 s; with one slot per environment its second job waits for its first.
  const slowA = await verify(contoso, 'Slow Contoso 1');
  const slowB = await verify(contoso, 'Slow Contoso 2');
  contoso.emulator.setLatency({ minMs: 1_500, maxMs: 1_500 });
  try {
    for (let i = 0; i < 100 && (await contoso.runtime.store.get(slowA))?.status !== 'Running'; i++)
      await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const quick = await verify(fabrikam, 'Quick Fabrikam');
    expect((await fabrikam.runtime.waitForJob(quick, 20_000)).status).toBe('Succeeded');
    const quickInMs = Date.now() - started;
    // Contoso's first job is still running and its second has not started: Fabrikam did not queue behind them.
    expect((await contoso.runtime.store.get(slowA))?.status).toBe('Running');
    expect((await contoso.runtime.store.get(slowB))?.status).toBe('Queued');
    expect(quickInMs).toBeLessThan(15_000);
  } finally {
    contoso.emulator.setLatency(undefined);
  }
  expect((await contoso.runtime.waitForJob(slowA, 60_000)).status).toBe('Succeeded');
  expect((await contoso.runtime.waitForJob(slowB, 60_000)).status).toBe('Succeeded');
});

it('a webhook for an environment the service does not serve is 404 JOB_ENVIRONMENT_UNKNOWN; without a default, so is the old route', async () => {
  const post = (url: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [WEBHOOK_HEADER]: webhookKey },
      body: '{}',
    });
  const unknown = await post(`${service.url}/api/environments/nowhere/webhooks/dataverse`);
  expect(unknown.status).toBe(404);
  expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('JOB_ENVIRONMENT_UNKNOWN');
  const old = await post(`${service.url}${WEBHOOK_PATH}`);
  expect(old.status).toBe(404);
  const body = (await old.json()) as { error: { code: string; message: string } };
  expect(body.error).toEqual({
    code: 'JOB_ENVIRONMENT_UNKNOWN',
    message: expect.stringContaining("'contoso', 'fabrikam'"),
  });
});

it('/readyz names each environment; one environment down leaves the service ready for the other (degraded)', async () => {
  const ready = await fetch(`${service.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({
    status: 'ready',
    dataverse: 'ok',
    queue: 'ok',
    environments: { contoso: { dataverse: 'ok', queue: 'ok' }, fabrikam: { dataverse: 'ok', queue: 'ok' } },
  });
  await contoso.emulator.close();
  const degraded = await fetch(`${service.url}/readyz`);
  expect(degraded.status).toBe(200);
  expect(await degraded.json()).toMatchObject({
    status: 'degraded',
    environments: { contoso: { dataverse: 'unreachable' }, fabrikam: { dataverse: 'ok' } },
  });
  // And Fabrikam still runs its jobs.
  const jobId = await verify(fabrikam, 'After Contoso went down');
  expect((await fabrikam.runtime.waitForJob(jobId, 30_000)).status).toBe('Succeeded');
  // Nothing secret in the log: neither environment's client secret nor the webhook key.
  const log = logs.join('');
  expect(log).not.toContain(GUID_SERVICE_CLIENT.clientSecret);
  expect(log).not.toContain(webhookKey);
});
