/**
 * The Ion token protocol against the strict sandbox (single-use refresh tokens; a reused one is refused
 * and revokes its chain) and the Dataverse emulator (the real lease store), with workers killed at every
 * crash point of token-manager.ts, and workers racing. What must hold: the partner is never locked out
 * except in the one window no client can close (Ion answered, the answer died with the process), and
 * then the admin gets one clear message and no loop; Ion never sees a refresh token twice otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Tables } from '../../../../solution/schema';
import { W365Error } from '../../../../common/errors';
import { HttpErrorCodes } from '../../../../plugins/shared/http';
import { encodeState } from '../../../../plugins/providers/ion/token-state';
import {
  caught,
  collect,
  Crash,
  FakeClock,
  createProvider,
  makeWorker,
  startEnv,
  storedState,
  type Env,
} from './helpers';

const LEASE_IN_MS = 120_000;

/** The worker died: what it threw is the crash itself, or wraps it (the code around the crash point saw it as a failed write). */
function crashed(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if (e instanceof Crash) return true;
  return false;
}

describe('Ion token protocol: crash points, races and lockout', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(() => env.close());
  beforeEach(() => env.sandbox.resetStats());

  const journal = (name: string) => path.join(env.dir, name);
  const isTokenRequest = (url: string) => url === env.sandbox.tokenUrl;

  it("first use renews once from the admin's token and stores the chain; the next job uses the stored access token", async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const first = makeWorker(env, { name: 'w1', journalDir: journal('first-use') });
    expect((await collect(first.connector.listCustomers(config))).values).toHaveLength(12);
    const { state, owner } = await storedState(env, config.providerId);
    expect(state).toMatchObject({ generation: 1, accessToken: expect.any(String) });
    expect(state?.pending).toBeUndefined();
    expect(owner).toBeUndefined(); // the lease was released
    // The live refresh token is only in Dataverse now; the admin's one is used up.
    expect(env.sandbox.liveRefreshTokens()).toEqual([state?.refreshToken]);
    expect(state?.refreshToken).not.toBe(config.password);

    const second = makeWorker(env, { name: 'w2', journalDir: journal('first-use-other') });
    expect((await collect(second.connector.listSubscriptions(config))).values.length).toBeGreaterThan(10);
    expect(env.sandbox.stats()).toMatchObject({ renewals: 1, refusedRenewals: 0, reusedRefreshTokens: 0 });
  });

  it('crash after the write-ahead, before Ion got the request: the next run waits out the lease and renews with the same token', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const clock = new FakeClock();
    const w1 = makeWorker(env, { name: 'w1', journalDir: journal('a'), clock });
    w1.http.before = (req) => {
      if (isTokenRequest(req.url)) w1.killSwitch.kill('before the renewal request');
    };
    expect(await caught(collect(w1.connector.listCustomers(config)))).toBeInstanceOf(Crash);
    const left = await storedState(env, config.providerId);
    expect(left.state?.pending).toMatchObject({ worker: 'w1' });
    expect(left.owner).toMatch(/^w1#/); // the dead worker still holds the lease

    const w2 = makeWorker(env, { name: 'w2', journalDir: journal('a'), clock });
    expect((await collect(w2.connector.listCustomers(config))).values).toHaveLength(12);
    // w2 waited for the dead worker's lease to run out, then renewed exactly once, with the same token.
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(LEASE_IN_MS);
    expect(env.sandbox.stats()).toMatchObject({ renewals: 1, refusedRenewals: 0, reusedRefreshTokens: 0 });
    expect((await storedState(env, config.providerId)).state).toMatchObject({ generation: 1 });
  });

  it('crash after Ion answered but before the answer was journaled (the residual window): one clear message, no loop, new credentials recover', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const clock = new FakeClock();
    const w1 = makeWorker(env, { name: 'w1', journalDir: journal('b'), clock });
    w1.http.after = (req) => {
      if (isTokenRequest(req.url)) w1.killSwitch.kill("between Ion's answer and the journal");
    };
    expect(await caught(collect(w1.connector.listCustomers(config)))).toBeInstanceOf(Crash);
    expect(env.sandbox.stats().renewals).toBe(1);

    const w2 = makeWorker(env, { name: 'w2', journalDir: journal('b'), clock });
    const lost = await caught(collect(w2.connector.listCustomers(config)));
    expect(lost).toBeInstanceOf(W365Error);
    expect(lost.code).toBe('PROVIDER_CREDENTIALS_REJECTED');
    expect(lost.message).toMatch(/was interrupted after Ion may have accepted it/);
    expect(lost.message).toMatch(/Request New Credentials/);
    expect((await storedState(env, config.providerId)).state?.dead).toMatchObject({ reason: 'lost' });

    // Later runs fail at once with the same advice, without asking Ion again.
    const tokenRequestsBefore = env.sandbox.stats().tokenRequests;
    const w3 = makeWorker(env, { name: 'w3', journalDir: journal('b'), clock });
    const again = await caught(collect(w3.connector.listSubscriptions(config)));
    expect(again.code).toBe('PROVIDER_CREDENTIALS_REJECTED');
    expect(again.message).toMatch(/stopped using the Ion credentials.*interrupted token renewal lost/);
    expect(env.sandbox.stats().tokenRequests).toBe(tokenRequestsBefore);

    // The admin requests new credentials and pastes the new refresh token: a new chain starts.
    const recovered = { ...config, password: env.sandbox.newCredentials() };
    const w4 = makeWorker(env, { name: 'w4', journalDir: journal('b'), clock });
    expect((await collect(w4.connector.listCustomers(recovered))).values).toHaveLength(12);
    const after = (await storedState(env, config.providerId)).state;
    expect(after).toMatchObject({ generation: 1 });
    expect(after?.dead).toBeUndefined();
  });

  it('crash after the journal, before Dataverse had the new token: the next run here saves it from the journal without calling Ion', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const clock = new FakeClock();
    const dir = journal('c');
    const w1 = makeWorker(env, { name: 'w1', journalDir: dir, clock });
    w1.store.beforeWrite = (s) => {
      if (s?.generation === 1 && !s.pending) w1.killSwitch.kill('between the journal and Dataverse');
    };
    expect(crashed(await caught(collect(w1.connector.listCustomers(config))))).toBe(true);
    expect(fs.readdirSync(dir)).toHaveLength(1);
    expect((await storedState(env, config.providerId)).state).toMatchObject({
      generation: 0,
      pending: { worker: 'w1' },
    });

    const w2 = makeWorker(env, { name: 'w2', journalDir: dir, clock });
    expect((await collect(w2.connector.listCustomers(config))).values).toHaveLength(12);
    expect(env.sandbox.stats()).toMatchObject({ renewals: 1, refusedRenewals: 0, reusedRefreshTokens: 0 });
    expect((await storedState(env, config.providerId)).state).toMatchObject({ generation: 1 });
    expect(fs.readdirSync(dir)).toHaveLength(0);
    expect(w2.logLines.join('\n')).toMatch(/saved an Ion token renewal from the local journal/);
  });

  it('the same crash seen from a machine without that journal is the documented lockout, reported clearly', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const clock = new FakeClock();
    const w1 = makeWorker(env, { name: 'w1', journalDir: journal('d-here'), clock });
    w1.store.beforeWrite = (s) => {
      if (s?.generation === 1 && !s.pending) w1.killSwitch.kill('between the journal and Dataverse');
    };
    await caught(collect(w1.connector.listCustomers(config)));
    const elsewhere = makeWorker(env, { name: 'w2', journalDir: journal('d-elsewhere'), clock });
    const err = await caught(collect(elsewhere.connector.listCustomers(config)));
    expect(err.code).toBe('PROVIDER_CREDENTIALS_REJECTED');
    expect(err.message).toMatch(/Request New Credentials/);
  });

  it('crash after the new token was saved, before the access token was used: the next run uses the stored one', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const clock = new FakeClock();
    const w1 = makeWorker(env, { name: 'w1', journalDir: journal('e'), clock });
    w1.store.afterWrite = (s) => {
      if (s?.generation === 1 && !s.pending) w1.killSwitch.kill('after saving, before use');
    };
    expect(crashed(await caught(collect(w1.connector.listCustomers(config))))).toBe(true);
    expect((await storedState(env, config.providerId)).state).toMatchObject({ generation: 1 });
    const w2 = makeWorker(env, { name: 'w2', journalDir: journal('e-other'), clock });
    expect((await collect(w2.connector.listCustomers(config))).values).toHaveLength(12);
    expect(env.sandbox.stats()).toMatchObject({ renewals: 1, reusedRefreshTokens: 0 });
  });

  it('workers racing for the token renew exactly once', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const workers = ['r1', 'r2', 'r3', 'r4', 'r5'].map((name) =>
      makeWorker(env, { name, journalDir: journal('race') }),
    );
    const results = await Promise.all(
      workers.map((w, i) =>
        i % 2 ? w.connector.verifyConnectivity(config) : collect(w.connector.listCustomers(config)),
      ),
    );
    for (const r of results)
      expect('outcome' in r ? r.outcome : (r as { values: unknown[] }).values.length).toEqual(expect.anything());
    expect(results.filter((r) => 'outcome' in r).every((r) => (r as { outcome: string }).outcome === 'VERIFIED')).toBe(
      true,
    );
    expect(env.sandbox.stats()).toMatchObject({ renewals: 1, refusedRenewals: 0, reusedRefreshTokens: 0 });
  });

  it('a renewal that outlives its lease: the worker taking over waits for its marker instead of reusing the token', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    env.sandbox.setFaults({ slow: { kind: 'token', firstN: 1, delayInMs: 600 } });
    try {
      const shortLease = { leaseDurationInMs: 150, clockSkewInMs: 0 };
      const slow = makeWorker(env, { name: 'slow', journalDir: journal('f'), store: shortLease });
      const next = makeWorker(env, {
        name: 'next',
        journalDir: journal('f'),
        store: shortLease,
        token: { pendingPollIntervalInMs: 50, pendingStaleAfterInMs: 10_000 },
      });
      const first = collect(slow.connector.listCustomers(config));
      await new Promise((r) => setTimeout(r, 300));
      const second = collect(next.connector.listCustomers(config));
      const [a, b] = await Promise.all([first, second]);
      expect(a.values).toHaveLength(12);
      expect(b.values).toHaveLength(12);
      expect(env.sandbox.stats()).toMatchObject({ renewals: 1, refusedRenewals: 0, reusedRefreshTokens: 0 });
      expect(slow.logLines.join('\n')).toMatch(/written after the lease ran out/);
    } finally {
      env.sandbox.setFaults({});
    }
  });

  it('Ion unreachable before the request left: the marker is cleared, the error is retryable, the next run renews at once', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const clock = new FakeClock();
    const w1 = makeWorker(env, { name: 'w1', journalDir: journal('g'), clock });
    w1.http.before = (req) => {
      if (isTokenRequest(req.url))
        throw new W365Error(HttpErrorCodes.Unreachable, 'ion cannot be reached (ECONNREFUSED).', {
          retryable: true,
          cause: { code: 'ECONNREFUSED' },
        });
    };
    const err = await caught(collect(w1.connector.listCustomers(config)));
    expect(err).toMatchObject({ code: 'PROVIDER_UNREACHABLE', retryable: true });
    expect((await storedState(env, config.providerId)).state?.pending).toBeUndefined();
    const w2 = makeWorker(env, { name: 'w2', journalDir: journal('g'), clock });
    expect((await collect(w2.connector.listCustomers(config))).values).toHaveLength(12);
    expect(clock.sleeps).toEqual([]);
    expect(env.sandbox.stats()).toMatchObject({ renewals: 1, reusedRefreshTokens: 0 });
  });

  it('an answer lost in transit after Ion consumed the token: the admin is told the renewal was interrupted', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    env.sandbox.setFaults({ dropTokenAnswers: 1 });
    try {
      const w1 = makeWorker(env, { name: 'w1', journalDir: journal('h') });
      const err = await caught(collect(w1.connector.listCustomers(config)));
      expect(err.code).toBe('PROVIDER_CREDENTIALS_REJECTED');
      expect(err.message).toMatch(/interrupted after Ion may have accepted it/);
      expect(env.sandbox.stats().droppedTokenAnswers).toBe(1);
    } finally {
      env.sandbox.setFaults({});
    }
  });

  it('Dataverse refuses to save the renewal: ION_TOKEN_NOT_SAVED (retryable), and the next run saves it from the journal', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const w1 = makeWorker(env, { name: 'w1', journalDir: journal('i') });
    let refuse = true;
    w1.store.beforeWrite = (s) => {
      if (refuse && s?.generation === 1 && !s.pending) {
        refuse = false;
        throw new W365Error(
          'DATAVERSE_UNREACHABLE',
          'PATCH /api/data/v9.2/w365_providers(...): Dataverse cannot be reached (ECONNRESET).',
          { retryable: true },
        );
      }
    };
    const err = await caught(collect(w1.connector.listCustomers(config)));
    expect(err).toMatchObject({ code: 'ION_TOKEN_NOT_SAVED', retryable: true });
    expect(err.message).toMatch(/do not request new credentials yet/);
    expect((await collect(w1.connector.listCustomers(config))).values).toHaveLength(12);
    expect(env.sandbox.stats()).toMatchObject({ renewals: 1, reusedRefreshTokens: 0 });
  });

  it('a refused chain: jobs fail fast, Verify Connectivity tries once more (and revives it when Ion accepts again)', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    env.sandbox.setFaults({ rejectRefreshTokens: true });
    const w = makeWorker(env, { name: 'w', journalDir: journal('j') });
    const verify = await w.connector.verifyConnectivity(config);
    expect(verify).toMatchObject({ outcome: 'PROVIDER_CREDENTIALS_REJECTED', step: 'token' });
    expect(verify.message).toMatch(/refused the stored refresh token.*Request New Credentials/);
    const requests = env.sandbox.stats().tokenRequests;
    expect((await caught(collect(w.connector.listCustomers(config)))).code).toBe('PROVIDER_CREDENTIALS_REJECTED');
    expect(env.sandbox.stats().tokenRequests).toBe(requests);
    env.sandbox.setFaults({});
    // The refusal was the fault's, the token was never consumed: Verify revives the chain.
    expect((await w.connector.verifyConnectivity(config)).outcome).toBe('VERIFIED');
    expect((await collect(w.connector.listCustomers(config))).values).toHaveLength(12);
  });

  it('an access token Ion no longer accepts is replaced once, under the lease', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const w = makeWorker(env, { name: 'w', journalDir: journal('k') });
    await collect(w.connector.listCustomers(config));
    const { state } = await storedState(env, config.providerId);
    await env.dv.update(Tables.provider.entitySetName, config.providerId, {
      [Tables.provider.col.tokenState]: encodeState({ ...state!, accessToken: 'REVOKEDACCESSTOKEN000000000000' }),
    });
    const fresh = makeWorker(env, { name: 'w2', journalDir: journal('k') });
    expect((await collect(fresh.connector.listSubscriptions(config))).values.length).toBeGreaterThan(10);
    expect(env.sandbox.stats()).toMatchObject({ renewals: 2, reusedRefreshTokens: 0 });
  });

  it('a damaged token state starts again from the Password (and says so when that token is used up)', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    await env.dv.update(Tables.provider.entitySetName, config.providerId, {
      [Tables.provider.col.tokenState]: '{not json',
    });
    const w = makeWorker(env, { name: 'w', journalDir: journal('l') });
    expect((await collect(w.connector.listCustomers(config))).values).toHaveLength(12);
    expect(w.logLines.join('\n')).toMatch(/cannot be read; starting again/);
    await env.dv.update(Tables.provider.entitySetName, config.providerId, {
      [Tables.provider.col.tokenState]: '{not json',
    });
    const later = makeWorker(env, { name: 'w2', journalDir: journal('l') });
    const err = await caught(collect(later.connector.listCustomers(config)));
    expect(err.code).toBe('PROVIDER_CREDENTIALS_REJECTED');
  });

  it('no token ever reaches a log line or an error message', async () => {
    const config = await createProvider(env, env.sandbox.newCredentials());
    const w = makeWorker(env, { name: 'w', journalDir: journal('m') });
    await collect(w.connector.listCustomers(config));
    const { state } = await storedState(env, config.providerId);
    env.sandbox.setFaults({ rejectRefreshTokens: true });
    await env.dv.update(Tables.provider.entitySetName, config.providerId, {
      [Tables.provider.col.tokenState]: encodeState({ ...state!, accessTokenExpiresAt: new Date(0).toISOString() }),
    });
    const later = makeWorker(env, { name: 'w2', journalDir: journal('m') });
    const err = await caught(collect(later.connector.listCustomers(config)));
    env.sandbox.setFaults({});
    const secrets = [config.password as string, state!.refreshToken, state!.accessToken as string];
    const text = [...w.logLines, ...later.logLines, err.message, JSON.stringify((err as W365Error).details ?? {})].join(
      '\n',
    );
    for (const secret of secrets) expect(text).not.toContain(secret);
    // The lines that were checked are the interesting ones: a renewal and a refusal.
    expect(text).toMatch(/Ion token renewed and stored/);
    expect(text).toMatch(/Ion refused the stored refresh token/);
  });
});
