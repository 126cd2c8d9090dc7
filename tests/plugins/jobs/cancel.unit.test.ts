/**
 * Cancel Job over a FakeJobStore: the runner reads Cancel Requested at its heartbeat, aborts the
 * operation's signal and finishes the job Cancelled (JOB_CANCELLED), whether the operation throws on
 * the abort or returns early; a job nobody cancels is not affected by the check.
 */
import { JobErrorCodes } from '../../../plugins/jobs/errors';
import { JobRunner } from '../../../plugins/jobs/runner';
import type { OperationHandler } from '../../../plugins/jobs/types';
import { silentLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import { FakeJobStore } from './fakes/fake-job-store';

const PROVIDER = '5f0c1d2e-0000-4000-8000-000000000002';

function runner(store: FakeJobStore, handler: OperationHandler): JobRunner {
  return new JobRunner({
    store,
    handlers: { SyncSubscriptions: handler },
    logger: silentLogger(),
    redactor: new Redactor(),
    workerId: 'worker-a',
    heartbeatIntervalInMs: 5,
  });
}

/** Waits until the signal is aborted (the operation's next checkpoint), then behaves as `then` says. */
const untilAborted =
  (then: 'throw' | 'return'): OperationHandler =>
  async (ctx) => {
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    if (then === 'throw') ctx.signal.throwIfAborted();
    return { summary: 'Synced 3 of 40 customers before stopping.' };
  };

describe('Cancel Job', () => {
  it.each(['throw', 'return'] as const)('ends the job Cancelled when the operation stops (%s)', async (then) => {
    const store = new FakeJobStore();
    const job = store.seed({ operation: 'SyncSubscriptions', providerId: PROVIDER });
    const handler = untilAborted(then);
    const run = runner(store, async (ctx) => {
      store._requestCancel(job.id);
      return handler(ctx);
    }).run(job.id);
    await run;
    const row = store._row(job.id);
    expect(row.record.status).toBe('Cancelled');
    expect(row.outcome).toMatchObject({ status: 'Cancelled', errorCode: JobErrorCodes.Cancelled });
    expect(row.outcome?.summary).toMatch(/^Cancelled: stopped at the next checkpoint, as asked\./);
    if (then === 'return') expect(row.outcome?.summary).toContain('Synced 3 of 40 customers before stopping.');
    expect(row.runLock).toBeUndefined();
  });

  it('asks the store at the heartbeat and leaves a job nobody cancels alone', async () => {
    const store = new FakeJobStore();
    const job = store.seed({ operation: 'SyncSubscriptions', providerId: PROVIDER });
    await runner(store, async () => {
      await new Promise((r) => setTimeout(r, 40));
      return { summary: 'Done.' };
    }).run(job.id);
    expect(store.calls.some((c) => c.method === 'cancelRequested' && c.jobId === job.id)).toBe(true);
    expect(store._row(job.id).record.status).toBe('NoChange');
  });
});
