/**
 * Blob leases and leader election on azurite: exclusive ownership, an epoch that grows with each new
 * holder (the fencing token), and a second instance taking over when the owner stops renewing.
 */
import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { startAzurite, type Azurite } from '../../helpers/azurite';
import { startChild } from './helpers/child';
import { BlobLeaseStore } from '../../../plugins/jobs/blob-lease';
import { LeaderElection, type Lease } from '../../../plugins/jobs/lease';
import { delay } from '../../../plugins/shared/abort';

let azurite: Azurite;
let container: ContainerClient;
const CONTAINER = 'w365-coordination';

beforeAll(async () => {
  azurite = await startAzurite();
  container = azurite.blobService().getContainerClient(CONTAINER);
});
afterAll(() => azurite.stop());

async function until(check: () => boolean, timeoutInMs = 40_000): Promise<void> {
  const end = Date.now() + timeoutInMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await delay(50);
  }
}

describe('BlobLeaseStore', () => {
  test('one holder at a time; each new holder gets the next epoch; release frees the name at once', async () => {
    const store = new BlobLeaseStore({ container, durationInS: 15 });
    const other = new BlobLeaseStore({
      container: azurite.blobService().getContainerClient(CONTAINER),
      durationInS: 15,
    });
    const name = `scheduler-${randomUUID()}`;
    const first = await store.tryAcquire(name);
    expect(first?.epoch).toBe(1);
    expect(await other.tryAcquire(name)).toBeUndefined();
    expect(await first!.isCurrent()).toBe(true);
    await first!.release();
    expect(first!.held).toBe(false);
    expect(first!.signal.aborted).toBe(true);
    const second = await other.tryAcquire(name);
    expect(second?.epoch).toBe(2);
    expect(await first!.isCurrent()).toBe(false);
    await second!.release();
    const third = await store.tryAcquire(name);
    expect(third?.epoch).toBe(3);
    await third!.release();
  });

  test('refuses a duration Blob storage would refuse', () => {
    expect(() => new BlobLeaseStore({ container, durationInS: 10 })).toThrow(/15 to 60/);
  });
});

describe('LeaderElection', () => {
  test('two instances: exactly one leads; when it stops, the other takes over with the next epoch', async () => {
    const name = `nightly-${randomUUID()}`;
    const led: string[] = [];
    const make = (id: string) =>
      new LeaderElection({
        store: new BlobLeaseStore({ container, durationInS: 15 }),
        name,
        retryIntervalInMs: 200,
        onElected: (lease) => void led.push(`${id}:${lease.epoch}`),
      });
    const a = make('a');
    const b = make('b');
    a.start();
    b.start();
    try {
      await until(() => led.length === 1);
      await delay(1_000); // several retry rounds of the follower
      expect(led).toHaveLength(1);
      expect([a.leader, b.leader].filter(Boolean)).toHaveLength(1);
      const [first, second] = a.leader ? [a, b] : [b, a];
      await first.stop();
      await until(() => led.length === 2);
      expect(second.leader?.epoch).toBe(2);
      expect(led[1]).toBe(`${second === a ? 'a' : 'b'}:2`);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('an owner process that stops renewing (paused) loses the lease to another instance, and learns it is stale when it wakes', async () => {
    const name = `nightly-${randomUUID()}`;
    const child = startChild('leader.ts', { AZ_CONN: azurite.connectionString, CONTAINER, NAME: name });
    let leaseOfB: Lease | undefined;
    const b = new LeaderElection({
      store: new BlobLeaseStore({ container, durationInS: 15 }),
      name,
      retryIntervalInMs: 500,
      onElected: (lease) => void (leaseOfB = lease),
    });
    try {
      const [, epochOfA] = await child.waitForLine(/^leader (\d+)$/);
      b.start();
      await delay(2_000);
      expect(leaseOfB).toBeUndefined(); // A renews: B cannot take it
      child.process.kill('SIGSTOP');
      await until(() => leaseOfB !== undefined); // A's lease lapses (15 s) and B takes over
      expect(leaseOfB!.epoch).toBe(Number(epochOfA) + 1);
      child.process.kill('SIGCONT');
      const [, staleEpoch, reason, current] = await child.waitForLine(/^deposed (\d+) (\w+) current=(\w+)$/);
      expect([staleEpoch, reason, current]).toEqual([epochOfA, 'lost', 'false']);
      expect(b.leader).toBe(leaseOfB);
      expect(await leaseOfB!.isCurrent()).toBe(true);
    } finally {
      await child.kill('SIGKILL');
      await b.stop();
    }
  });
});
