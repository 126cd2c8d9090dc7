/**
 * Applying a migration plan: for each pair, in one change set, move the manual subscription's License
 * Change Log entries (all but its Create entry) to the synced subscription, add one balancing entry
 * (source Migration) so that the synced subscription's log still sums to its quantity, and deactivate
 * the manual subscription. A second run finds no active manual subscription to pair and changes nothing.
 */
import { Tables } from '../../../solution/schema';
import type { BatchOperation } from '../../dataverse/batch';
import type { DataverseClient } from '../../dataverse/client';
import { writeUnits } from '../../dataverse/writer';
import { logEntryBody } from '../subscriptions/license-log';
import type { MigrationPair, MigrationPlan } from './plan';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;
/** Leaves room in one change set for the balancing entry and the deactivation. */
const MAX_MOVES_PER_CHANGE_SET = 990;

export interface ApplyResult {
  migrated: MigrationPair[];
  failed: { pair: MigrationPair; message: string }[];
  movedEntries: number;
}

export function pairOperations(
  pair: MigrationPair,
  entries: readonly { id: string; delta: number }[],
  jobId: string | undefined,
  now: Date,
): BatchOperation[][] {
  const moves: BatchOperation[] = entries.map((e) => ({
    method: 'PATCH',
    path: `${L.entitySetName}(${e.id})`,
    body: { [`${L.nav.subscription}@odata.bind`]: `/${S.entitySetName}(${pair.synced.id})` },
    headers: { 'If-Match': '*' },
  }));
  const delta = entries.reduce((n, e) => n + e.delta, 0);
  const closing: BatchOperation[] = [];
  if (delta !== 0) {
    closing.push({
      method: 'POST',
      path: L.entitySetName,
      body: logEntryBody({
        subscriptionId: pair.synced.id,
        subscriptionName: `${pair.synced.name} (balances history moved from ${pair.manual.name})`,
        changeType: delta > 0 ? 'Decrease' : 'Increase',
        quantityDelta: -delta,
        quantityAfter: pair.synced.quantity,
        changeKey: `migration:${pair.manual.id}:balance`,
        jobId,
        effectiveDate: now.toISOString(),
        source: 'Migration',
      }),
    });
  }
  closing.push({
    method: 'PATCH',
    path: `${S.entitySetName}(${pair.manual.id})`,
    body: { [S.col.stateCode]: 1, [S.col.statusCode]: 2 },
    headers: { 'If-Match': '*' },
  });
  // Normally one change set; a manual subscription with a very long history is moved in several, the
  // last one deactivating it, so that a rerun after a failure simply moves the rest.
  const sets: BatchOperation[][] = [];
  for (let i = 0; i < moves.length; i += MAX_MOVES_PER_CHANGE_SET)
    sets.push(moves.slice(i, i + MAX_MOVES_PER_CHANGE_SET));
  if (!sets.length || sets[sets.length - 1].length + closing.length > 1000) sets.push([]);
  sets[sets.length - 1].push(...closing);
  return sets;
}

export async function applyMigration(
  dv: DataverseClient,
  plan: MigrationPlan,
  entries: Map<string, { id: string; delta: number }[]>,
  options: { jobId?: string; now?: Date; signal?: AbortSignal },
): Promise<ApplyResult> {
  const now = options.now ?? new Date();
  const units = plan.pairs.flatMap((pair) =>
    pairOperations(pair, entries.get(pair.manual.id) ?? [], options.jobId, now).map((operations) => ({
      operations,
      tag: pair,
    })),
  );
  const results = await writeUnits(dv, units, { signal: options.signal });
  const failed = new Map<string, string>();
  for (const r of results)
    if (!r.ok)
      failed.set(r.tag.manual.id, `${r.error?.message ?? 'unknown error'} (${r.error?.code || r.error?.status})`);
  const migrated = plan.pairs.filter((p) => !failed.has(p.manual.id));
  return {
    migrated,
    failed: plan.pairs
      .filter((p) => failed.has(p.manual.id))
      .map((pair) => ({ pair, message: failed.get(pair.manual.id) as string })),
    movedEntries: migrated.reduce((n, p) => n + p.manual.movableEntries, 0),
  };
}
