/** The HTTP host, webhook registration and the nightly scheduler, against the emulator. */
import { Cron } from 'croner';
import { Choices, Tables } from '../../../solution/schema';
import { eq } from '../../../plugins/dataverse/odata';
import { registerWebhooks } from '../../../plugins/host/register-webhooks';
import { NightlyScheduler } from '../../../plugins/jobs/scheduler';
import { silentLogger } from '../../../plugins/shared/logger';
import { startHarness, type Harness } from '../../helpers/harness';

describe('service host', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ registerWebhooks: false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('status (for the webhook key holder) reports Dataverse reachability and the nightly run; healthz only liveness', async () => {
    await h.service.scheduler.runNow();
    const res = await fetch(`${h.service.url}/status`, { headers: { 'x-w365-webhook-key': h.webhookKey } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      dataverse: { reachable: boolean; userId?: string };
      nightly: { lastRun: { jobIds: string[] } };
    };
    expect(body.status).toBe('ok');
    expect(body.dataverse.reachable).toBe(true);
    expect(body.dataverse.userId).toBeUndefined();
    expect(body.nightly.lastRun.jobIds.length).toBeGreaterThan(0);
    const health = await fetch(`${h.service.url}/healthz`);
    expect(health.status).toBe(200);
    expect(Object.keys((await health.json()) as object).sort()).toEqual(['status', 'version']);
  });

  it('refuses webhook calls without the key (401) and malformed bodies (400, with the reason)', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${h.service.url}/webhooks/dataverse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    expect((await post({}, '{}')).status).toBe(401);
    expect((await post({ 'x-w365-webhook-key': 'wrong' }, '{}')).status).toBe(401);
    const bad = await post({ 'x-w365-webhook-key': h.webhookKey }, JSON.stringify({ MessageName: 'Create' }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/WEBHOOK_MALFORMED_BODY.*PrimaryEntityId/);
  });

  it('registers the webhook endpoint and step once; a second run changes nothing; a new key updates the endpoint', async () => {
    const first = await registerWebhooks(h.dv, { serviceUrl: h.service.url, webhookKey: h.webhookKey });
    expect(first.changes).toEqual(['created the service endpoint', 'created the step']);
    const second = await registerWebhooks(h.dv, { serviceUrl: h.service.url, webhookKey: h.webhookKey });
    expect(second).toEqual({ ...first, changes: [] });
    const third = await registerWebhooks(h.dv, {
      serviceUrl: h.service.url,
      webhookKey: 'another-key-that-is-long-enough-0123456789',
    });
    expect(third.changes).toEqual(['updated the service endpoint (description)']);
    const step = await h.dv.retrieve(Tables.sdkMessageProcessingStep.entitySetName, first.stepId, [
      Tables.sdkMessageProcessingStep.col.mode,
      Tables.sdkMessageProcessingStep.col.stage,
    ]);
    expect(step).toMatchObject({ mode: Choices.stepMode.Asynchronous, stage: Choices.stepStage.PostOperation });
  });

  it('the nightly run queues one scheduled Sync Subscriptions job per active automatic provider, and none for manual ones', async () => {
    const P = Tables.provider;
    const manual = await h.dv.create(P.entitySetName, {
      [P.col.name]: 'Manual one',
      [P.col.internalName]: 'Providers.TechDataCspProvider',
      [P.col.providerType]: Choices.providerType.Manual,
    });
    const scheduler = new NightlyScheduler({
      cron: '0 2 * * *',
      timeZone: 'UTC',
      dv: h.dv,
      store: h.service.store,
      queue: {
        enqueue: async () => undefined,
        consume: () => undefined,
        close: async () => undefined,
        pending: () => 0,
      },
      logger: silentLogger(),
    });
    const run = await scheduler.runNow();
    expect(run.jobIds).toHaveLength(1);
    const J = Tables.syncJob;
    const job = await h.dv.retrieve(J.entitySetName, run.jobIds[0], [J.col.operation, J.col.trigger, J.val.provider]);
    expect(job).toMatchObject({
      [J.col.operation]: Choices.syncOperation.SyncSubscriptions,
      [J.col.trigger]: Choices.syncTrigger.Scheduled,
      [J.val.provider]: h.providerId,
    });
    const forManual = await h.dv.all(J.entitySetName, {
      select: [J.col.id],
      filter: eq(J.val.provider, { guid: manual }),
    });
    expect(forManual).toEqual([]);
  });

  it('schedules at 02:00 UTC by default, and in the configured time zone', () => {
    const from = new Date('2026-11-21T10:00:00Z');
    expect(new Cron('0 2 * * *', { timezone: 'UTC' }).nextRun(from)?.toISOString()).toBe('2026-11-22T02:00:00.000Z');
    // 02:00 in Sydney (UTC+11 in November) is 15:00 UTC the day before.
    expect(new Cron('0 2 * * *', { timezone: 'Australia/Sydney' }).nextRun(from)?.toISOString()).toBe(
      '2026-11-21T15:00:00.000Z',
    );
    expect(h.service.scheduler.nextRun()).toBeNull(); // the harness does not start the cron
  });
});
