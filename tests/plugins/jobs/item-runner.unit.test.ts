/**
 * A job split into work items, through the in-process queue over a FakeJobStore: the claiming worker
 * plans it and sends its items; item runners (one or several "workers") run them and count them in
 * the job's ledger; the one that counts the last item finishes the job. What a person would notice:
 * the counts are the sum of the items, never more (an item delivered twice counts once) and never less
 * (workers counting at the same moment lose nothing); a failing item is retried, and one that keeps
 * failing becomes an Error item on its job instead of vanishing; a failure no retry can fix ends the
 * job at once; an item of a job that ended elsewhere writes nothing.
 */
import { W365Error } from '../../../common/errors';
import { ItemRunner } from '../../../plugins/jobs/item-runner';
import { isItemDone } from '../../../plugins/jobs/ledger';
import { InProcessJobQueue } from '../../../plugins/jobs/queue';
import { JobRunner } from '../../../plugins/jobs/runner';
import type { SplitOperation } from '../../../plugins/jobs/split';
import type { FinalStatus, JobRecord } from '../../../plugins/jobs/types';
import type { WorkItemEnvelope } from '../../../plugins/jobs/work-item';
import { delay } from '../../../plugins/shared/abort';
import { silentLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import { FakeJobStore } from './fakes/fake-job-store';

const PROVIDER = '5f0c1d2e-0000-4000-8000-000000000001';

interface Behaviour {
  /** Items (by their n) that throw this many times before they succeed (Infinity: always). */
  failures?: Record<number, number>;
  /** An item (by n) that throws an error no retry can fix. */
  fatal?: number;
  /** Items (by n) that read an unreadable record. */
  unclean?: number[];
}

/** Items numbered 1..n; item k creates k rows, and the running total is the sum of the k. */
function countingSplit(n: number, b: Behaviour = {}) {
  const runs: number[] = [];
  const finishes: { clean: boolean; poisoned: number; sum: unknown }[] = [];
  const failures = { ...b.failures };
  const op: SplitOperation = {
    plan: async () => ({
      kind: 'items',
      items: Array.from({ length: n }, (_, i) => ({ kind: 'part', key: '', data: { n: i + 1 } })),
    }),
    runItem: async (ctx, item) => {
      const k = Number(item.data?.n);
      runs.push(k);
      await ctx.checkpoint();
      if (b.fatal === k)
        throw new W365Error('PROVIDER_CREDENTIALS_REJECTED', 'The distributor refused the credentials.');
      if ((failures[k] ?? 0) > 0) {
        failures[k]--;
        throw new Error(`part ${k} failed`);
      }
      await delay(1);
      ctx.tally.add('created', k);
      if (b.unclean?.includes(k)) ctx.item({ severity: 'Warning', code: 'RECORD_MALFORMED', message: `part ${k}` });
      return { agg: k, clean: !b.unclean?.includes(k) };
    },
    merge: (a, c) => Number(a ?? 0) + Number(c ?? 0),
    finish: async (_ctx, view) => {
      finishes.push({ clean: view.clean, poisoned: view.poisoned, sum: view.agg });
      return { summary: `sum ${String(view.agg)}` };
    },
  };
  return { op, runs, finishes };
}

function world(op: SplitOperation, workers = 1) {
  const store = new FakeJobStore();
  const finished: [string, FinalStatus][] = [];
  const redactor = new Redactor();
  const onFinished = (job: JobRecord, status: FinalStatus) => finished.push([job.id, status]);
  const itemRunners = Array.from(
    { length: workers },
    (_, w) =>
      new ItemRunner({
        store,
        splits: { SyncSubscriptions: op },
        logger: silentLogger(),
        redactor,
        workerId: `worker-${w}`,
        onFinished,
        context: { statusCheckInMs: 0 },
      }),
  );
  let turn = 0;
  const queue: InProcessJobQueue = new InProcessJobQueue({
    retryDelayInMs: 1,
    onPoison: (p) => itemRunners[0].poisoned(p),
  });
  const runner = new JobRunner({
    store,
    handlers: {},
    logger: silentLogger(),
    redactor,
    workerId: 'planner',
    onFinished,
    splits: { SyncSubscriptions: op },
    items: { environment: 'default', send: (e) => queue.enqueueItem(e) },
  });
  // Items go round the "workers" in turn, several at once, as several processes would take them.
  queue.consumeItems(async (envelope, delivery) => {
    if (!envelope.item) return runner.run(envelope.jobId);
    await itemRunners[turn++ % workers].run(envelope, delivery);
  }, 6);
  const job = store.seed({ operation: 'SyncSubscriptions', providerId: PROVIDER });
  const done = async () => {
    for (let i = 0; i < 400 && !finished.some(([id]) => id === job.id); i++) await delay(10);
    await delay(20);
  };
  return { store, queue, job, finished, done, itemRunners, redactor };
}

afterEach(() => jest.useRealTimers());

describe('a job split into work items', () => {
  it('cleans the secret a distributor echoed from the items of its work items and of its final step', async () => {
    const secret = 'Zx9+Qw/Er7=T-distributor-secret';
    const { op } = countingSplit(2);
    const runItem = op.runItem;
    op.runItem = async (ctx, item) => {
      ctx.item({ severity: 'Warning', code: 'PROVIDER_DISTRIBUTOR_ERROR', message: `401: bad key ${secret}` });
      return runItem(ctx, item);
    };
    op.finish = async (ctx) => {
      ctx.item({
        severity: 'Warning',
        code: 'PROVIDER_DISTRIBUTOR_ERROR',
        message: `final: ${encodeURIComponent(secret)}`,
      });
      return { summary: 'done' };
    };
    const w = world(op);
    w.redactor.addSecret(secret);
    await w.queue.enqueue(w.job.id);
    await w.done();
    const items = w.store._row(w.job.id).items;
    expect(items.map((i) => i.code)).toEqual(Array(3).fill('PROVIDER_DISTRIBUTOR_ERROR'));
    expect(JSON.stringify(items)).not.toContain('Zx9');
    await w.queue.close();
  });

  it('finishes once, when its last item is counted, with the counts summed over every item', async () => {
    const { op, finishes } = countingSplit(12);
    const w = world(op, 3);
    await w.queue.enqueue(w.job.id);
    await w.done();
    expect(w.store._row(w.job.id).outcome?.summary).toBe('sum 78');
    expect(w.finished).toEqual([[w.job.id, 'Succeeded']]);
    const row = w.store._row(w.job.id);
    expect(row.outcome?.counts.created).toBe(78); // 1 + 2 + ... + 12
    expect(row.outcome?.summary).toBe('sum 78');
    expect(finishes).toEqual([{ clean: true, poisoned: 0, sum: 78 }]);
    await w.queue.close();
  });

  it('counts an item delivered twice once', async () => {
    const { op, runs } = countingSplit(3);
    const w = world(op);
    // Hold the last item back so the job is still running when the first items arrive again.
    let held: WorkItemEnvelope | undefined;
    const send = w.queue.enqueueItem.bind(w.queue);
    w.queue.enqueueItem = async (e) => {
      if (e.item && e.item.data?.n === 3) held = e;
      else await send(e);
    };
    await w.queue.enqueue(w.job.id);
    for (let i = 0; i < 200 && w.store._row(w.job.id).ledger?.doneCount !== 2; i++) await delay(10);
    const ledger = w.store._row(w.job.id).ledger!;
    expect(isItemDone(ledger, 0) && isItemDone(ledger, 1)).toBe(true);
    const first = ledger.plan;
    // The queue hands items 1 and 2 out again (their worker died before the queue heard they were done).
    const again = (n: number): WorkItemEnvelope => ({
      v: 1,
      environment: 'default',
      jobId: w.job.id,
      item: { kind: 'part', key: `${first}-${n - 1}`, data: { n, plan: first, index: n - 1 } },
    });
    await send({ ...again(1), item: { ...again(1).item!, key: `${first}-0-again` } });
    await send({ ...again(2), item: { ...again(2).item!, key: `${first}-1-again` } });
    await delay(50);
    await send(held!);
    await w.done();
    expect(w.store._row(w.job.id).outcome?.counts.created).toBe(6);
    expect(runs.filter((k) => k === 1)).toHaveLength(1); // counted already: not even run again
    await w.queue.close();
  });

  it('loses no count when many workers count items at the same moment', async () => {
    const { op } = countingSplit(40);
    const w = world(op, 4);
    await w.queue.enqueue(w.job.id);
    await w.done();
    expect(w.store._row(w.job.id).outcome?.counts.created).toBe(820);
    expect(w.store.calls.filter((c) => c.method === 'writeWork').length).toBeGreaterThanOrEqual(40);
    await w.queue.close();
  });

  it('retries a failing item, and one that keeps failing becomes an Error item; the job still ends', async () => {
    const { op, finishes } = countingSplit(4, { failures: { 2: 1, 3: Infinity } });
    const w = world(op, 2);
    await w.queue.enqueue(w.job.id);
    await w.done();
    const row = w.store._row(w.job.id);
    expect(row.outcome?.counts.created).toBe(1 + 2 + 4);
    expect(row.items.map((i) => i.code)).toEqual(['JOB_ITEM_POISONED']);
    expect(row.items[0].message).toMatch(/failed 5 times/);
    expect(row.outcome?.status).toBe('SucceededWithWarnings');
    // The final step knows a part is missing: checks that need every part (the "gone" pass) are skipped.
    expect(finishes).toEqual([{ clean: false, poisoned: 1, sum: 7 }]);
    await w.queue.close();
  });

  it('ends the job as Failed at once on an error no retry can fix, and runs no further item', async () => {
    const { op, runs } = countingSplit(30, { fatal: 1 });
    const w = world(op);
    await w.queue.enqueue(w.job.id);
    await w.done();
    const row = w.store._row(w.job.id);
    expect(row.outcome).toMatchObject({ status: 'Failed', errorCode: 'PROVIDER_CREDENTIALS_REJECTED' });
    expect(row.outcome?.summary).toMatch(/refused the credentials/);
    await delay(100);
    expect(runs.length).toBeLessThan(30);
    await w.queue.close();
  });

  it('writes nothing for an item of a job another instance has ended', async () => {
    const { op, runs } = countingSplit(5);
    const w = world(op);
    const send = w.queue.enqueueItem.bind(w.queue);
    const sent: WorkItemEnvelope[] = [];
    w.queue.enqueueItem = async (e) => void (e.item ? sent.push(e) : await send(e));
    await w.queue.enqueue(w.job.id);
    for (let i = 0; i < 200 && !w.store._row(w.job.id).ledger; i++) await delay(10);
    w.store._takeOver(w.job.id, { status: 'Failed', summary: 'Failed (interrupted)' });
    for (const e of sent) await send(e);
    await delay(100);
    expect(runs).toEqual([]);
    expect(w.store._row(w.job.id).record.status).toBe('Failed');
    expect(w.finished).toEqual([]);
    await w.queue.close();
  });

  it('ends the job as Cancelled when a person cancels it while its items run', async () => {
    const { op, runs } = countingSplit(40);
    const w = world(op);
    await w.queue.enqueue(w.job.id);
    for (let i = 0; i < 200 && (w.store._row(w.job.id).ledger?.doneCount ?? 0) < 2; i++) await delay(5);
    w.store._requestCancel(w.job.id);
    await w.done();
    const row = w.store._row(w.job.id);
    expect(row.outcome).toMatchObject({ status: 'Cancelled', errorCode: 'JOB_CANCELLED' });
    await delay(100);
    expect(runs.length).toBeLessThan(40);
    await w.queue.close();
  });

  it('reports an unclean item to the final step, which then skips its whole-job checks', async () => {
    const { op, finishes } = countingSplit(3, { unclean: [2] });
    const w = world(op);
    await w.queue.enqueue(w.job.id);
    await w.done();
    expect(finishes).toEqual([{ clean: false, poisoned: 0, sum: 6 }]);
    expect(w.store._row(w.job.id).outcome?.warnings).toBe(1);
    await w.queue.close();
  });
});
