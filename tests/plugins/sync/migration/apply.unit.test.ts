/**
 * product.md flow 8, applying a pair: the manual subscription's history (all but its Create entry)
 * moves to the synced one, one balancing entry keeps the synced log summing to its quantity, and the
 * manual subscription is deactivated, in one change set (or several for a very long history).
 */
import { Choices, Tables } from '../../../../solution/schema';
import { applyMigration, pairIntents } from '../../../../plugins/sync/migration/apply';
import type { MigrationPair, MigrationSubscription } from '../../../../plugins/sync/migration/plan';
import { stableId } from '../../../../plugins/sync/ids';
import { FakeDataverseApi } from '../../dataverse/fakes/fake-dataverse-api';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;
const JOB_ID = '0e8f4d2b-0000-4000-8000-0000000000b1';
const NOW = new Date('2026-03-01T09:00:00.000Z');

const guid = (n: number) => `0e8f4d2b-0000-4000-8000-${String(n).padStart(12, '0')}`;
const subscription = (n: number, quantity: number): MigrationSubscription => ({
  id: guid(n),
  name: `Subscription ${n}`,
  customerId: guid(900),
  sku: 'E3',
  quantity,
  movableEntries: 0,
  movableDelta: 0,
});
const PAIR: MigrationPair = { manual: subscription(1, 10), synced: subscription(2, 10) };
const entries = (...deltas: number[]) => deltas.map((delta, i) => ({ id: guid(1000 + i), delta }));

describe('pairIntents (flow 8)', () => {
  it('moves every entry to the synced subscription: an update of the entry, never a create', () => {
    const [set] = pairIntents(PAIR, entries(3, -1), JOB_ID, NOW);
    const moves = set.filter((i) => i.table === L && i.kind === 'update');
    expect(moves).toEqual(
      entries(3, -1).map((e) =>
        expect.objectContaining({
          id: e.id,
          etag: '*',
          changes: { values: {}, lookups: { [L.col.subscription]: { table: S, id: PAIR.synced.id } } },
        }),
      ),
    );
  });

  it.each([
    ['history that added licences is balanced by a Decrease', [5, 2], 'Decrease', -7],
    ['history that removed licences is balanced by an Increase', [2, -6], 'Increase', 4],
  ])('%s on the synced subscription (source Migration)', (_rule, deltas, type, delta) => {
    const [set] = pairIntents(PAIR, entries(...deltas), JOB_ID, NOW);
    const balance = set.filter((i) => i.kind === 'create');
    const key = `migration:${PAIR.manual.id}:balance`;
    expect(balance).toHaveLength(1);
    expect(balance[0].changes.values).toMatchObject({
      [L.col.id]: stableId('lcl', key),
      [L.col.changeKey]: key,
      [L.col.changeType]: Choices.changeType[type as 'Decrease' | 'Increase'],
      [L.col.quantityDelta]: delta,
      [L.col.quantityAfter]: PAIR.synced.quantity,
      [L.col.source]: Choices.changeSource.Migration,
    });
    expect(balance[0].changes.lookups).toMatchObject({
      [L.col.subscription]: { id: PAIR.synced.id },
      [L.col.syncJob]: { id: JOB_ID },
    });
  });

  it('history that sums to zero needs no balancing entry', () => {
    expect(pairIntents(PAIR, entries(4, -4), JOB_ID, NOW)[0].filter((i) => i.kind === 'create')).toEqual([]);
  });

  it('the manual subscription is deactivated, last, in the same change set', () => {
    const sets = pairIntents(PAIR, entries(1), JOB_ID, NOW);
    expect(sets).toHaveLength(1);
    expect(sets[0].at(-1)).toMatchObject({
      kind: 'update',
      table: S,
      id: PAIR.manual.id,
      changes: { values: { [S.col.stateCode]: 1, [S.col.statusCode]: 2 } },
    });
  });

  it('a manual subscription with no history to move is only deactivated', () => {
    expect(
      pairIntents(PAIR, [], JOB_ID, NOW).map((s) =>
        s.map((i) => [i.kind, i.table.logicalName, i.kind !== 'upsert' && 'id' in i ? i.id : '']),
      ),
    ).toEqual([[['update', S.logicalName, PAIR.manual.id]]]);
  });

  it.each([
    [990, [992]],
    [1980, [990, 992]],
    [2500, [990, 990, 522]],
  ])('a history of %i entries is split into change sets of at most 1,000: %j', (n, sizes) => {
    const history = entries(...Array.from({ length: n }, () => 1));
    const sets = pairIntents(PAIR, history, JOB_ID, NOW);
    expect(sets.map((s) => s.length)).toEqual(sizes);
    const moved = sets.flat().filter((i) => i.table === L && i.kind === 'update');
    expect(moved.map((i) => (i.kind === 'update' ? i.id : ''))).toEqual(history.map((e) => e.id));
    const deactivations = sets.map((s) => s.filter((i) => i.table === S).length);
    expect(deactivations).toEqual([...sizes.slice(1).map(() => 0), 1]); // only the last set deactivates
  });
});

