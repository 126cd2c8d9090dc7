/**
 * Recovery of jobs left Running by a worker that died, over a FakeJobStore and a fake clock: which jobs
 * are marked Failed (interrupted), and which are left alone because their worker is alive after all.
 */
import { DataverseError } from '../../../plugins/dataverse/errors';
import { JobErrorCodes } from '../../../plugins/jobs/errors';
import { INTERRUPTED_SUMMARY, recoverInterruptedJobs, type RecoveryOptions } from '../../../plugins/jobs/recovery';
import type { JobRecord } from '../../../plugins/jobs/types';
import { silentLogger } from '../../../plugins/shared/logger';
import { FakeClock } from './fakes/fake-clock';
import { FakeJobStore } from './fakes/fake-job-store';

const STALE_AFTER = 120_000;

let clock: FakeClock;
let store: FakeJobStore;

beforeEach(() => {
  clock = new FakeClock();
  store = new FakeJobStore(clock.date);
});

/** A Running job whose last heartbeat was `agoInMs` before now. */
function runningJob(agoInMs: number | undefined, more: Partial<JobRecord> = {}): JobRecord {
  const at = agoInMs === undefined ? undefined : new Date(clock.nowInMs() - agoInMs).toISOString();
  return store.seed({
    operation: 'SyncSubscriptions',
    providerId: `p-${Math.random()}`,
    status: 'Running',
    workerId: 'worker-x',
    startedOn: at,
    heartbeatOn: at,
    ...more,
  });
}

const recover = (options: Partial<RecoveryOptions> = {}) =>
  recoverInterruptedJobs(store, { staleAfterInMs: STALE_AFTER, now: clock.date, logger: silentLogger(), ...options });
const statusOf = (job: JobRecord) => store._row(job.id).record.status;

describe('recoverInterruptedJobs', () => {
  it('marks a job whose heartbeat is older than staleAfterInMs Failed (interrupted), and leaves a fresh one', async () => {
    const stale = runningJob(STALE_AFTER);
    const fresh = runningJob(STALE_AFTER - 1_000);
    const marked = await recover();
    expect(marked.map((j) => j.id)).toEqual([stale.id]);
    expect(store._row(stale.id).outcome).toMatchObject({
      status: 'Failed',
      summary: INTERRUPTED_SUMMARY,
      errorCode: JobErrorCodes.Interrupted,
    });
    expect(statusOf(fresh)).toBe('Running');
  });

  it("at start, marks this worker's own Running jobs at once: they are from its previous life", async () => {
    const own = runningJob(1_000, { workerId: 'worker-a' });
    const other = runningJob(1_000, { workerId: 'worker-b' });
    await recover({ ownWorkerId: 'worker-a' });
    expect([statusOf(own), statusOf(other)]).toEqual(['Failed', 'Running']);
  });

  it('never marks a job the caller says is running here, however old its heartbeat', async () => {
    const here = runningJob(10 * STALE_AFTER);
    expect(await recover({ skip: (id) => id === here.id })).toEqual([]);
    expect(statusOf(here)).toBe('Running');
  });

  it('falls back to the start time without a heartbeat, and treats a job with neither as stale', async () => {
    const startedRecently = runningJob(undefined, { startedOn: new Date(clock.nowInMs() - 1_000).toISOString() });
    const noTimes = runningJob(undefined);
    await recover();
    expect([statusOf(startedRecently), statusOf(noTimes)]).toEqual(['Running', 'Failed']);
  });

  it('leaves alone a job whose row moved on (412) between the read and the mark: its worker was slow, not dead', async () => {
    const slow = runningJob(STALE_AFTER + 5_000);
    const dead = runningJob(STALE_AFTER + 5_000);
    store._afterNext('findRunning', () => store._touch(slow.id)); // its heartbeat lands in between
    const marked = await recover();
    expect(marked.map((j) => j.id)).toEqual([dead.id]);
    expect(statusOf(slow)).toBe('Running');
  });

  it('any other store failure is not swallowed', async () => {
    runningJob(STALE_AFTER + 5_000);
    store._failNext('finish', new DataverseError(503, '', 'Service Unavailable', 'PATCH w365_syncjobs'));
    await expect(recover()).rejects.toMatchObject({ status: 503 });
  });
});
