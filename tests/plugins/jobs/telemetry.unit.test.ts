/**
 * Jobs and work items as traces: a whole job is one span (`job <Operation>`) whose final status it
 * carries; a split job's span covers its planning, and each of its work items is a span in the same
 * trace, a child of the job's span, joined through the envelope's traceparent (as a worker in another
 * process would); items done and poisoned are counted in the items metric.
 */
import { ItemRunner } from '../../../plugins/jobs/item-runner';
import { InProcessJobQueue } from '../../../plugins/jobs/queue';
import { JobRunner } from '../../../plugins/jobs/runner';
import type { SplitOperation } from '../../../plugins/jobs/split';
import type { FinalStatus, JobRecord } from '../../../plugins/jobs/types';
import { delay } from '../../../plugins/shared/abort';
import { silentLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import { MetricNames } from '../../../plugins/telemetry';
import { memoryTelemetry } from '../telemetry/helpers/memory';
import { FakeJobStore } from './fakes/fake-job-store';

const PROVIDER = '5f0c1d2e-0000-4000-8000-000000000001';

/** Three parts; part 2 always fails (so it is poisoned), the others create a row each. */
const split: SplitOperation = {
  plan: async () => ({
    kind: 'items',
    items: [1, 2, 3].map((n) => ({ kind: 'customer-subscriptions', key: '', data: { n } })),
  }),
  runItem: async (ctx, item) => {
    if (item.data?.n === 2) throw new Error('part 2 failed');
    ctx.tally.add('created', 1);
    return { agg: 1, clean: true };
  },
  merge: (a, b) => Number(a ?? 0) + Number(b ?? 0),
  finish: async () => ({ summary: 'done' }),
};

function world() {
  const m = memoryTelemetry();
  const store = new FakeJobStore();
  const finished: [string, FinalStatus][] = [];
  const onFinished = (job: JobRecord, status: FinalStatus) => finished.push([job.id, status]);
  const common = { store, logger: silentLogger(), redactor: new Redactor(), onFinished, telemetry: m.telemetry };
  const items = new ItemRunner({
    ...common,
    splits: { SyncSubscriptions: split },
    workerId: 'worker-b',
    context: { statusCheckInMs: 0 },
  });
  const queue = new InProcessJobQueue({ retryDelayInMs: 1, maxDeliveries: 2, onPoison: (p) => items.poisoned(p) });
  const runner = new JobRunner({
    ...common,
    workerId: 'worker-a',
    handlers: { VerifyConnectivity: async () => ({ summary: 'Verified' }) },
    splits: { SyncSubscriptions: split },
    items: {
      environment: 'default',
      send: (e) => queue.enqueueItem(e),
      traceparent: () => m.telemetry.traceparent(),
    },
  });
  queue.consumeItems(
    (envelope, delivery) => (envelope.item ? items.run(envelope, delivery) : runner.run(envelope.jobId)),
    4,
  );
  const done = async (id: string) => {
    for (let i = 0; i < 400 && !finished.some(([f]) => f === id); i++) await delay(10);
    await delay(20);
  };
  return { m, store, queue, runner, done };
}

test('a whole job is one span carrying its final status', async () => {
  const w = world();
  const job = w.store.seed({ operation: 'VerifyConnectivity', providerId: PROVIDER });
  await w.runner.run(job.id);
  const [span] = w.m.spans();
  expect(span.name).toBe('job VerifyConnectivity');
  expect(span.attributes).toMatchObject({
    'w365.job.id': job.id,
    'w365.job.operation': 'VerifyConnectivity',
    'w365.job.status': 'NoChange',
    'w365.worker.id': 'worker-a',
  });
  await w.queue.close();
});

test("a split job's work items are spans in its trace, children of its span; done and poisoned items are counted", async () => {
  const w = world();
  const job = w.store.seed({ operation: 'SyncSubscriptions', providerId: PROVIDER });
  await w.queue.enqueue(job.id);
  await w.done(job.id);
  const spans = w.m.spans();
  const jobSpan = spans.find((s) => s.name === 'job SyncSubscriptions')!;
  expect(jobSpan.attributes['w365.job.status']).toBe('Dispatched');
  const itemSpans = spans.filter((s) => s.name === 'work-item customer-subscriptions');
  // Parts 1 and 3 once, part 2 twice (both deliveries fail).
  expect(itemSpans).toHaveLength(4);
  for (const s of itemSpans) {
    expect(s.spanContext().traceId).toBe(jobSpan.spanContext().traceId);
    expect(s.parentSpanContext?.spanId).toBe(jobSpan.spanContext().spanId);
  }
  expect(itemSpans.filter((s) => s.status.code === 2)).toHaveLength(2); // the failed deliveries
  expect(itemSpans.map((s) => s.attributes['w365.item.outcome']).filter(Boolean)).toEqual(['done', 'done']);

  const metrics = await w.m.metrics();
  const byOutcome = Object.fromEntries(metrics[MetricNames.items].map((p) => [p.attributes.outcome, p.value]));
  expect(byOutcome).toEqual({ done: 2, poisoned: 1 });
  expect(w.store._row(job.id).outcome?.status).toBe('SucceededWithWarnings');
  await w.queue.close();
});
