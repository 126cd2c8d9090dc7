/**
 * AzureStorageJobQueue on azurite: delivery, concurrency, heartbeat renewal, a dead worker's item
 * reappearing, poison after five deliveries, and a clean close.
 */
import { randomUUID } from 'node:crypto';
import { startAzurite, type Azurite } from '../../../helpers/azurite';
import { startChild } from '../helpers/child';
import {
  AzureStorageJobQueue,
  type AzureStorageJobQueueOptions,
  type PoisonedItem,
} from '../../../../plugins/jobs/queues/azure-storage';
import { decodeEnvelope, encodeEnvelope, type WorkItemEnvelope } from '../../../../plugins/jobs/work-item';
import { delay } from '../../../../plugins/shared/abort';

let azurite: Azurite;
const open: AzureStorageJobQueue[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close()));
});
afterAll(() => azurite.stop());

let n = 0;
const queueName = () => `q${++n}-${randomUUID().slice(0, 8)}`;

function makeQueue(name: string, options: Partial<AzureStorageJobQueueOptions> = {}): AzureStorageJobQueue {
  const q = new AzureStorageJobQueue({
    service: azurite.queueService(),
    queueName: name,
    minPollIntervalInMs: 50,
    maxPollIntervalInMs: 200,
    closeGraceInMs: 5_000,
    ...options,
  });
  open.push(q);
  return q;
}

async function until(check: () => boolean | Promise<boolean>, timeoutInMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutInMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await delay(50);
  }
}

async function messagesIn(name: string): Promise<number> {
  const peeked = await azurite.queueService().getQueueClient(name).peekMessages({ numberOfMessages: 32 });
  return peeked.peekedMessageItems.length;
}

