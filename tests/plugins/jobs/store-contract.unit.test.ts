/**
 * The JobStore contract, run over both stores: `DataverseJobStore` (over an in-memory DataverseApi)
 * and the `FakeJobStore` the runner, context, poller and recovery tests use. The fake is only worth
 * something while it keeps the same promises as the real store, and this is where that is checked.
 */
import { randomUUID } from 'node:crypto';
import { Choices, Tables } from '../../../solution/schema';
import { isW365Error } from '../../../common/errors';
import { updateRow } from '../../../plugins/dataverse/intents';
import { JobErrorCodes } from '../../../plugins/jobs/errors';
import { DataverseJobStore, type JobOutcome, type JobStore } from '../../../plugins/jobs/store';
import type { JobRecord, OperationName } from '../../../plugins/jobs/types';
import { FakeDataverseApi } from '../dataverse/fakes/fake-dataverse-api';
import { FakeClock } from './fakes/fake-clock';
import { FakeJobStore } from './fakes/fake-job-store';

const J = Tables.syncJob;

interface Subject {
  store: JobStore;
  clock: FakeClock;
  queued(operation: OperationName, providerId: string): Promise<JobRecord>;
  /** Another verdict lands on the row: recovery marked it Failed, or another worker claimed it again. */
  takeOver(jobId: string, by: { status: 'Failed' } | { status: 'Running'; workerId: string }): Promise<void>;
  /** Someone changed a column the worker does not own; the job is still this worker's. */
  touch(jobId: string): Promise<void>;
}

function fakeSubject(): Subject {
  const clock = new FakeClock();
  const store = new FakeJobStore(clock.date);
  return {
    store,
    clock,
    queued: async (operation, providerId) => store.seed({ operation, providerId }),
    takeOver: async (jobId, by) =>
      store._takeOver(jobId, { status: by.status, workerId: 'workerId' in by ? by.workerId : undefined }),
    touch: async (jobId) => store._touch(jobId),
  };
}

function dataverseSubject(): Subject {
  const clock = new FakeClock();
  const dv = new FakeDataverseApi();
  const store = new DataverseJobStore(dv, clock.date);
  const set = (jobId: string, values: Record<string, string | number | null>) =>
    dv.write(updateRow(J, jobId, { values }));
  return {
    store,
    clock,
    queued: async (operation, providerId) => {
      const id = await store.createJob({ name: `${operation} job`, operation, providerId });
      return (await store.get(id)) as JobRecord;
    },
    takeOver: async (jobId, by) => {
      await set(
        jobId,
        by.status === 'Failed'
          ? { [J.col.jobStatus]: Choices.syncJobStatus.Failed, [J.col.runLock]: null }
          : { [J.col.workerId]: by.workerId, [J.col.startedOn]: clock.date().toISOString() },
      );
    },
    touch: async (jobId) => {
      await set(jobId, { [J.col.name]: 'Renamed by a person while it runs' });
    },
  };
}

const outcome = (status: JobOutcome['status'] = 'Succeeded'): JobOutcome => ({
  status,
  summary: `Ended ${status}`,
  counts: { created: 1, updated: 2, unchanged: 3, skipped: 0, failed: 0 },
  warnings: 0,
});

async function leaseLost(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isW365Error(err) && err.code).toBe(JobErrorCodes.LeaseLost);
}

