/**
 * The JobContext an operation runs with, over a FakeJobStore and a fake clock: counts, items that are
 * buffered and flushed, progress that reaches the row, the heartbeat that renews the lease, and what
 * happens once the lease is lost (another worker took the job over while this one stalled).
 */
import { isW365Error } from '../../../common/errors';
import { RunningJobContext, type JobContextOptions } from '../../../plugins/jobs/context';
import { JobErrorCodes } from '../../../plugins/jobs/errors';
import type { JobItem } from '../../../plugins/jobs/types';
import { silentLogger } from '../../../plugins/shared/logger';
import { FakeClock } from './fakes/fake-clock';
import { FakeJobStore } from './fakes/fake-job-store';

let clock: FakeClock;
let store: FakeJobStore;

beforeEach(() => {
  clock = new FakeClock();
  store = new FakeJobStore(clock.date);
});

async function contextOf(options: JobContextOptions = {}, signal = new AbortController().signal) {
  const queued = store.seed({ operation: 'SyncSubscriptions', providerId: 'p1' });
  const c = await store.claim(queued, 'worker-a');
  if (!c.claimed) throw new Error(c.reason);
  const ctx = new RunningJobContext(c.job, signal, silentLogger(), store, c.lease, { now: clock.nowInMs, ...options });
  return { ctx, jobId: c.job.id, lease: c.lease };
}

const item = (code: string, severity: JobItem['severity'] = 'Warning'): JobItem => ({
  severity,
  code,
  message: code,
});
const progressCalls = () => store.calls.filter((c) => c.method === 'progress').length;
const codesOn = (jobId: string) => store._row(jobId).items.map((i) => i.code);

