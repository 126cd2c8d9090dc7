/**
 * One service serving two Dataverse environments (two emulator instances, one TechData sandbox), built
 * from an environments file as `w365 serve` builds it (each environment's own client secret and msal
 * client): each environment's webhook queues its job in that environment only; an environment made
 * slow holds only its own consumer slot, so the other's job completes while its own wait; /readyz
 * names each environment, and one environment down leaves the service ready (degraded).
 */
import { WEBHOOK_PATH } from '../../../plugins/host/server';
import { GUID_SERVICE_CLIENT } from '../../helpers/harness';
import { startPartners, type Partner, type Partners } from './helpers/partners';

jest.setTimeout(180_000);

const WEBHOOK_HEADER = 'x-w365-webhook-key';

let p: Partners;
let contoso: Partner;
let fabrikam: Partner;

beforeAll(async () => {
  p = await startPartners();
  ({ contoso, fabrikam } = p);
});

afterAll(async () => {
  await p?.close();
});

const verify = (partner: Partner, name: string) => p.verify(partner, name);

it('each environment has its own runtime, its own token and its own webhook, which queues the job there only', async () => {
  expect([...p.service.environments.keys()]).toEqual(['contoso', 'fabrikam']);
  const jobId = await verify(fabrikam, 'Verify in Fabrikam');
  const job = await fabrikam.runtime.waitForJob(jobId, 30_000);
  expect(job.status).toBe('Succeeded');
  expect(fabrikam.emulator.webhookDeliveries()).toEqual([
    expect.objectContaining({ ok: true, url: `${p.service.url}/api/environments/fabrikam/webhooks/dataverse` }),
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
      headers: { 'content-type': 'application/json', [WEBHOOK_HEADER]: p.webhookKey },
      body: '{}',
    });
  const unknown = await post(`${p.service.url}/api/environments/nowhere/webhooks/dataverse`);
  expect(unknown.status).toBe(404);
  expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('JOB_ENVIRONMENT_UNKNOWN');
  const old = await post(`${p.service.url}${WEBHOOK_PATH}`);
  expect(old.status).toBe(404);
  const body = (await old.json()) as { error: { code: string; message: string } };
  expect(body.error).toEqual({
    code: 'JOB_ENVIRONMENT_UNKNOWN',
    message: expect.stringContaining("'contoso', 'fabrikam'"),
  });
});

it('/readyz names each environment; one environment down leaves the service ready for the other (degraded)', async () => {
  const ready = await fetch(`${p.service.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({
    status: 'ready',
    dataverse: 'ok',
    queue: 'ok',
    environments: { contoso: { dataverse: 'ok', queue: 'ok' }, fabrikam: { dataverse: 'ok', queue: 'ok' } },
  });
  await contoso.emulator.close();
  const degraded = await fetch(`${p.service.url}/readyz`);
  expect(degraded.status).toBe(200);
  expect(await degraded.json()).toMatchObject({
    status: 'degraded',
    environments: { contoso: { dataverse: 'unreachable' }, fabrikam: { dataverse: 'ok' } },
  });
  // And Fabrikam still runs its jobs.
  const jobId = await verify(fabrikam, 'After Contoso went down');
  expect((await fabrikam.runtime.waitForJob(jobId, 30_000)).status).toBe('Succeeded');
  // Nothing secret in the log: neither environment's client secret nor the webhook key.
  const log = p.logs.join('');
  expect(log).not.toContain(GUID_SERVICE_CLIENT.clientSecret);
  expect(log).not.toContain(p.webhookKey);
  // Both environments take the service-wide key here: warned about once at start, by name.
  const shared = p.logs.filter((l) => l.includes('share one webhook key'));
  expect(shared).toHaveLength(1);
  expect(JSON.parse(shared[0])).toMatchObject({ level: 40, environments: ['contoso', 'fabrikam'] });
});
