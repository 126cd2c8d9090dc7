/**
 * Migrate Manual Subscriptions, in two jobs so that nothing moves before a person has seen the plan:
 * a dry run (`{"apply":false}`) whose w365_result holds the pairs it would migrate, a confirmation
 * listing them, then the real run (`{"apply":true}`). Rerunning changes nothing: a migrated manual
 * subscription is deactivated and no longer offered.
 */
import type { CommandDeps, PollPolicy } from './deps';
import { readJobResult } from './jobs';
import { resolveProvider, providerTarget, type ProviderRef } from './provider-commands';
import { progressViewFor } from './progress';
import { alert, confirm, jobRan, runJob, runJobCommand, showOutcome } from './run-job';
import { SyncJobStatus } from './generated/names';
import { MigrationDryRunTitle, MigrationStrings } from './strings';

/** Lines of the plan listed in the confirmation; the dry-run job holds the rest. */
export const PLAN_LINES_SHOWN = 8;

interface PlanSubscription {
  name: string;
  quantity: number;
  movableEntries: number;
}

export interface MigrationPlanView {
  /** The job was an apply run (a followed job someone else started), not a dry run. */
  applied: boolean;
  pairs: { manual: PlanSubscription; synced: PlanSubscription }[];
  unpaired: { manual: PlanSubscription; reason: string }[];
}

function subscription(value: unknown): PlanSubscription {
  const v = (value ?? {}) as Record<string, unknown>;
  const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  return {
    name: typeof v.name === 'string' ? v.name : '',
    quantity: n(v.quantity),
    movableEntries: n(v.movableEntries),
  };
}

/** The plan from the dry run's w365_result, or undefined when it is not the shape the service writes. */
export function parsePlan(result: unknown): MigrationPlanView | undefined {
  const r = result as { pairs?: unknown; unpaired?: unknown; applied?: unknown } | undefined;
  if (!r || typeof r !== 'object' || !Array.isArray(r.pairs)) return undefined;
  return {
    applied: r.applied === true,
    pairs: r.pairs.map((p: { manual?: unknown; synced?: unknown }) => ({
      manual: subscription(p?.manual),
      synced: subscription(p?.synced),
    })),
    unpaired: (Array.isArray(r.unpaired) ? r.unpaired : []).map((u: { manual?: unknown; reason?: unknown }) => ({
      manual: subscription(u?.manual),
      reason: typeof u?.reason === 'string' ? u.reason : '',
    })),
  };
}

export function planText(plan: MigrationPlanView): string {
  const m = MigrationStrings;
  const shown = plan.pairs
    .slice(0, PLAN_LINES_SHOWN)
    .map((p) =>
      m.pairLine(p.manual.name, p.manual.quantity, p.synced.name, p.synced.quantity, p.manual.movableEntries),
    );
  const lines = [m.planIntro(plan.pairs.length), ...shown];
  if (plan.pairs.length > shown.length) lines.push(m.more(plan.pairs.length - shown.length));
  if (plan.unpaired.length) {
    const unpaired = plan.unpaired.slice(0, 3).map((u) => m.unpairedLine(u.manual.name, u.reason));
    lines.push('', m.unpairedIntro(plan.unpaired.length), ...unpaired);
    if (plan.unpaired.length > unpaired.length) lines.push(m.more(plan.unpaired.length - unpaired.length));
  }
  lines.push('', m.question);
  return lines.join('\n');
}

/** Returns whether a job ran (the form is then refreshed). */
export async function migrateManualSubscriptions(
  deps: CommandDeps,
  primaryControl: unknown,
  policy: PollPolicy,
): Promise<boolean> {
  const provider: ProviderRef | undefined = await resolveProvider(deps, 'MigrateManualSubscriptions', primaryControl);
  if (!provider) return false;
  const dryRun = providerTarget('MigrateManualSubscriptions', provider, MigrationDryRunTitle, { apply: false });
  const view = progressViewFor(deps, primaryControl);
  const first = await runJob(deps, dryRun, policy, view);
  if (first.kind !== 'final') return jobRan(first);
  const job = first.job;
  const stoppedEarly: readonly number[] = [SyncJobStatus.Failed, SyncJobStatus.NotStarted, SyncJobStatus.Cancelled];
  const finishedNormally = !stoppedEarly.includes(job.status);
  const plan = finishedNormally ? parsePlan(await readJobResult(deps.xrm, job.id).catch(() => undefined)) : undefined;
  // Nothing to confirm: the run failed or was refused, found nothing, or (a followed job) already applied.
  if (!plan || plan.applied || plan.pairs.length === 0) {
    if (finishedNormally && !plan) await alert(deps, MigrationStrings.planTitle, MigrationStrings.unreadable);
    await showOutcome(deps, dryRun, job);
    return true;
  }
  if (
    !(await confirm(deps, MigrationStrings.planTitle, planText(plan), MigrationStrings.apply, MigrationStrings.cancel))
  )
    return true;
  await runJobCommand(
    deps,
    providerTarget('MigrateManualSubscriptions', provider, undefined, { apply: true }),
    policy,
    view,
  );
  return true;
}