async function caught(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('RunningJobContext', () => {
  it('counts what the operation adds to the tally', async () => {
    const { ctx } = await contextOf();
    ctx.tally.add('created', 2);
    ctx.tally.add('unchanged');
    ctx.tally.addAll({ skipped: 3 });
    expect(ctx.counts).toEqual({ created: 2, updated: 0, unchanged: 1, skipped: 3, failed: 0 });
  });

  it('buffers items and writes them once `itemFlushSize` are waiting, and the rest when drained', async () => {
    const { ctx, jobId } = await contextOf({ itemFlushSize: 3 });
    ctx.item(item('A'));
    ctx.item(item('B'));
    await Promise.resolve();
    expect(codesOn(jobId)).toEqual([]);
    ctx.item(item('C', 'Error'));
    ctx.item(item('D', 'Info'));
    await ctx.drain();
    expect(codesOn(jobId)).toEqual(['A', 'B', 'C', 'D']);
    expect(store.calls.filter((c) => c.method === 'addItems')).toHaveLength(2);
    expect([ctx.warningCount, ctx.errorCount]).toEqual([2, 1]);
  });

  it('under throttling, items wait for a much fuller buffer instead of competing with data writes', async () => {
    const { ctx, jobId } = await contextOf({ itemFlushSize: 2, throttled: () => true });
    for (const code of ['A', 'B', 'C']) ctx.item(item(code));
    await Promise.resolve();
    expect(codesOn(jobId)).toEqual([]);
    await ctx.drain();
    expect(codesOn(jobId)).toEqual(['A', 'B', 'C']);
  });

  it('a failed item write is logged, not thrown into the operation', async () => {
    const { ctx } = await contextOf({ itemFlushSize: 1 });
    store._failNext('addItems', new Error('Dataverse is down'));
    ctx.item(item('A'));
    await expect(ctx.drain()).resolves.toBeUndefined();
  });

  it('the heartbeat renews the lease with the latest progress', async () => {
    const { ctx, jobId, lease } = await contextOf({ progressIntervalInMs: 60_000 });
    ctx.progress(10, 'Reading the distributor');
    ctx.progress(35, 'Deciding'); // within the interval: not written yet
    await ctx.heartbeat();
    expect(store._row(jobId).progress).toEqual({ percent: 35, message: 'Deciding' });
    expect(ctx.currentLease().etag).not.toBe(lease.etag);
    expect(ctx.currentLease().etag).toBe(store._row(jobId).record.etag);
    await ctx.drain();
  });

  it('writes progress at most once an interval, then the latest step once the interval is over', async () => {
    jest.useFakeTimers({ now: clock.nowInMs() });
    try {
      const { ctx, jobId } = await contextOf({ progressIntervalInMs: 1_000, now: Date.now });
      ctx.progress(10, 'first');
      await jest.advanceTimersByTimeAsync(0);
      expect(store._row(jobId).progress?.message).toBe('first');
      ctx.progress(20, 'second');
      ctx.progress(30, 'third');
      await jest.advanceTimersByTimeAsync(500);
      expect(store._row(jobId).progress?.message).toBe('first');
      await jest.advanceTimersByTimeAsync(600);
      expect(store._row(jobId).progress).toEqual({ percent: 30, message: 'third' });
      expect(progressCalls()).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('while Dataverse throttles, progress is left to the heartbeat', async () => {
    const { ctx, jobId } = await contextOf({ throttled: () => true });
    ctx.progress(50, 'Halfway');
    await ctx.drain();
    expect(progressCalls()).toBe(0);
    await ctx.heartbeat();
    expect(store._row(jobId).progress).toEqual({ percent: 50, message: 'Halfway' });
  });

  it('a failed progress write (not a lost lease) is logged and the job goes on', async () => {
    const { ctx } = await contextOf();
    store._failNext('progress', new Error('socket hang up'));
    await ctx.heartbeat();
    expect(ctx.lostLease()).toBeUndefined();
    await expect(ctx.checkpoint()).resolves.toBeUndefined();
  });

  describe('checkpoint', () => {
    it('within the lease validity lets writes go on without a round trip', async () => {
      const { ctx } = await contextOf({ leaseValidityInMs: 60_000 });
      clock.advance(59_000);
      await ctx.checkpoint();
      expect(progressCalls()).toBe(0);
    });

    it('past the lease validity (the worker stalled) renews the lease before letting writes go on', async () => {
      const { ctx, lease } = await contextOf({ leaseValidityInMs: 60_000 });
      clock.advance(61_000);
      await ctx.checkpoint();
      expect(progressCalls()).toBe(1);
      expect(ctx.currentLease().etag).not.toBe(lease.etag);
      clock.advance(30_000);
      await ctx.checkpoint();
      expect(progressCalls()).toBe(1); // the renewal vouches for another validity period
    });

    it('past the lease validity finds out the job was taken over, and throws JOB_LEASE_LOST', async () => {
      const { ctx, jobId } = await contextOf({ leaseValidityInMs: 60_000 });
      clock.advance(130_000);
      store._takeOver(jobId, { status: 'Failed', summary: 'Failed (interrupted)' });
      const err = await caught(ctx.checkpoint());
      expect(isW365Error(err) && err.code).toBe(JobErrorCodes.LeaseLost);
    });

    it('throws the abort reason once the job is cancelled or the service stops', async () => {
      const controller = new AbortController();
      const { ctx } = await contextOf({}, controller.signal);
      controller.abort(new Error('service shutting down'));
      await expect(ctx.checkpoint()).rejects.toThrow('service shutting down');
    });
  });

  // drain() renews a lapsed lease before the last items go, as checkpoint() does, and drops them when
  // the job was taken over meanwhile (found by this test, fixed in plugins/jobs/context.ts).
  it('drain does not write buffered items to a job taken over after its lease lapsed', async () => {
    const { ctx, jobId } = await contextOf({ leaseValidityInMs: 60_000, itemFlushSize: 100 });
    ctx.item(item('BUFFERED'));
    clock.advance(130_000);
    store._takeOver(jobId, { status: 'Failed', summary: 'Failed (interrupted)' });
    await ctx.drain();
    expect(codesOn(jobId)).toEqual([]);
  });

  describe('once the lease is lost', () => {
    async function lost() {
      const env = await contextOf({ itemFlushSize: 100 });
      env.ctx.item(item('PENDING'));
      store._takeOver(env.jobId, { status: 'Failed', summary: 'Failed (interrupted)' });
      await env.ctx.heartbeat();
      return env;
    }

    it('checkpoint throws JOB_LEASE_LOST, every time', async () => {
      const { ctx } = await lost();
      for (let i = 0; i < 2; i++) {
        const err = await caught(ctx.checkpoint());
        expect(isW365Error(err) && err.code).toBe(JobErrorCodes.LeaseLost);
      }
      expect(ctx.lostLease()?.code).toBe(JobErrorCodes.LeaseLost);
    });

    it('tells onLeaseLost once (the runner aborts the operation), and never for a write that merely failed', async () => {
      const told: unknown[] = [];
      const { ctx, jobId } = await contextOf({ onLeaseLost: (err) => told.push(err) });
      store._failNext('progress', new Error('socket hang up'));
      await ctx.heartbeat();
      expect(told).toEqual([]);
      store._takeOver(jobId, { status: 'Failed', summary: 'Failed (interrupted)' });
      await ctx.heartbeat();
      await ctx.heartbeat();
      expect(told).toHaveLength(1);
      expect(isW365Error(told[0]) && told[0].code).toBe(JobErrorCodes.LeaseLost);
    });

    it('drops the pending items and writes no more items or progress to the job', async () => {
      const { ctx, jobId } = await lost();
      const before = store.calls.length;
      ctx.item(item('LATER'));
      ctx.progress(90, 'Almost');
      await ctx.heartbeat();
      await ctx.drain();
      expect(codesOn(jobId)).toEqual([]);
      expect(store.calls.slice(before)).toEqual([]);
      expect(store._row(jobId).outcome?.summary).toBe('Failed (interrupted)');
    });
  });
});
