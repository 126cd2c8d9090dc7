import { describePlan, planMigration, type MigrationSubscription } from '../../../plugins/sync/migration/plan';

const sub = (
  id: string,
  customerId: string | undefined,
  sku: string | undefined,
  quantity: number,
  name = id,
): MigrationSubscription => ({
  id,
  name,
  customerId,
  customerName: customerId,
  sku,
  quantity,
  movableEntries: 2,
  movableDelta: 3,
});

describe('migration plan', () => {
  it('pairs one manual and one synced subscription of the same customer and SKU', () => {
    const plan = planMigration(
      [sub('m1', 'c1', 'SKU1', 10)],
      [sub('s1', 'c1', 'SKU1', 12), sub('s2', 'c2', 'SKU1', 10)],
    );
    expect(plan.pairs.map((p) => [p.manual.id, p.synced.id])).toEqual([['m1', 's1']]);
    expect(plan.unpaired).toEqual([]);
  });

  it('matches SKUs regardless of case and surrounding spaces', () => {
    expect(planMigration([sub('m1', 'c1', ' sku1 ', 1)], [sub('s1', 'c1', 'SKU1', 1)]).pairs).toHaveLength(1);
  });

  it('uses a unique equal quantity to tell several apart, and leaves the rest ambiguous, never guessed', () => {
    const plan = planMigration(
      [sub('m1', 'c1', 'A', 5), sub('m2', 'c1', 'A', 7), sub('m3', 'c1', 'A', 9), sub('m4', 'c1', 'A', 9)],
      [sub('s1', 'c1', 'A', 7), sub('s2', 'c1', 'A', 9), sub('s3', 'c1', 'A', 11)],
    );
    expect(plan.pairs.map((p) => [p.manual.id, p.synced.id])).toEqual([['m2', 's1']]);
    expect(plan.ambiguous).toHaveLength(1);
    expect(plan.ambiguous[0].manual.map((m) => m.id).sort()).toEqual(['m1', 'm3', 'm4']);
    expect(plan.ambiguous[0].synced.map((s) => s.id).sort()).toEqual(['s2', 's3']);
  });

  it('lists manual subscriptions without a customer, a SKU or a synced twin as unpaired, with the reason', () => {
    const plan = planMigration(
      [sub('m1', undefined, 'A', 1), sub('m2', 'c1', undefined, 1), sub('m3', 'c1', 'B', 1)],
      [sub('s1', 'c1', 'A', 1)],
    );
    expect(plan.pairs).toEqual([]);
    expect(plan.unpaired.map((u) => [u.manual.id, u.reason])).toEqual([
      ['m1', 'It has no customer.'],
      ['m2', expect.stringContaining('Provider Part Number')],
      ['m3', expect.stringContaining('has SKU B')],
    ]);
    expect(describePlan(plan, false)).toMatch(/^Would migrate 0 manual subscriptions; 3 unpaired/);
  });
});
