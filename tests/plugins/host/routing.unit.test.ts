/**
 * Routing in a service with several environments: a message reaches its own environment's runtime
 * whichever queue it came from; a message naming an environment this service does not serve fails its
 * deliveries with JOB_ENVIRONMENT_UNKNOWN and is poisoned (logged), never crashing the consumer, while the
 * next message is still delivered; each environment gets its own queue name and scheduler lease; and
 * W365_ENVIRONMENTS_FILE is one way of naming environments, not two.
 */
import { isW365Error } from '../../../common/errors';
import { loadConfig } from '../../../plugins/host/config';
import { EnvironmentRouter, type RoutedEnvironment } from '../../../plugins/host/routing';
import { queueNameFor, schedulerLeaseFor } from '../../../plugins/host/work';
import { InProcessJobQueue, type Delivery, type PoisonedItem } from '../../../plugins/jobs/queue';
import type { WorkItemEnvelope } from '../../../plugins/jobs/work-item';
import { createLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import { Writable } from 'node:stream';

const JOB = '8d2b7f0e-1c3a-4b5d-9e6f-0a1b2c3d4e5f';
const OTHER_JOB = '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b';

class RecordingEnvironment implements RoutedEnvironment {
  readonly jobs: string[] = [];
  readonly items: string[] = [];
  readonly poison: PoisonedItem[] = [];
  async runJob(jobId: string): Promise<void> {
    this.jobs.push(jobId);
  }
  async runItem(envelope: WorkItemEnvelope, _delivery: Delivery): Promise<void> {
    this.items.push(`${envelope.jobId}/${envelope.item?.key}`);
  }
  async poisoned(item: PoisonedItem): Promise<void> {
    this.poison.push(item);
  }
}

function setup() {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _e, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ redactor: new Redactor(), level: 'debug', destination });
  const contoso = new RecordingEnvironment();
  const fabrikam = new RecordingEnvironment();
  const router = new EnvironmentRouter(
    new Map([
      ['contoso', contoso],
      ['fabrikam', fabrikam],
    ]),
    logger,
  );
  return { logs, contoso, fabrikam, router };
}

const delivery: Delivery = { messageId: 'm1', dequeueCount: 1, signal: new AbortController().signal };

it('hands whole jobs and items to the environment the message names', async () => {
  const { contoso, fabrikam, router } = setup();
  await router.handle({ v: 1, environment: 'fabrikam', jobId: JOB }, delivery);
  await router.handle({ v: 1, environment: 'contoso', jobId: JOB, item: { kind: 'k', key: 'part-1' } }, delivery);
  expect(fabrikam.jobs).toEqual([JOB]);
  expect(fabrikam.items).toEqual([]);
  expect(contoso.items).toEqual([`${JOB}/part-1`]);
  expect(contoso.jobs).toEqual([]);
});

it('an unknown environment is JOB_ENVIRONMENT_UNKNOWN naming the ones served', async () => {
  const { router } = setup();
  const err = await router.handle({ v: 1, environment: 'northwind', jobId: JOB }, delivery).catch((e: unknown) => e);
  expect(isW365Error(err) && err.code).toBe('JOB_ENVIRONMENT_UNKNOWN');
  expect((err as Error).message).toBe(
    "This service serves no environment named 'northwind' (it serves 'contoso', 'fabrikam').",
  );
});

it('on a queue, a message for an unknown environment is poisoned and logged; the consumer goes on', async () => {
  const { logs, contoso, fabrikam, router } = setup();
  const queue = new InProcessJobQueue({
    environment: 'contoso',
    maxDeliveries: 2,
    retryDelayInMs: 1,
    onPoison: router.poisoned,
  });
  queue.consumeItems(router.handle, 1);
  await queue.enqueueItem({ v: 1, environment: 'northwind', jobId: JOB });
  await queue.enqueue(OTHER_JOB);
  for (let i = 0; i < 200 && !logs.some((l) => l.includes('no environment of this service')); i++)
    await new Promise((r) => setTimeout(r, 10));
  await queue.close();
  expect(contoso.jobs).toEqual([OTHER_JOB]);
  expect([...contoso.poison, ...fabrikam.poison]).toEqual([]);
  const poisoned = logs.map((l) => JSON.parse(l)).find((l) => String(l.msg).includes('no environment of this service'));
  expect(poisoned).toMatchObject({ environment: 'northwind', jobId: JOB, errorCode: 'JOB_ENVIRONMENT_UNKNOWN' });
});

it('a poisoned message of a known environment becomes an Error item there', async () => {
  const { contoso, fabrikam, router } = setup();
  const item: PoisonedItem = {
    envelope: { v: 1, environment: 'fabrikam', jobId: JOB, item: { kind: 'k', key: 'p' } },
    messageId: 'm',
    messageText: '{}',
    dequeueCount: 5,
    errorCode: 'X',
    reason: 'failed',
  };
  await router.poisoned(item);
  expect(fabrikam.poison).toEqual([item]);
  expect(contoso.poison).toEqual([]);
});

describe('names per environment', () => {
  it('default keeps the queue and lease it always had; others get their own', () => {
    expect(queueNameFor('w365-work-items', 'default')).toBe('w365-work-items');
    expect(queueNameFor('w365-work-items', 'contoso')).toBe('w365-work-items-contoso');
    expect(schedulerLeaseFor('default')).toBe('nightly-scheduler');
    expect(schedulerLeaseFor('contoso')).toBe('nightly-scheduler-contoso');
  });

  it('a name a queue cannot carry is made valid, and two names never share a queue', () => {
    const a = queueNameFor('w365-work-items', 'Contoso.EU');
    const b = queueNameFor('w365-work-items', 'contoso-eu');
    expect(a).toMatch(/^w365-work-items-contoso-eu-[0-9a-f]{8}$/);
    expect(b).toBe('w365-work-items-contoso-eu');
    const long = queueNameFor('w365-work-items', 'x'.repeat(64));
    expect(`${long}-poison`.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('W365_ENVIRONMENTS_FILE', () => {
  const load = (env: NodeJS.ProcessEnv) => loadConfig(env, { hostname: 'test' });
  const key = { W365_WEBHOOK_KEY: 'k'.repeat(32) };

  it('names the file (read at start) and leaves the embedded default', () => {
    const config = load({ ...key, W365_ENVIRONMENTS_FILE: '/etc/w365/environments.yaml' });
    expect(config.environments).toEqual({ file: '/etc/w365/environments.yaml' });
    expect(config.dataverse).toBeUndefined();
    expect(config.host).toBe('0.0.0.0');
    expect(load({}).environments).toBeUndefined();
  });

  it('refuses both ways of naming environments, by name; the service-wide webhook key is optional with a file', () => {
    const both = {
      ...key,
      W365_ENVIRONMENTS_FILE: 'envs.yaml',
      W365_DATAVERSE_URL: 'https://contoso.crm.dynamics.com',
      W365_TENANT_ID: 'contoso.onmicrosoft.com',
      W365_CLIENT_ID: '5a1e0c2d-7b3f-4e6a-9c8d-1f2e3d4c5b6a',
      W365_CLIENT_SECRET: 's',
    };
    expect(() => load(both)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('W365_ENVIRONMENTS_FILE and W365_DATAVERSE_URL are both set'),
      }),
    );
    // Each environment may have its own webhookKey; one without is named once the file is read.
    expect(load({ W365_ENVIRONMENTS_FILE: 'envs.yaml' }).webhookKey).toBeUndefined();
  });
});
