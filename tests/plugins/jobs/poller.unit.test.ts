/**
 * The poller over a FakeJobStore and a recording queue: it rescues Queued jobs whose webhook never
 * arrived (after a grace period) and jobs whose worker died, and never its own running ones.
 */
import { JobPoller, type JobPollerOptions } from '../../../plugins/jobs/poller';
import type { JobQueue } from '../../../plugins/jobs/queue';
import type { JobRecord } from '../../../plugins/jobs/types';
import { silentLogger } from '../../../plugins/shared/logger';
import { FakeJobStore } from './fakes/fake-job-store';

/** A queue that records what it is given; `hold()` makes the next enqueue wait until released. */
class RecordingQueue implements JobQueue {
  readonly enqueued: string[] = [];
  private gate?: Promise<void>;

  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise((r) => (release = r));
    return release;
  }

  async enqueue(jobId: string): Promise<void> {
    const gate = this.gate;
    this.gate = undefined;
    await gate;
    this.enqueued.push(jobId);
  }

  async enqueueItem(): Promise<void> {
    throw new Error('the poller never enqueues items');
  }

  consumeItems(): void {
    throw new Error('the poller never consumes');
  }

  consume(): void {
    throw new Error('the poller never consumes');
  }

  async close(): Promise<void> {}

  pending(): number {
    return this.enqueued.length;
  }
}

const GRACE = 20_000;
const STALE = 120_000;
let store: FakeJobStore;
let queue: RecordingQueue;

beforeEach(() => {
  store = new FakeJobStore();
  queue = new RecordingQueue();
});

// The poller reads the real clock (Date.now): rows are placed relative to it, never asserted on it.
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const queuedJob = (createdAgoInMs: number) =>
  store.seed({ operation: 'SyncSubscriptions', providerId: `p-${Math.random()}`, createdOn: ago(createdAgoInMs) });
const runningJob = (heartbeatAgoInMs: number): JobRecord =>
  store.seed({
    operation: 'SyncProviderAccounts',
    providerId: `p-${Math.random()}`,
    status: 'Running',
    workerId: 'worker-a',
    heartbeatOn: ago(heartbeatAgoInMs),
  });

function poller(options: Partial<JobPollerOptions> = {}): JobPoller {
  return new JobPoller({
    store,
    queue,
    logger: silentLogger(),
    webhookGraceInMs: GRACE,
    staleAfterInMs: STALE,
    isRunningHere: () => false,
    ...options,
  });
}

describe('JobPoller', () => {
  it('queues Queued jobs older than the webhook grace, oldest first, and leaves a fresh one to its webhook', async () => {
    const older = queuedJob(10 * GRACE);
    const old = queuedJob(2 * GRACE);
    const fresh = queuedJob(1_000);
    expect(await poller().pollOnce()).toEqual([older.id, old.id]);
    expect(queue.enqueued).toEqual([older.id, old.id]);
    expect(queue.enqueued).not.toContain(fresh.id);
  });

  it('marks a stale Running job interrupted, but never one this process is running', async () => {
    const mine = runningJob(10 * STALE);
    const dead = runningJob(10 * STALE);
    const alive = runningJob(1_000);
    await poller({ isRunningHere: (id) => id === mine.id }).pollOnce();
    expect([mine, dead, alive].map((j) => store._row(j.id).record.status)).toEqual(['Running', 'Failed', 'Running']);
  });

  it('runs one round at a time: a round asked for while one is under way does nothing', async () => {
    const job = queuedJob(2 * GRACE);
    const release = queue.hold();
    const p = poller();
    const first = p.pollOnce();
    await new Promise((r) => setImmediate(r));
    expect(await p.pollOnce()).toEqual([]);
    release();
    expect(await first).toEqual([job.id]);
    expect(await p.pollOnce()).toEqual([job.id]); // the next round runs again
  });

  it('a round whose store fails is logged and returns nothing; the next round runs', async () => {
    const job = queuedJob(2 * GRACE);
    store._failNext('findRunning', new Error('Dataverse unreachable'));
    const p = poller();
    await expect(p.pollOnce()).resolves.toEqual([]);
    expect(await p.pollOnce()).toEqual([job.id]);
  });

  it('start() polls every intervalInMs until stop()', async () => {
    jest.useFakeTimers();
    try {
      const p = poller({ intervalInMs: 30_000 });
      p.start();
      const rounds = () => store.calls.filter((c) => c.method === 'findQueued').length;
      await jest.advanceTimersByTimeAsync(29_000);
      expect(rounds()).toBe(0);
      await jest.advanceTimersByTimeAsync(31_000);
      expect(rounds()).toBe(2);
      p.stop();
      await jest.advanceTimersByTimeAsync(90_000);
      expect(rounds()).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
