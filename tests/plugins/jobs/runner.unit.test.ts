/**
 * The job runner over a FakeJobStore: claim, run the operation, finish, whatever the operation did,
 * threw or forgot, and leave the row alone once another worker has taken the job over.
 */
import { W365Error, isW365Error } from '../../../common/errors';
import { JobErrorCodes } from '../../../plugins/jobs/errors';
import { JobRunner, deriveStatus, type JobRunnerOptions } from '../../../plugins/jobs/runner';
import type { FinalStatus, JobContext, JobRecord, OperationHandler } from '../../../plugins/jobs/types';
import { silentLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import { FakeJobStore } from './fakes/fake-job-store';

const PROVIDER = '5f0c1d2e-0000-4000-8000-000000000001';
const SECRET = 'client-secret-value-123';

let store: FakeJobStore;
let finished: [string, FinalStatus][];

beforeEach(() => {
  store = new FakeJobStore();
  finished = [];
});

function runnerWith(handlers: JobRunnerOptions['handlers'], options: Partial<JobRunnerOptions> = {}): JobRunner {
  const redactor = new Redactor();
  redactor.addSecret(SECRET);
  return new JobRunner({
    store,
    handlers,
    logger: silentLogger(),
    redactor,
    workerId: 'worker-a',
    onFinished: (job, status) => finished.push([job.id, status]),
    ...options,
  });
}

const queued = (operation: JobRecord['operation'] = 'SyncSubscriptions') =>
  store.seed({ operation, providerId: PROVIDER });
const outcomeOf = (jobId: string) => store._row(jobId).outcome;

/** A handler that records the context it ran with and does `body`. */
function handler(body: (ctx: JobContext) => Promise<Awaited<ReturnType<OperationHandler>>>) {
  const seen: JobContext[] = [];
  const h: OperationHandler = async (ctx) => {
    seen.push(ctx);
    return body(ctx);
  };
  return { h, seen };
}

describe('deriveStatus', () => {
  it.each([
    ['no write and no warning is No Change', { created: 0, updated: 0 }, 0, 0, 'NoChange'],
    ['a write and no warning is Succeeded', { created: 1, updated: 0 }, 0, 0, 'Succeeded'],
    ['a warning makes it Succeeded With Warnings', { created: 0, updated: 3 }, 1, 0, 'SucceededWithWarnings'],
    ['an error item makes it Succeeded With Warnings', { created: 0, updated: 0 }, 0, 1, 'SucceededWithWarnings'],
  ] as const)('%s', (_rule, counts, warnings, errors, status) => {
    expect(deriveStatus(counts, warnings, errors)).toBe(status);
  });
});

describe('JobRunner', () => {
  it('claims the job, runs its operation with the Running job, and finishes with the counts of its tally', async () => {
    const job = queued();
    const { h, seen } = handler(async (ctx) => {
      ctx.tally.add('created', 2);
      ctx.tally.add('unchanged', 5);
      return { summary: 'Created 2 subscriptions.', result: { created: 2 } };
    });
    await runnerWith({ SyncSubscriptions: h }).run(job.id);
    expect(seen[0].job).toMatchObject({ id: job.id, status: 'Running', workerId: 'worker-a' });
    expect(store._row(job.id).record.status).toBe('Succeeded');
    expect(outcomeOf(job.id)).toMatchObject({
      status: 'Succeeded',
      summary: 'Created 2 subscriptions.',
      counts: { created: 2, updated: 0, unchanged: 5, skipped: 0, failed: 0 },
      warnings: 0,
      result: { created: 2 },
    });
    expect(finished).toEqual([[job.id, 'Succeeded']]);
  });

  it('writes the items the operation raised before it finishes, and counts warnings and errors together', async () => {
    const job = queued();
    const { h } = handler(async (ctx) => {
      ctx.item({ severity: 'Warning', code: 'SUBSCRIPTION_UNMAPPED_SKU', message: 'not mapped' });
      ctx.item({ severity: 'Error', code: 'SUBSCRIPTION_WRITE_FAILED', message: 'could not save' });
      ctx.item({ severity: 'Info', code: 'SUBSCRIPTION_HAND_EDIT_KEPT', message: 'kept' });
      return { summary: 'done' };
    });
    await runnerWith({ SyncSubscriptions: h }).run(job.id);
    expect(store._row(job.id).items.map((i) => i.code)).toEqual([
      'SUBSCRIPTION_UNMAPPED_SKU',
      'SUBSCRIPTION_WRITE_FAILED',
      'SUBSCRIPTION_HAND_EDIT_KEPT',
    ]);
    expect(outcomeOf(job.id)).toMatchObject({ status: 'SucceededWithWarnings', warnings: 2 });
    const order = store.calls.filter((c) => c.jobId === job.id).map((c) => c.method);
    expect(order.indexOf('addItems')).toBeLessThan(order.lastIndexOf('finish'));
  });

  it('an operation that returns a status keeps it (a failed connectivity check is Failed with its code)', async () => {
    const job = queued('VerifyConnectivity');
    const { h } = handler(async () => ({
      status: 'Failed',
      errorCode: 'PROVIDER_CREDENTIALS_REJECTED',
      summary: 'TechData refused the client id and secret.',
    }));
    await runnerWith({ VerifyConnectivity: h }).run(job.id);
    expect(outcomeOf(job.id)).toMatchObject({ status: 'Failed', errorCode: 'PROVIDER_CREDENTIALS_REJECTED' });
  });

  it('a job of the same provider and operation already running: refused as Not Started, naming the holder', async () => {
    const holder = store.seed({
      operation: 'SyncSubscriptions',
      providerId: PROVIDER,
      status: 'Running',
      name: 'Nightly',
    });
    const job = queued();
    const { h, seen } = handler(async () => ({ summary: 'ran' }));
    await runnerWith({ SyncSubscriptions: h }).run(job.id);
    expect(seen).toEqual([]);
    expect(outcomeOf(job.id)).toMatchObject({ status: 'NotStarted', errorCode: JobErrorCodes.AlreadyRunning });
    expect(outcomeOf(job.id)?.summary).toContain(`"Nightly" (${holder.id})`);
    expect(store._row(holder.id).record.status).toBe('Running');
    expect(finished).toEqual([[job.id, 'NotStarted']]);
  });

  it('a job that is not Queued any more (delivered twice) is neither run nor written', async () => {
    const job = store.seed({ operation: 'SyncSubscriptions', providerId: PROVIDER, status: 'Succeeded' });
    const { h, seen } = handler(async () => ({ summary: 'ran' }));
    await runnerWith({ SyncSubscriptions: h }).run(job.id);
    expect(seen).toEqual([]);
    expect(store.calls.map((c) => c.method)).toEqual(['get', 'claim']);
  });

  it('a job id that does not exist is logged and left', async () => {
    await expect(runnerWith({}).run('00000000-0000-4000-8000-00000000dead')).resolves.toBeUndefined();
    expect(store.calls.map((c) => c.method)).toEqual(['get']);
  });

  it('an operation this service cannot run ends Failed with JOB_UNKNOWN_OPERATION', async () => {
    const job = queued('MigrateManualSubscriptions');
    await runnerWith({}).run(job.id);
    expect(outcomeOf(job.id)).toMatchObject({ status: 'Failed', errorCode: JobErrorCodes.UnknownOperation });
  });

  it.each([
    [
      'a W365Error ends Failed with its own code',
      new W365Error('PROVIDER_UNREACHABLE', 'cannot reach'),
      'PROVIDER_UNREACHABLE',
    ],
    ['anything else ends Failed with JOB_FAILED', new TypeError('x is undefined'), JobErrorCodes.Failed],
  ])('an operation that throws: %s', async (_rule, err, code) => {
    const job = queued();
    await runnerWith({ SyncSubscriptions: async () => Promise.reject(err) }).run(job.id);
    expect(outcomeOf(job.id)).toMatchObject({ status: 'Failed', errorCode: code });
    expect(outcomeOf(job.id)?.summary).toBe(`Failed: ${err.message}`);
    expect(finished).toEqual([[job.id, 'Failed']]);
  });

  it('a failure part-way says what was written before it stopped, and keeps those counts', async () => {
    const job = queued();
    const { h } = handler(async (ctx) => {
      ctx.tally.add('created', 3);
      ctx.tally.add('failed');
      throw new Error('network gone');
    });
    await runnerWith({ SyncSubscriptions: h }).run(job.id);
    expect(outcomeOf(job.id)?.counts).toMatchObject({ created: 3, failed: 1 });
    expect(outcomeOf(job.id)?.summary).toMatch(
      /^Failed: network gone\. Before it stopped it had written 3 new and 0 updated rows \(1 could not be saved\)/,
    );
  });

  it('never writes a registered secret into the summary, whether the operation returns or throws it', async () => {
    const ok = queued();
    await runnerWith({ SyncSubscriptions: async () => ({ summary: `used ${SECRET}` }) }).run(ok.id);
    const failed = queued('SyncProviderAccounts');
    await runnerWith({ SyncProviderAccounts: async () => Promise.reject(new Error(`bad secret ${SECRET}`)) }).run(
      failed.id,
    );
    for (const id of [ok.id, failed.id]) {
      expect(outcomeOf(id)?.summary).not.toContain(SECRET);
      expect(outcomeOf(id)?.summary).toContain('[REDACTED]');
    }
  });

  it('cleans every item of a registered secret before it is written (items are read by every user)', async () => {
    const job = queued();
    await runnerWith({
      SyncSubscriptions: async (ctx) => {
        ctx.item({
          severity: 'Error',
          code: 'PROVIDER_CREDENTIALS_REJECTED',
          message: `the distributor said: ${SECRET}`,
        });
        return { summary: 'done' };
      },
    }).run(job.id);
    const [written] = store._row(job.id).items;
    expect(written.message).not.toContain(SECRET);
    expect(written.message).toContain('[REDACTED]');
  });

  it('a job aborted by the service stopping ends Failed (interrupted), with JOB_INTERRUPTED', async () => {
    const job = queued();
    const runner: JobRunner = runnerWith({
      SyncSubscriptions: async (ctx) => {
        runner.abortAll();
        await ctx.checkpoint();
        return { summary: 'not reached' };
      },
    });
    await runner.run(job.id);
    expect(outcomeOf(job.id)).toMatchObject({ status: 'Failed', errorCode: JobErrorCodes.Interrupted });
    expect(outcomeOf(job.id)?.summary).toMatch(/^Failed \(interrupted\)/);
  });

  it('the heartbeat renews the lease while a long operation runs', async () => {
    const job = queued();
    const { h } = handler(async () => {
      // The operation waits (as for a slow distributor) until a heartbeat has reached the row.
      while (!store.calls.some((c) => c.method === 'progress')) await new Promise((r) => setTimeout(r, 1));
      return { summary: 'done' };
    });
    await runnerWith({ SyncSubscriptions: h }, { heartbeatIntervalInMs: 1 }).run(job.id);
    const order = store.calls.map((c) => c.method);
    expect(order.indexOf('progress')).toBeGreaterThan(order.indexOf('claim'));
    expect(order.indexOf('progress')).toBeLessThan(order.indexOf('finish'));
    expect(store._row(job.id).record.status).toBe('NoChange');
  });

  describe('when another worker took the job over', () => {
    const verdict = { status: 'Failed' as const, summary: 'Failed (interrupted): marked by worker-b' };

    it('a checkpoint finds out, the operation stops, and the runner ends without writing the job row', async () => {
      const job = queued();
      let wroteAfterLoss = false;
      const { h } = handler(async (ctx) => {
        ctx.item({ severity: 'Warning', code: 'SUBSCRIPTION_UNMAPPED_SKU', message: 'pending when lost' });
        store._takeOver(job.id, verdict);
        await ctx.checkpoint();
        wroteAfterLoss = true;
        return { summary: 'not reached' };
      });
      // A lease vouched for no time at all: every checkpoint renews first, as one past its validity does.
      await runnerWith({ SyncSubscriptions: h }, { context: { leaseValidityInMs: -1 } }).run(job.id);
      expect(wroteAfterLoss).toBe(false);
      expect(store._row(job.id).outcome?.summary).toBe(verdict.summary);
      expect(store._row(job.id).items).toEqual([]);
      expect(store.calls.filter((c) => c.method === 'finish')).toEqual([]);
      expect(finished).toEqual([]);
    });

    it('a heartbeat that finds it out aborts the operation, which stops without reaching a checkpoint', async () => {
      const job = queued();
      const { h, seen } = handler(async (ctx) => {
        store._takeOver(job.id, verdict);
        // A long read from the distributor: it ends only when the job's signal is aborted.
        await new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
        return { summary: 'not reached' };
      });
      await runnerWith({ SyncSubscriptions: h }, { heartbeatIntervalInMs: 1 }).run(job.id);
      expect(isW365Error(seen[0].signal.reason) && seen[0].signal.reason.code).toBe(JobErrorCodes.LeaseLost);
      expect(store._row(job.id).outcome?.summary).toBe(verdict.summary);
      expect(store.calls.filter((c) => c.method === 'finish')).toEqual([]);
      expect(finished).toEqual([]);
    });

    it('a loss found only at the end (the finish answers JOB_LEASE_LOST) leaves the row as the other worker wrote it', async () => {
      const job = queued();
      const { h } = handler(async (ctx) => {
        ctx.tally.add('created');
        store._takeOver(job.id, verdict);
        return { summary: 'Created 1.' };
      });
      await expect(runnerWith({ SyncSubscriptions: h }).run(job.id)).resolves.toBeUndefined();
      expect(store._row(job.id).record.status).toBe('Failed');
      expect(store._row(job.id).outcome?.summary).toBe(verdict.summary);
      expect(finished).toEqual([]);
    });
  });
});