describe.each([
  ['FakeJobStore', fakeSubject],
  ['DataverseJobStore over a fake DataverseApi', dataverseSubject],
])('JobStore contract: %s', (_name, make) => {
  let s: Subject;
  const provider = randomUUID();
  beforeEach(() => {
    s = make();
  });

  async function claimed(job: JobRecord, workerId = 'worker-a') {
    const c = await s.store.claim(job, workerId);
    if (!c.claimed) throw new Error(`expected a claim, got ${c.reason}`);
    return c;
  }

  it('a claim takes a Queued job to Running for this worker, with a lease on the version it wrote', async () => {
    const job = await s.queued('SyncSubscriptions', provider);
    const c = await claimed(job);
    const row = await s.store.get(job.id);
    expect(row).toMatchObject({ status: 'Running', workerId: 'worker-a' });
    expect(c.lease).toEqual({
      jobId: job.id,
      etag: row?.etag,
      workerId: 'worker-a',
      startedOn: s.clock.date().toISOString(),
    });
    expect(c.job).toMatchObject({ status: 'Running', workerId: 'worker-a', etag: row?.etag });
  });

  it('a job that is no longer Queued is not claimed', async () => {
    const job = await s.queued('SyncSubscriptions', provider);
    await claimed(job);
    const again = (await s.store.get(job.id)) as JobRecord;
    expect(await s.store.claim(again, 'worker-b')).toEqual({ claimed: false, reason: 'not-queued' });
  });

  it('a second job of the same provider and operation is refused, naming the job that holds the lock', async () => {
    const first = await s.queued('SyncSubscriptions', provider);
    await claimed(first);
    const second = await s.queued('SyncSubscriptions', provider);
    const c = await s.store.claim(second, 'worker-b');
    expect(c).toMatchObject({ claimed: false, reason: 'locked', holder: { id: first.id } });
    expect((await s.store.get(second.id))?.status).toBe('Queued');
  });

  it('another operation of the same provider, or the same operation of another provider, is not blocked', async () => {
    await claimed(await s.queued('SyncSubscriptions', provider));
    await claimed(await s.queued('SyncProviderAccounts', provider), 'worker-b');
    await claimed(await s.queued('SyncSubscriptions', randomUUID()), 'worker-c');
  });

  it('a claim made from a read the row has moved past loses the race', async () => {
    const job = await s.queued('SyncSubscriptions', provider);
    await s.touch(job.id);
    expect(await s.store.claim(job, 'worker-a')).toEqual({ claimed: false, reason: 'lost-race' });
  });

  it('progress renews the lease on the version it wrote', async () => {
    const { job, lease } = await claimed(await s.queued('SyncSubscriptions', provider));
    const renewed = await s.store.progress(lease, 40, 'Halfway');
    expect(renewed.etag).not.toBe(lease.etag);
    expect(renewed.etag).toBe((await s.store.get(job.id))?.etag);
  });

  it('progress after someone changed another column adopts the new version: the job is still ours', async () => {
    const { job, lease } = await claimed(await s.queued('SyncSubscriptions', provider));
    await s.touch(job.id);
    const renewed = await s.store.progress(lease, 40, 'Halfway');
    expect(renewed.etag).toBe((await s.store.get(job.id))?.etag);
    await s.store.finish(renewed, outcome());
    expect((await s.store.get(job.id))?.status).toBe('Succeeded');
  });

  it('progress after recovery marked the job Failed throws JOB_LEASE_LOST and leaves the verdict', async () => {
    const { job, lease } = await claimed(await s.queued('SyncSubscriptions', provider));
    await s.takeOver(job.id, { status: 'Failed' });
    await leaseLost(s.store.progress(lease, 50, 'Still going'));
    expect((await s.store.get(job.id))?.status).toBe('Failed');
  });

  it('progress after another worker claimed the job again throws JOB_LEASE_LOST', async () => {
    const { job, lease } = await claimed(await s.queued('SyncSubscriptions', provider));
    s.clock.advance(180_000);
    await s.takeOver(job.id, { status: 'Running', workerId: 'worker-b' });
    await leaseLost(s.store.progress(lease, 50, 'Still going'));
    expect((await s.store.get(job.id))?.workerId).toBe('worker-b');
  });

  it('finish under the lease writes the final status and releases the run lock', async () => {
    const { job, lease } = await claimed(await s.queued('SyncSubscriptions', provider));
    await s.store.finish(lease, outcome('SucceededWithWarnings'));
    expect((await s.store.get(job.id))?.status).toBe('SucceededWithWarnings');
    expect(await s.store.getOutcome(job.id)).toMatchObject({
      status: 'SucceededWithWarnings',
      counts: { created: 1, updated: 2, unchanged: 3 },
      summary: 'Ended SucceededWithWarnings',
    });
    await claimed(await s.queued('SyncSubscriptions', provider), 'worker-b');
  });

  it('finish under a lease another verdict replaced throws JOB_LEASE_LOST and writes nothing', async () => {
    const { job, lease } = await claimed(await s.queued('SyncSubscriptions', provider));
    await s.takeOver(job.id, { status: 'Failed' });
    await leaseLost(s.store.finish(lease, outcome('Succeeded')));
    expect((await s.store.get(job.id))?.status).toBe('Failed');
  });

  it('finish of a job as read is conditional on that read: a row that moved on is not written (false) and keeps its state', async () => {
    const { job } = await claimed(await s.queued('SyncSubscriptions', provider));
    const read = (await s.store.get(job.id)) as JobRecord;
    await s.touch(job.id); // a heartbeat lands between the read and the mark
    expect(await s.store.finish(read, outcome('Failed'))).toBe(false);
    expect((await s.store.get(job.id))?.status).toBe('Running');
  });

  it('finish of a job as read at its version writes the status (a refused start ends Not Started)', async () => {
    const job = await s.queued('SyncSubscriptions', provider);
    await s.store.finish(job, outcome('NotStarted'));
    expect((await s.store.get(job.id))?.status).toBe('NotStarted');
  });
});
