/**
 * The Dataverse TokenStore against the Dataverse emulator: the lease (taken with If-Match, expiring,
 * released, waited for, given up on), and compare-and-swap writes of the token state that survive other
 * columns of the row changing but never overwrite someone else's state.
 */
import { Tables } from '../../../../solution/schema';
import { createDataverseTokenStore } from '../../../../plugins/dataverse/token-store';
import { caught, createProvider, FakeClock, startEnv, storedState, type Env } from './helpers';

const P = Tables.provider;

describe('Dataverse token store', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(() => env.close());

  it('holds the lease while the work runs and releases it afterwards, also when the work fails', async () => {
    const { providerId } = await createProvider(env);
    const store = createDataverseTokenStore(env.dv, { ownerName: 'worker-a' });
    let during: Awaited<ReturnType<typeof storedState>> | undefined;
    await store.withLease(providerId, async (access) => {
      during = await storedState(env, providerId);
      await access.write('state-1');
    });
    expect(during?.owner).toMatch(/^worker-a#/);
    expect(Date.parse(during?.until ?? '')).toBeGreaterThan(Date.now() + 60_000);
    expect(await storedState(env, providerId)).toMatchObject({ raw: 'state-1', owner: undefined, until: undefined });
    await expect(store.withLease(providerId, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await storedState(env, providerId)).owner).toBeUndefined();
  });

  it('lets one holder in at a time', async () => {
    const { providerId } = await createProvider(env);
    let active = 0;
    let most = 0;
    const order: string[] = [];
    const run = (name: string) =>
      createDataverseTokenStore(env.dv, { ownerName: name, pollIntervalInMs: 10 }).withLease(
        providerId,
        async (access) => {
          active++;
          most = Math.max(most, active);
          const before = (await access.read()) ?? '';
          await new Promise((r) => setTimeout(r, 30));
          await access.write(`${before}${name};`);
          order.push(name);
          active--;
        },
      );
    await Promise.all(['a', 'b', 'c', 'd'].map(run));
    expect(most).toBe(1);
    // Every holder saw the previous one's write: nothing was lost.
    expect((await storedState(env, providerId)).raw?.split(';').filter(Boolean).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('takes over a lease whose holder died (expired), and waits for a live one until it gives up', async () => {
    const { providerId } = await createProvider(env);
    await env.dv.update(P.entitySetName, providerId, {
      [P.col.tokenLeaseOwner]: 'ghost#1',
      [P.col.tokenLeaseUntil]: new Date(Date.now() - 60_000).toISOString(),
    });
    const clock = new FakeClock();
    const store = createDataverseTokenStore(env.dv, { ownerName: 'heir', now: clock.now, sleep: clock.sleep });
    await store.withLease(providerId, async () => undefined);
    expect(clock.sleeps).toEqual([]);

    await env.dv.update(P.entitySetName, providerId, {
      [P.col.tokenLeaseOwner]: 'alive#1',
      [P.col.tokenLeaseUntil]: new Date(clock.nowInMs + 600_000).toISOString(),
    });
    const impatient = createDataverseTokenStore(env.dv, {
      ownerName: 'impatient',
      now: clock.now,
      sleep: clock.sleep,
      maxWaitInMs: 10_000,
    });
    let ran = false;
    const err = await caught(impatient.withLease(providerId, async () => void (ran = true)));
    expect(err).toMatchObject({ code: 'ION_TOKEN_LEASE_BUSY', retryable: true });
    expect(ran).toBe(false);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect((await storedState(env, providerId)).owner).toBe('alive#1');
  });

  it('a write survives other columns of the row changing under it, but never overwrites another state', async () => {
    const { providerId } = await createProvider(env);
    const store = createDataverseTokenStore(env.dv, { ownerName: 'writer' });
    await store.withLease(providerId, async (access) => {
      await access.read();
      // Another job records a connectivity result on the same row meanwhile (new etag).
      await env.dv.update(P.entitySetName, providerId, { [P.col.connectivityMessage]: 'checked' });
      await access.write('mine');
    });
    expect((await storedState(env, providerId)).raw).toBe('mine');

    const err = await caught(
      store.withLease(providerId, async (access) => {
        await access.read();
        await env.dv.update(P.entitySetName, providerId, { [P.col.tokenState]: 'theirs' });
        await access.write('mine again');
      }),
    );
    expect(err).toMatchObject({ code: 'ION_TOKEN_STATE_CONFLICT', retryable: true });
    expect((await storedState(env, providerId)).raw).toBe('theirs');
  });

  it('the lease of one provider does not hold up another', async () => {
    const a = await createProvider(env);
    const b = await createProvider(env);
    const clock = new FakeClock();
    const store = createDataverseTokenStore(env.dv, { now: clock.now, sleep: clock.sleep });
    await store.withLease(a.providerId, () => store.withLease(b.providerId, async () => undefined));
    expect(clock.sleeps).toEqual([]);
  });
});
