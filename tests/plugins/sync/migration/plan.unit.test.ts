/**
 * product.md flow 8, pairing manual subscriptions with synced ones (same customer and SKU), as rows:
 * each rule says which pairs, ambiguous groups and unpaired subscriptions come out. The basic cases
 * (one-to-one, SKU case, reasons for unpaired) are in tests/plugins/sync/migration-plan.unit.test.ts.
 */
import {
  describePlan,
  planMigration,
  type MigrationPlan,
  type MigrationSubscription,
} from '../../../../plugins/sync/migration/plan';

const C1 = '0d7e3c1a-0000-4000-8000-0000000000c1';
const C2 = '0d7e3c1a-0000-4000-8000-0000000000c2';

function sub(id: string, quantity: number, over: Partial<MigrationSubscription> = {}): MigrationSubscription {
  return {
    id,
    name: id,
    customerId: C1,
    customerName: 'Contoso',
    sku: 'E3',
    quantity,
    movableEntries: 1,
    movableDelta: 0,
    ...over,
  };
}

/** The plan in short: pairs as "manual>synced", ambiguous groups as "m,m|s,s", unpaired ids. */
function shape(plan: MigrationPlan) {
  return {
    pairs: plan.pairs.map((p) => `${p.manual.id}>${p.synced.id}`),
    ambiguous: plan.ambiguous.map(
      (a) => `${a.manual.map((m) => m.id).join(',')}|${a.synced.map((s) => s.id).join(',')}`,
    ),
    unpaired: plan.unpaired.map((u) => u.manual.id),
  };
}

describe('planMigration (flow 8)', () => {
  it.each<[string, MigrationSubscription[], MigrationSubscription[], ReturnType<typeof shape>]>([
    [
      'the customer matches whatever the case of its id',
      [sub('m1', 5, { customerId: C1.toUpperCase() })],
      [sub('s1', 5)],
      { pairs: ['m1>s1'], ambiguous: [], unpaired: [] },
    ],
    [
      'another customer with the same SKU is never a twin',
      [sub('m1', 5)],
      [sub('s1', 5, { customerId: C2 })],
      { pairs: [], ambiguous: [], unpaired: ['m1'] },
    ],
    [
      'a synced subscription without a customer or SKU never pairs',
      [sub('m1', 5)],
      [sub('s1', 5, { customerId: undefined }), sub('s2', 5, { sku: undefined })],
      { pairs: [], ambiguous: [], unpaired: ['m1'] },
    ],
    [
      'one manual, one synced: they pair whatever their quantities',
      [sub('m1', 5)],
      [sub('s1', 50)],
      { pairs: ['m1>s1'], ambiguous: [], unpaired: [] },
    ],
    [
      'one manual, two synced: a unique equal quantity decides',
      [sub('m1', 7)],
      [sub('s1', 5), sub('s2', 7)],
      { pairs: ['m1>s2'], ambiguous: [], unpaired: [] },
    ],
    [
      'one manual, two synced, no equal quantity: ambiguous, for a person',
      [sub('m1', 9)],
      [sub('s1', 5), sub('s2', 7)],
      { pairs: [], ambiguous: ['m1|s1,s2'], unpaired: [] },
    ],
    [
      'two manual with the same quantity and one synced with it: ambiguous, neither is guessed',
      [sub('m1', 5), sub('m2', 5)],
      [sub('s1', 5)],
      { pairs: [], ambiguous: ['m1,m2|s1'], unpaired: [] },
    ],
    [
      'two manual, one synced: the equal quantity pairs, the other is unpaired (its twin is taken)',
      [sub('m1', 5), sub('m2', 9)],
      [sub('s1', 5)],
      { pairs: ['m1>s1'], ambiguous: [], unpaired: ['m2'] },
    ],
    [
      'two and two with distinct equal quantities: each pairs with its own',
      [sub('m1', 5), sub('m2', 9)],
      [sub('s1', 9), sub('s2', 5)],
      { pairs: ['m1>s2', 'm2>s1'], ambiguous: [], unpaired: [] },
    ],
  ])('%s', (_rule, manual, synced, expected) => {
    expect(shape(planMigration(manual, synced))).toEqual(expected);
  });

  it('a synced subscription is paired at most once', () => {
    const plan = planMigration([sub('m1', 5), sub('m2', 9, { sku: 'e3 ' })], [sub('s1', 5), sub('s2', 1)]);
    const synced = plan.pairs.map((p) => p.synced.id);
    expect(new Set(synced).size).toBe(synced.length);
  });

  it('the same subscriptions in another order give the same plan (a dry run and the run agree)', () => {
    const manual = [sub('m2', 9, { name: 'b' }), sub('m1', 5, { name: 'a' }), sub('m3', 1, { sku: 'E5', name: 'c' })];
    const synced = [sub('s2', 5), sub('s1', 9), sub('s3', 1, { sku: 'E5' })];
    expect(shape(planMigration([...manual].reverse(), [...synced].reverse()))).toEqual(
      shape(planMigration(manual, synced)),
    );
  });

  it('describes a dry run as what it would do and a run as what it did, pair by pair', () => {
    const plan = planMigration([sub('Manual E3', 5, { movableEntries: 1 })], [sub('Synced E3', 5)]);
    expect(describePlan(plan, false).split('\n')).toEqual([
      'Would migrate 1 manual subscription; 0 unpaired; 0 ambiguous groups.',
      '  pair: "Manual E3" (manual, 5) -> "Synced E3" (synced, 5) for Contoso, SKU E3: 1 log entry to move',
    ]);
    expect(describePlan(plan, true)).toMatch(/^Migrated 1 manual subscription;/);
  });
});