describe('AzureStorageJobQueue on azurite', () => {
  test('delivers every job once, never more than `concurrency` at a time, and deletes what it finished', async () => {
    const name = queueName();
    const q = makeQueue(name);
    const ids = Array.from({ length: 12 }, () => randomUUID());
    for (const id of ids) await q.enqueue(id);
    const seen: string[] = [];
    let inFlight = 0;
    let peak = 0;
    q.consume(async (jobId) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      seen.push(jobId);
      await delay(100);
      inFlight--;
    }, 3);
    await until(() => seen.length === ids.length && inFlight === 0);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(peak).toBeLessThanOrEqual(3);
    await until(async () => (await messagesIn(name)) === 0);
  });

  test('envelopes carry their environment and item; two workers on one queue share the items, each done once', async () => {
    const name = queueName();
    const a = makeQueue(name);
    const b = makeQueue(name);
    const jobId = randomUUID();
    const keys = Array.from({ length: 10 }, (_, i) => `customer-${i}`);
    for (const key of keys)
      await a.enqueueItem({ v: 1, environment: 'contoso', jobId, item: { kind: 'customer-subscriptions', key } });
    const byWorker: Record<string, string[]> = { a: [], b: [] };
    let inFlight = 0;
    let peak = 0;
    const handler = (worker: 'a' | 'b') => async (e: WorkItemEnvelope) => {
      expect(e).toMatchObject({ environment: 'contoso', jobId, item: { kind: 'customer-subscriptions' } });
      inFlight++;
      peak = Math.max(peak, inFlight);
      byWorker[worker].push(e.item!.key);
      await delay(200);
      inFlight--;
    };
    a.consumeItems(handler('a'), 2);
    b.consumeItems(handler('b'), 2);
    await until(() => byWorker.a.length + byWorker.b.length === keys.length && inFlight === 0);
    expect([...byWorker.a, ...byWorker.b].sort()).toEqual([...keys].sort());
    expect(byWorker.a.length).toBeGreaterThan(0);
    expect(byWorker.b.length).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(4);
  });

  test('the heartbeat keeps an item invisible to other workers for more than twice its visibility timeout', async () => {
    const name = queueName();
    const a = makeQueue(name, { visibilityTimeoutInMs: 3_000, heartbeatIntervalInMs: 500 });
    const b = makeQueue(name, { visibilityTimeoutInMs: 3_000 });
    await a.enqueue(randomUUID());
    const deliveries: string[] = [];
    let finished = false;
    a.consume(async () => {
      deliveries.push('a');
      await delay(7_000);
      finished = true;
    }, 1);
    await until(() => deliveries.length === 1);
    b.consume(async () => void deliveries.push('b'), 1);
    await until(() => finished);
    await delay(3_500); // had it not been deleted, it would be visible again by now
    expect(deliveries).toEqual(['a']);
    expect(await messagesIn(name)).toBe(0);
  });

  test("a dead worker's item reappears (it stopped renewing) and another worker runs it", async () => {
    const name = queueName();
    const jobId = randomUUID();
    await makeQueue(name).enqueue(jobId);
    const child = startChild('queue-worker.ts', {
      AZ_CONN: azurite.connectionString,
      QUEUE: name,
      VISIBILITY_MS: '2000',
    });
    try {
      const held = await child.waitForLine(/^held (\S+) (\d+)$/);
      expect(held.slice(1)).toEqual([jobId, '1']);
      await child.kill('SIGKILL');
      const survivor = makeQueue(name, { visibilityTimeoutInMs: 2_000 });
      const got: { jobId: string; dequeueCount: number }[] = [];
      survivor.consumeItems(async (e, d) => void got.push({ jobId: e.jobId, dequeueCount: d.dequeueCount }), 1);
      await until(() => got.length === 1);
      expect(got).toEqual([{ jobId, dequeueCount: 2 }]);
    } finally {
      await child.kill('SIGKILL');
    }
  });

  test('an item that fails five times goes to the poison queue and is reported, with its envelope', async () => {
    const name = queueName();
    const poisoned: PoisonedItem[] = [];
    const q = makeQueue(name, { retryDelayInMs: 0, onPoison: (p) => void poisoned.push(p) });
    const jobId = randomUUID();
    await q.enqueueItem({ v: 1, environment: 'default', jobId, item: { kind: 'accounts-page', key: 'page-3' } });
    const attempts: number[] = [];
    q.consumeItems(async (_e, d) => {
      attempts.push(d.dequeueCount);
      throw new Error('distributor answered 500');
    }, 1);
    await until(() => poisoned.length === 1);
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    expect(poisoned[0]).toMatchObject({
      envelope: { jobId, item: { key: 'page-3' } },
      dequeueCount: 5,
      errorCode: 'JOB_ITEM_POISONED',
      reason: 'distributor answered 500',
    });
    const inPoison = await azurite.queueService().getQueueClient(`${name}-poison`).peekMessages();
    expect(inPoison.peekedMessageItems.map((m) => decodeEnvelope(m.messageText).jobId)).toEqual([jobId]);
    expect(await messagesIn(name)).toBe(0);
  });

  test('an unreadable message is poisoned at once, and one abandoned by five dead workers without running it', async () => {
    const name = queueName();
    const poisoned: PoisonedItem[] = [];
    const q = makeQueue(name, { onPoison: (p) => void poisoned.push(p) });
    await q.ensureQueues();
    const raw = azurite.queueService().getQueueClient(name);
    // Five deliveries that each "died": received, then made visible again without being settled.
    const abandonedJob = randomUUID();
    await raw.sendMessage(encodeEnvelope({ v: 1, environment: 'default', jobId: abandonedJob }));
    for (let i = 1; i <= 5; i++) {
      const [m] = (await raw.receiveMessages({ visibilityTimeout: 30 })).receivedMessageItems;
      expect(m.dequeueCount).toBe(i);
      await raw.updateMessage(m.messageId, m.popReceipt, undefined, 0);
    }
    await raw.sendMessage('not a work item');
    const handled: string[] = [];
    q.consumeItems(async (e) => void handled.push(e.jobId), 1);
    await until(() => poisoned.length === 2);
    expect(handled).toEqual([]);
    const byCode = Object.fromEntries(poisoned.map((p) => [p.errorCode, p]));
    expect(byCode.JOB_MESSAGE_MALFORMED).toMatchObject({ messageText: 'not a work item', dequeueCount: 1 });
    expect(byCode.JOB_ITEM_POISONED).toMatchObject({ envelope: { jobId: abandonedJob }, dequeueCount: 6 });
  });

  test('close() lets a held item finish, then receives nothing more', async () => {
    const name = queueName();
    const q = makeQueue(name);
    await q.enqueue(randomUUID());
    const done: string[] = [];
    q.consume(async (jobId) => {
      await delay(500);
      done.push(jobId);
    }, 1);
    await until(() => q.pending() === 1);
    await q.close();
    expect(done).toHaveLength(1);
    await makeQueue(name).enqueue(randomUUID());
    await delay(500);
    expect(done).toHaveLength(1);
    expect(await messagesIn(name)).toBe(1);
  });

  test('close() past its grace aborts the held item and hands it back at once for another worker', async () => {
    const name = queueName();
    const q = makeQueue(name, { closeGraceInMs: 300, visibilityTimeoutInMs: 60_000 });
    const jobId = randomUUID();
    await q.enqueue(jobId);
    let aborted = false;
    q.consumeItems(async (_e, d) => {
      await delay(120_000, d.signal).catch((err: unknown) => {
        aborted = true;
        throw err;
      });
    }, 1);
    await until(() => q.pending() === 1);
    await q.close();
    expect(aborted).toBe(true);
    const next = makeQueue(name);
    const got: number[] = [];
    next.consumeItems(async (_e, d) => void got.push(d.dequeueCount), 1);
    // Visible at once, not after the 60 s visibility timeout.
    await until(() => got.length === 1, 10_000);
    expect(got).toEqual([2]);
  });
});
