/**
 * Issue 13, fault 5: a stale worker is fenced. Worker A (a child process) runs a subscription sync and
 * is paused (SIGSTOP) past its lease; another instance marks the job interrupted and runs a second
 * sync; A resumes (SIGCONT). A must stop writing and leave the job row as the other instance left it
 * (Failed, interrupted: never back to Running or to a success), the second run's summary must count
 * only what it wrote, and the data must stay whole.
 */
import { Tables } from '../../../solution/schema';
import { eq } from '../../../plugins/dataverse/odata';
import { DataverseJobStore } from '../../../plugins/jobs/store';
import { registerWebhooks } from '../../../plugins/host/register-webhooks';
import { startChildService, remoteEnv, type ChildService } from '../../helpers/child-service';
import { startHarness, type Harness } from '../../helpers/harness';
import { invariants } from '../../helpers/sync';

const J = Tables.syncJob;
const I = Tables.syncJobItem;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a worker paused past its lease', () => {
  let h: Harness;
  let a: ChildService | undefined;
  afterEach(async () => {
    if (a && a.child.exitCode === null) {
      a.child.kill('SIGCONT');
      a.child.kill('SIGKILL');
    }
    await h?.close();
  });

  it('is fenced: it stops writing, the job row keeps the other instance’s verdict, and the data stays whole', async () => {
    // The in-process instance B: it treats a job silent for 3 s as interrupted and polls often, but leaves
    // queued jobs to their webhook (worker A) for ten minutes.
    h = await startHarness({
      techdata: { customers: 40, subscriptionsPerCustomer: 5, pageSize: 5 },
      registerWebhooks: false,
      service: { staleAfterInMs: 3000, pollIntervalInMs: 400, webhookGraceInMs: 600_000 },
    });
    const store = new DataverseJobStore(h.dv);
    const accounts = await store.createJob({
      name: 'accounts',
      operation: 'SyncProviderAccounts',
      providerId: h.providerId,
    });
    await h.service.queue.enqueue(accounts);
    await h.service.waitForJob(accounts, 60_000);

    // Worker A: the only one that receives the webhook; its lease is 3 s too.
    a = await startChildService(remoteEnv(h.emulator, { W365_WORKER_ID: 'worker-a', W365_JOB_LEASE_SECONDS: '3' }));
    await registerWebhooks(h.dv, { serviceUrl: a.url, webhookKey: 'child-service-webhook-key-0123456789abcdef' });
    h.techdata.setLatency(150);
    const first = await store.createJob({ name: 'first', operation: 'SyncSubscriptions', providerId: h.providerId });
    for (let i = 0; i < 400 && (await store.get(first))?.status !== 'Running'; i++) await sleep(50);
    await sleep(700);
    a.child.kill('SIGSTOP');

    // B marks the job interrupted and runs the provider's next sync to the end.
    for (let i = 0; i < 300 && (await store.get(first))?.status === 'Running'; i++) await sleep(100);
    expect(await store.getOutcome(first)).toMatchObject({ status: 'Failed', errorCode: 'JOB_INTERRUPTED' });
    h.techdata.setLatency(0);
    const second = await store.createJob({ name: 'second', operation: 'SyncSubscriptions', providerId: h.providerId });
    await h.service.queue.enqueue(second);
    const finished = await h.service.waitForJob(second, 90_000);
    expect(finished.status).toMatch(/^Succeeded/);

    // A wakes up: it must find its lease gone and stop, leaving the row alone.
    const rowBefore = await h.dv.retrieve(J, first, [
      J.col.jobStatus,
      J.col.summary,
      J.col.errorCode,
      J.col.progressMessage,
    ]);
    a.child.kill('SIGCONT');
    await sleep(4000);
    const rowAfter = await h.dv.retrieve(J, first, [
      J.col.jobStatus,
      J.col.summary,
      J.col.errorCode,
      J.col.progressMessage,
    ]);
    expect(rowAfter).toEqual(rowBefore);

    const secondItems = await h.dv.all(I, { select: [I.col.code], filter: eq(I.val.syncJob, { guid: second }) });
    expect(secondItems.filter((i) => i[I.col.code] === 'SUBSCRIPTION_WRITE_FAILED')).toEqual([]);
    const outcome = await store.getOutcome(second);
    expect(outcome?.counts.failed).toBe(0);
    await invariants(h);
  });
});
