/**
 * The migration plan, pure: pair each manual subscription with the synced one of the same customer and
 * SKU. One manual and one synced in a (customer, SKU) group pair at once; with several on either side a
 * unique equal quantity decides; anything else is listed as ambiguous for a person, never guessed.
 */
export interface MigrationSubscription {
  id: string;
  name: string;
  customerId?: string;
  customerName?: string;
  sku?: string;
  quantity: number;
  /** License Change Log entries other than Create (what moves). */
  movableEntries: number;
  /** Sum of the deltas of those entries. */
  movableDelta: number;
}

export interface MigrationPair {
  manual: MigrationSubscription;
  synced: MigrationSubscription;
}

export interface MigrationPlan {
  pairs: MigrationPair[];
  unpaired: { manual: MigrationSubscription; reason: string }[];
  ambiguous: { manual: MigrationSubscription[]; synced: MigrationSubscription[]; reason: string }[];
}

const groupKey = (s: MigrationSubscription) =>
  `${(s.customerId ?? '').toLowerCase()}|${(s.sku ?? '').trim().toUpperCase()}`;

export function planMigration(
  manual: readonly MigrationSubscription[],
  synced: readonly MigrationSubscription[],
): MigrationPlan {
  const plan: MigrationPlan = { pairs: [], unpaired: [], ambiguous: [] };
  const syncedByKey = new Map<string, MigrationSubscription[]>();
  for (const s of synced) {
    if (!s.customerId || !s.sku) continue;
    const list = syncedByKey.get(groupKey(s)) ?? [];
    list.push(s);
    syncedByKey.set(groupKey(s), list);
  }
  const manualByKey = new Map<string, MigrationSubscription[]>();
  for (const m of manual) {
    if (!m.customerId) {
      plan.unpaired.push({ manual: m, reason: 'It has no customer.' });
      continue;
    }
    if (!m.sku) {
      plan.unpaired.push({ manual: m, reason: 'Neither it nor its product has a Provider Part Number (SKU).' });
      continue;
    }
    const list = manualByKey.get(groupKey(m)) ?? [];
    list.push(m);
    manualByKey.set(groupKey(m), list);
  }
  const byName = (a: MigrationSubscription, b: MigrationSubscription) =>
    a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  for (const [key, ms] of [...manualByKey.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const ss = [...(syncedByKey.get(key) ?? [])].sort(byName);
    ms.sort(byName);
    if (!ss.length) {
      for (const m of ms)
        plan.unpaired.push({
          manual: m,
          reason: `No synced subscription of ${m.customerName ?? 'this customer'} has SKU ${m.sku}. Sync subscriptions first, or check the SKU.`,
        });
      continue;
    }
    if (ms.length === 1 && ss.length === 1) {
      plan.pairs.push({ manual: ms[0], synced: ss[0] });
      continue;
    }
    // Several on one side: pair those whose quantity is equal on exactly one manual and one synced.
    const restM: MigrationSubscription[] = [];
    const usedS = new Set<string>();
    for (const m of ms) {
      const sameQ = ss.filter((s) => s.quantity === m.quantity);
      const sameQManual = ms.filter((x) => x.quantity === m.quantity);
      if (sameQ.length === 1 && sameQManual.length === 1 && !usedS.has(sameQ[0].id)) {
        plan.pairs.push({ manual: m, synced: sameQ[0] });
        usedS.add(sameQ[0].id);
      } else restM.push(m);
    }
    const restS = ss.filter((s) => !usedS.has(s.id));
    if (restM.length && restS.length) {
      plan.ambiguous.push({
        manual: restM,
        synced: restS,
        reason: `${restM.length} manual and ${restS.length} synced subscriptions share customer and SKU ${ms[0].sku}, and quantities do not tell them apart: pair them by hand.`,
      });
    } else {
      for (const m of restM)
        plan.unpaired.push({
          manual: m,
          reason: `Every synced subscription with SKU ${m.sku} for this customer is already paired.`,
        });
    }
  }
  return plan;
}

export function describePlan(plan: MigrationPlan, applied: boolean): string {
  const lines: string[] = [];
  const verb = applied ? 'Migrated' : 'Would migrate';
  lines.push(
    `${verb} ${plan.pairs.length} manual subscription${plan.pairs.length === 1 ? '' : 's'}; ${plan.unpaired.length} unpaired; ${plan.ambiguous.length} ambiguous group${plan.ambiguous.length === 1 ? '' : 's'}.`,
  );
  for (const p of plan.pairs) {
    lines.push(
      `  pair: "${p.manual.name}" (manual, ${p.manual.quantity}) -> "${p.synced.name}" (synced, ${p.synced.quantity}) for ${p.manual.customerName ?? p.manual.customerId}, SKU ${p.manual.sku}: ${p.manual.movableEntries} log entr${p.manual.movableEntries === 1 ? 'y' : 'ies'} to move`,
    );
  }
  for (const u of plan.unpaired)
    lines.push(
      `  unpaired: "${u.manual.name}" for ${u.manual.customerName ?? u.manual.customerId ?? '?'}: ${u.reason}`,
    );
  for (const a of plan.ambiguous)
    lines.push(
      `  ambiguous: ${a.manual.map((m) => `"${m.name}"`).join(', ')} vs ${a.synced.map((s) => `"${s.name}"`).join(', ')}: ${a.reason}`,
    );
  return lines.join('\n');
}
