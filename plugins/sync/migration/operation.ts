/** Migrate Manual Subscriptions as a job: parameters `{"apply": false}` (dry run, the default) or `{"apply": true}`. */
import type { JobContext, OperationHandler, OperationResult } from '../../jobs/types';
import type { SyncDeps } from '../deps';
import { applyMigration } from './apply';
import { describePlan, planMigration, type MigrationPlan } from './plan';
import { readMigrationInput } from './read';
import { ProviderErrorCodes } from '../provider-config';
import { W365Error } from '../../../common/errors';

export interface MigrationOutcome extends OperationResult {
  plan: MigrationPlan;
}

export async function migrateManualSubscriptions(
  deps: SyncDeps,
  input: { providerId: string; apply: boolean; jobId?: string; signal?: AbortSignal; ctx?: JobContext },
): Promise<MigrationOutcome> {
  const data = await readMigrationInput(deps.dv, input.providerId, input.signal);
  const plan = planMigration(data.manual, data.synced);
  const ctx = input.ctx;
  for (const u of plan.unpaired)
    ctx?.item({
      severity: 'Warning',
      code: 'MIGRATION_UNPAIRED',
      message: `${u.manual.name}: ${u.reason}`,
      recordId: u.manual.id,
      recordName: u.manual.name,
    });
  for (const a of plan.ambiguous)
    ctx?.item({
      severity: 'Warning',
      code: 'MIGRATION_AMBIGUOUS',
      message: a.reason,
      recordName: a.manual.map((m) => m.name).join('; '),
    });
  const result = {
    pairs: plan.pairs.map((p) => ({ manual: p.manual, synced: p.synced })),
    unpaired: plan.unpaired,
    ambiguous: plan.ambiguous,
    applied: input.apply,
  };
  if (!input.apply) {
    ctx?.tally.add('unchanged', plan.pairs.length);
    return {
      plan,
      summary: `Dry run. ${describePlan(plan, false)}`,
      result,
      status: plan.pairs.length || plan.unpaired.length || plan.ambiguous.length ? undefined : 'NoChange',
    };
  }
  const applied = await applyMigration(deps.dv, plan, data.entries, {
    jobId: input.jobId,
    signal: input.signal,
    checkpoint: ctx ? () => ctx.checkpoint() : undefined,
  });
  if (ctx) {
    ctx.tally.add('updated', applied.migrated.length);
    ctx.tally.add('failed', applied.failed.length);
    for (const f of applied.failed)
      ctx.item({
        severity: 'Error',
        code: 'MIGRATION_WRITE_FAILED',
        message: `Could not migrate ${f.pair.manual.name}: ${f.message}. Nothing of it changed; run the migration again.`,
        recordId: f.pair.manual.id,
        recordName: f.pair.manual.name,
      });
  }
  const appliedPlan: MigrationPlan = { ...plan, pairs: applied.migrated };
  return {
    plan: appliedPlan,
    summary: `${describePlan(appliedPlan, true)}${applied.failed.length ? `\n${applied.failed.length} could not be migrated (see the items).` : ''}\nMoved ${applied.movedEntries} log entries; the manual subscriptions are deactivated.`,
    result: { ...result, migrated: applied.migrated.length, failed: applied.failed.length },
  };
}

export function migrateManualSubscriptionsOperation(deps: SyncDeps): OperationHandler {
  return async (ctx) => {
    if (!ctx.job.providerId)
      throw new W365Error(ProviderErrorCodes.Missing, 'This job names no provider. Start it from a Provider record.');
    return migrateManualSubscriptions(deps, {
      providerId: ctx.job.providerId,
      apply: ctx.job.parameters.apply === true,
      jobId: ctx.job.id,
      signal: ctx.signal,
      ctx,
    });
  };
}
