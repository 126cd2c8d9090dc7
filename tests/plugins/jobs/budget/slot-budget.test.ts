/**
 * The slot-lease budget on azurite, shared by two worker processes: the server they both call never
 * sees more requests in flight than the budget; a Retry-After one worker hears holds the other; slots
 * a worker no longer needs go to the one that does; and a worker holding every slot gives a busy
 * newcomer its equal part at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { startAzurite, type Azurite } from '../../../helpers/azurite';
import { startChild } from '../helpers/child';
import { BlobLeaseStore } from '../../../../plugins/jobs/blob-lease';
import { BlobPauseBoard } from '../../../../plugins/jobs/budget/pause-board';
import { BlobPresenceBoard } from '../../../../plugins/jobs/budget/presence';
import { SlotLeaseBudget, type SlotLeaseBudgetOptions } from '../../../../plugins/jobs/budget/slot-budget';
import { delay } from '../../../../plugins/shared/abort';

const CONTAINER = 'w365-coordination';
let azurite: Azurite;
const budgets: SlotLeaseBudget[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
});
afterEach(async () => {
  await Promise.all(budgets.splice(0).map((b) => b.close()));
});
afterAll(() => azurite.stop());

function makeBudget(options: Partial<SlotLeaseBudgetOptions> & { name: string }): SlotLeaseBudget {
  const ownContainer = azurite.blobService().getContainerClient(CONTAINER); // its own client, as another process would have
  const budget = new SlotLeaseBudget({
    limits: { maxConcurrentRequests: 8, maxRequestsPerWindow: 100_000, windowInMs: 60_000 },
    leases: new BlobLeaseStore({ container: ownContainer, durationInS: 15, prefix: 'budgets/' }),
    pauses: new BlobPauseBoard({ container: ownContainer }),
    slots: 4,
    acquireRetryInMs: 100,
    pauseSyncIntervalInMs: 200,
    idleReleaseInMs: 1_000,
    ...options,
  });
  budgets.push(budget);
  return budget;
}

/** A stand-in for Dataverse that counts the requests in flight, whoever sends them. */
async function countingServer(
  holdInMs: number,
): Promise<{ server: Server; url: string; stats: { inFlight: number; peak: number; total: number } }> {
  const stats = { inFlight: 0, peak: 0, total: 0 };
  const server = createServer((_req, res) => {
    stats.inFlight++;
    stats.total++;
    stats.peak = Math.max(stats.peak, stats.inFlight);
    setTimeout(() => {
      stats.inFlight--;
      res.end('ok');
    }, holdInMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, stats };
}

async function until(check: () => boolean, timeoutInMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutInMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await delay(25);
  }
}

describe('SlotLeaseBudget on azurite', () => {
  test('two worker processes sharing a budget of 8 never have more than 8 requests in flight together', async () => {
    const name = `dataverse-${randomUUID().slice(0, 8)}`;
    const { server, url, stats } = await countingServer(40);
    const child = startChild('../helpers/budget-worker.ts', {
      AZ_CONN: azurite.connectionString,
      CONTAINER,
      NAME: name,
      URL: url,
      COUNT: '150',
      MAX_CONCURRENT: '8',
      SLOTS: '4',
    });
    try {
      await child.waitForLine(/^ready$/);
      const budget = makeBudget({ name });
      let mine = 0;
      await Promise.all(
        Array.from({ length: 150 }, () =>
          budget.run(async () => {
            await (await fetch(url)).text();
            mine++;
          }),
        ),
      );
      await child.waitForLine(/^done 150$/, 60_000);
      expect(mine).toBe(150);
      expect(stats.total).toBe(300);
      expect(stats.peak).toBeLessThanOrEqual(8);
      expect(stats.peak).toBeGreaterThan(2); // the budget was used, not just a trickle
    } finally {
      await child.kill('SIGKILL');
      server.close();
    }
  });

  test('a Retry-After one worker hears holds the other worker too', async () => {
    const name = `dataverse-${randomUUID().slice(0, 8)}`;
    const a = makeBudget({ name });
    const b = makeBudget({ name });
    await Promise.all([a.run(async () => undefined), b.run(async () => undefined)]);
    a.reportRetryAfter(2_000);
    const pausedUntil = a.snapshot().pausedUntil;
    expect(pausedUntil).toBeGreaterThan(Date.now());
    await until(() => b.snapshot().pausedUntil >= pausedUntil);
    let startedAt = 0;
    await b.run(async () => void (startedAt = Date.now()));
    expect(startedAt).toBeGreaterThanOrEqual(pausedUntil);
  });

  test('a worker that holds every slot gives them back when idle, and the other worker then gets them', async () => {
    const name = `dataverse-${randomUUID().slice(0, 8)}`;
    const { server, url, stats } = await countingServer(50);
    try {
      const a = makeBudget({ name });
      // A grows a slot at a time while its share is what holds requests back (at most one a second):
      // keep it busy until it holds every slot, however slowly a loaded machine gets there.
      const deadline = Date.now() + 30_000;
      while ((a.snapshot().slots ?? 0) < 4 && Date.now() < deadline)
        await Promise.all(Array.from({ length: 40 }, () => a.run(async () => (await fetch(url)).text())));
      expect(a.snapshot().slots).toBe(4);
      const b = makeBudget({ name });
      let bDone = false;
      const bWork = Promise.all(Array.from({ length: 40 }, () => b.run(async () => (await fetch(url)).text()))).then(
        () => (bDone = true),
      );
      await until(() => a.snapshot().slots === 0); // idle for a second: released
      await until(() => bDone);
      await bWork;
      expect(stats.peak).toBeLessThanOrEqual(8);
    } finally {
      server.close();
    }
  });

  test('a busy worker holding every slot gives a busy newcomer its equal part at once', async () => {
    const name = `dataverse-${randomUUID().slice(0, 8)}`;
    const { server, url, stats } = await countingServer(30);
    const presence = (workerId: string) => ({
      board: new BlobPresenceBoard({ container: azurite.blobService().getContainerClient(CONTAINER) }),
      workerId,
    });
    // Long idle release: only the fair parts can move slots from one worker to the other here.
    const a = makeBudget({ name, presence: presence('a'), idleReleaseInMs: 60_000 });
    const b = makeBudget({ name, presence: presence('b'), idleReleaseInMs: 60_000 });
    let stop = false;
    const busy = (budget: SlotLeaseBudget, inFlight: number) =>
      Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (!stop) await budget.run(async () => (await fetch(url)).text());
        }),
      );
    try {
      const aWork = busy(a, 12);
      await until(() => a.snapshot().slots === 4);
      const bWork = busy(b, 4);
      // Each live worker's equal part is kept for it, however much more the other wants: 2 slots and 2,
      // within a few beats, and never more than 8 requests in flight.
      await until(() => a.snapshot().slots === 2 && b.snapshot().slots === 2, 15_000);
      stop = true;
      await Promise.all([aWork, bWork]);
      expect(stats.peak).toBeLessThanOrEqual(8);
    } finally {
      stop = true;
      server.close();
    }
  });
});