describe('applyMigration over an in-memory Dataverse', () => {
  let dv: FakeDataverseApi;

  function seedPair(n: number, deltas: number[]) {
    const pair = { manual: subscription(n, 10), synced: subscription(n + 1, 10) };
    for (const s of [pair.manual, pair.synced])
      dv.seed(S, { [S.col.id]: s.id, [S.col.name]: s.name, [S.col.stateCode]: 0 });
    const history = deltas.map((delta, i) => ({ id: guid(n * 100 + i), delta }));
    for (const e of history)
      dv.seed(L, { [L.col.id]: e.id, [L.val.subscription]: pair.manual.id, [L.col.quantityDelta]: e.delta });
    pair.manual.movableEntries = history.length;
    return { pair, history };
  }

  beforeEach(() => {
    dv = new FakeDataverseApi();
  });

  it('moves the history, writes the balance and deactivates the manual subscription; a failed pair changes nothing of it', async () => {
    const good = seedPair(10, [2, 3]);
    const bad = seedPair(20, [1]);
    const missing = { id: guid(2999), delta: 4 }; // an entry deleted since the plan was read
    const result = await applyMigration(
      dv,
      { pairs: [good.pair, bad.pair], unpaired: [], ambiguous: [] },
      new Map([
        [good.pair.manual.id, good.history],
        [bad.pair.manual.id, [...bad.history, missing]],
      ]),
      { jobId: JOB_ID, now: NOW },
    );
    expect(result.migrated.map((p) => p.manual.id)).toEqual([good.pair.manual.id]);
    expect(result.failed.map((f) => f.pair.manual.id)).toEqual([bad.pair.manual.id]);
    expect(result.failed[0].message).toMatch(/404|Does Not Exist/);
    expect(result.movedEntries).toBe(2);
    for (const e of good.history) expect(dv.row(L, e.id)?.[L.val.subscription]).toBe(good.pair.synced.id);
    expect(dv.row(S, good.pair.manual.id)?.[S.col.stateCode]).toBe(1);
    expect(dv.row(L, stableId('lcl', `migration:${good.pair.manual.id}:balance`))?.[L.col.quantityDelta]).toBe(-5);
    expect(dv.row(L, bad.history[0].id)?.[L.val.subscription]).toBe(bad.pair.manual.id);
    expect(dv.row(S, bad.pair.manual.id)?.[S.col.stateCode]).toBe(0);
  });

  // A long history moves in several change sets with continue-on-error: the last one (balance and
  // deactivation) must not land when an earlier one failed, or the rest of the history is stranded.
  it('a long history whose first change set fails leaves the manual subscription active for a rerun', async () => {
    const { pair, history } = seedPair(
      10,
      Array.from({ length: 1985 }, () => 1),
    );
    const vanished = { id: guid(3999), delta: 1 }; // deleted since the plan was read: its move fails
    const result = await applyMigration(
      dv,
      { pairs: [pair], unpaired: [], ambiguous: [] },
      new Map([[pair.manual.id, [vanished, ...history]]]),
      { jobId: JOB_ID, now: NOW },
    );
    expect(result.failed.map((f) => f.pair.manual.id)).toEqual([pair.manual.id]);
    expect(dv.row(S, pair.manual.id)?.[S.col.stateCode]).toBe(0);
    expect(dv.row(L, stableId('lcl', `migration:${pair.manual.id}:balance`))).toBeUndefined();
    expect(dv.row(L, history.at(-1)!.id)?.[L.val.subscription]).toBe(pair.manual.id); // the rest waits for the rerun
  });

  it('checks the job may still write before it sends anything', async () => {
    const { pair, history } = seedPair(10, [2]);
    const stop = new Error('JOB_LEASE_LOST');
    await expect(
      applyMigration(dv, { pairs: [pair], unpaired: [], ambiguous: [] }, new Map([[pair.manual.id, history]]), {
        checkpoint: async () => Promise.reject(stop),
      }),
    ).rejects.toBe(stop);
    expect(dv.unitCalls).toEqual([]);
  });
});
