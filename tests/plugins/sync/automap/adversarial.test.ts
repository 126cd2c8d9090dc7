/**
 * Property-style tests that try hard to make an automatic decision wrong: thousands of small worlds of
 * near-duplicate names (worlds.ts), then the realistic generated data of the benchmark.
 * "Guessing wrong is worse than not guessing": every `auto` must be right, always.
 */
import { automap, AutomapDecision, normaliseName } from '../../../../plugins/sync/automap';
import { generateAutomapData, scoreAgainstTruth } from '../../../../scripts/bench/automap';
import { BASES, makeWorld, shuffled } from './worlds';

const WORLDS = 3000;

describe('adversarial worlds', () => {
  it('are built from names that really are different companies (distinct once normalised)', () => {
    const keys = BASES.map((b) => normaliseName(b).key);
    expect(new Set(keys).size).toBe(BASES.length);
  });

  it('never map automatically to a wrong CRM account', () => {
    const wrong: string[] = [];
    let autos = 0;
    for (let seed = 1; seed <= WORLDS; seed++) {
      const world = makeWorld(seed);
      const decisions = automap({
        providerAccounts: world.providerAccounts,
        crmAccounts: world.crmAccounts,
        mappedCrmAccountIds: world.mapped,
      });
      for (const d of decisions) {
        if (d.decision !== 'auto') continue;
        autos++;
        if (!world.truth.get(d.providerAccountId)!.has(d.crmAccountId!)) {
          const p = world.providerAccounts.find((a) => a.id === d.providerAccountId)!;
          const c = world.crmAccounts.find((a) => a.id === d.crmAccountId)!;
          wrong.push(`seed ${seed}: ${JSON.stringify(p)} -> ${JSON.stringify(c)} (${d.reason})`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The worlds must leave room for automatic decisions, or the property says nothing.
    expect(autos).toBeGreaterThan(WORLDS);
  });

  it('keep the invariants: one decision per provider account, mapped accounts never proposed, one auto per CRM account', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const world = makeWorld(seed);
      const decisions = automap({
        providerAccounts: world.providerAccounts,
        crmAccounts: world.crmAccounts,
        mappedCrmAccountIds: world.mapped,
      });
      expect(decisions.map((d) => d.providerAccountId)).toEqual(world.providerAccounts.map((p) => p.id));
      const autoTargets = decisions.filter((d) => d.decision === 'auto').map((d) => d.crmAccountId);
      expect(new Set(autoTargets).size).toBe(autoTargets.length);
      for (const d of decisions) {
        if (d.crmAccountId !== undefined) expect(world.mapped.has(d.crmAccountId)).toBe(false);
        expect(d.score).toBeGreaterThanOrEqual(0);
        expect(d.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it('give the same decisions whatever the order of the accounts', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const world = makeWorld(seed);
      const byProvider = (ds: AutomapDecision[]) => new Map(ds.map((d) => [d.providerAccountId, d]));
      const first = byProvider(
        automap({
          providerAccounts: world.providerAccounts,
          crmAccounts: world.crmAccounts,
          mappedCrmAccountIds: world.mapped,
        }),
      );
      const again = byProvider(
        automap({
          providerAccounts: shuffled(world.providerAccounts, seed + 1),
          crmAccounts: shuffled(world.crmAccounts, seed + 2),
          mappedCrmAccountIds: world.mapped,
        }),
      );
      expect(again).toEqual(first);
    }
  });
});

describe('realistic generated data (the benchmark generator, smaller)', () => {
  it.each([1, 2, 3])(
    'seed %i: no automatic decision is wrong, and suggestions name the right account for most of the rest',
    (seed) => {
      const data = generateAutomapData({ providerAccounts: 1500, crmAccounts: 15000, seed });
      const decisions = automap({
        providerAccounts: data.providerAccounts,
        crmAccounts: data.crmAccounts,
        mappedCrmAccountIds: data.mappedCrmAccountIds,
      });
      const counts = scoreAgainstTruth(decisions, data.truth);
      expect(counts.auto_wrong).toBe(0);
      // Most customers that are in the CRM are mapped automatically ...
      expect(counts.matchable_auto / counts.matchable).toBeGreaterThan(0.7);
      // ... and for most of the others the suggestion is the right account: one click each.
      expect(counts.suggest_right / (counts.matchable - counts.matchable_auto)).toBeGreaterThan(0.8);
    },
  );

  it('is deterministic: the same input gives exactly the same output', () => {
    const data = generateAutomapData({ providerAccounts: 500, crmAccounts: 5000, seed: 7 });
    const input = {
      providerAccounts: data.providerAccounts,
      crmAccounts: data.crmAccounts,
      mappedCrmAccountIds: data.mappedCrmAccountIds,
    };
    expect(automap(input)).toEqual(automap(input));
  });
});
