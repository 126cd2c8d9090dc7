/**
 * Applying a migration plan: for each pair, in one change set, move the manual subscription's License
 * Change Log entries (all but its Create entry) to the synced subscription, add one balancing entry
 * (source Migration) so that the synced subscription's log still sums to its quantity, and deactivate
 * the manual subscription. A second run finds no active manual subscription to pair and changes nothing.
 */
import { Tables } from '../../../solution/schema';
import type { DataverseApi } from '../../dataverse/api';
import { BatchedWriter } from '../../dataverse/batched-writer';
import { bind, updateRow, type WriteIntent } from '../../dataverse/intents';
import { logEntryIntent } from '../subscriptions/license-log';
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

/**
 * The change sets of one pair: normally one; a manual subscription with a very long history is moved in
 * several, the last one deactivating it, so that a rerun after a failure simply moves the rest.
 */
export function pairIntents(
  pair: MigrationPair,
  entries: readonly { id: string; delta: number }[],
  jobId: string | undefined,
  now: Date,
): WriteIntent[][] {
  const moves = entries.map((e) => updateRow(L, e.id, { lookups: { [L.col.subscription]: bind(S, pair.synced.id) } }));
  const closing = [...balancingEntry(pair, entries, jobId, now), deactivation(pair)];
  const sets: WriteIntent[][] = [];
  for (let i = 0; i < moves.length; i += MAX_MOVES_PER_CHANGE_SET)
    sets.push(moves.slice(i, i + MAX_MOVES_PER_CHANGE_SET));
  if (!sets.length || sets[sets.length - 1].length + closing.length > 1000) sets.push([]);
  sets[sets.length - 1].push(...closing);
  return sets;
}

/** One entry (source Migration) so that the synced subscription's log still sums to its quantity. */
function balancingEntry(
  pair: MigrationPair,
  entries: readonly { delta: number }[],
  jobId: string | undefined,
  now: Date,
): WriteIntent[] {
  const delta = entries.reduce((n, e) => n + e.delta, 0);
  if (delta === 0) return [];
  return [
    logEntryIntent({
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
  ];
}

function deactivation(pair: MigrationPair): WriteIntent {
  return updateRow(S, pair.manual.id, { values: { [S.col.stateCode]: 1, [S.col.statusCode]: 2 } });
}

export async function applyMigration(
  dv: DataverseApi,
  plan: MigrationPlan,
  entries: Map<string, { id: string; delta: number }[]>,
  options: { jobId?: string; now?: Date; signal?: AbortSignal; checkpoint?: () => Promise<void> },
): Promise<ApplyResult> {
  const now = options.now ?? new Date();
  const failed = new Map<string, string>();
  const write = async (sets: { pair: MigrationPair; intents: WriteIntent[] }[]) => {
    const writer = new BatchedWriter<MigrationPair>(dv, {
      signal: options.signal,
      beforeFlush: options.checkpoint,
      onResult: (r) => {
        if (!r.ok)
          failed.set(r.tag.manual.id, `${r.error?.message ?? 'unknown error'} (${r.error?.code || r.error?.status})`);
      },
    });
    for (const { pair, intents } of sets) await writer.add({ intents, tag: pair });
    await writer.flush();
  };
  // A long history moves in several change sets; the last one (which deactivates the manual
  // subscription) goes only once every earlier one landed, so a failure never deactivates a
  // subscription whose history was only partly moved. A rerun moves the rest.
  const byPair = plan.pairs.map((pair) => ({
    pair,
    sets: pairIntents(pair, entries.get(pair.manual.id) ?? [], options.jobId, now),
  }));
  await write(byPair.flatMap(({ pair, sets }) => sets.slice(0, -1).map((intents) => ({ pair, intents }))));
  await write(
    byPair
      .filter(({ pair }) => !failed.has(pair.manual.id))
      .map(({ pair, sets }) => ({ pair, intents: sets[sets.length - 1] })),
  );
  const migrated = plan.pairs.filter((p) => !failed.has(p.manual.id));
  return {
    migrated,
    failed: plan.pairs
      .filter((p) => failed.has(p.manual.id))
      .map((pair) => ({ pair, message: failed.get(pair.manual.id) as string })),
    movedEntries: migrated.reduce((n, p) => n + p.manual.movableEntries, 0),
  };
}
