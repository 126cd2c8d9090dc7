/**
 * Cancel: a person sets Cancel Requested on a running job; the runner sees it at its next heartbeat,
 * aborts the operation's signal and ends the job Cancelled with a summary that says so, its lock
 * released so the next run can start, and what it wrote so far kept. A job nobody cancels is not.
 */
import { Choices, Tables } from '../../../solution/schema';
import { startHarness, type Harness } from '../../helpers/harness';

jest.setTimeout(120_000);

let h: Harness;
const J = Tables.syncJob;

beforeAll(async () => {
  h = await startHarness({ registerWebhooks: false, service: { heartbeatIntervalInMs: 200 } });
});
afterAll(async () => {
  await h?.close();
});

async function waitForStatus(jobId: string, status: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await h.service.store.get(jobId))?.status === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} never reached ${status}`);
}

describe('cancelling a running job', () => {
  it('ends it Cancelled at the next heartbeat, and frees its lock', async () => {
    // Every distributor page takes a second: the sync is still running when the cancel arrives.
    h.techdata.setLatency(1000);
    const jobId = await h.service.store.createJob({
      name: 'long sync',
      operation: 'SyncSubscriptions',
      providerId: h.providerId,
    });
    await h.service.queue.enqueue(jobId);
    await waitForStatus(jobId, 'Running');
    await h.dv.update(J.entitySetName, jobId, { [J.col.cancelRequested]: true });
    const job = await h.service.waitForJob(jobId, 60_000);
    expect(job.status).toBe('Cancelled');
    const row = await h.dv.retrieve(J.entitySetName, jobId, [
      J.col.jobStatus,
      J.col.summary,
      J.col.errorCode,
      J.col.runLock,
      J.col.finishedOn,
    ]);
    expect(row?.[J.col.jobStatus]).toBe(Choices.syncJobStatus.Cancelled);
    expect(row?.[J.col.errorCode]).toBe('JOB_CANCELLED');
    expect(String(row?.[J.col.summary])).toMatch(/^Cancelled: stopped at the next checkpoint, as asked\./);
    expect(row?.[J.col.runLock]).toBeNull();
    expect(row?.[J.col.finishedOn]).toEqual(expect.any(String));

    // The lock is free: the next run starts and, with nobody cancelling it, finishes.
    h.techdata.setLatency(0);
    const next = await h.service.store.createJob({
      name: 'next sync',
      operation: 'SyncSubscriptions',
      providerId: h.providerId,
    });
    await h.service.queue.enqueue(next);
    expect((await h.service.waitForJob(next, 60_000)).status).toMatch(/^Succeeded|^NoChange/);
  });
});
