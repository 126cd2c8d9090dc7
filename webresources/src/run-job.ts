/// <reference types="xrm" />
/**
 * What every command does once it knows what to run: offer a job that is already running for the same
 * thing instead of starting another, otherwise create one; show its live progress; then show how it
 * ended (or that it is still running) with a way to open the job. Requests: one read for a running
 * job, one create, then one read per poll, and one read of the first warnings when there are any.
 */
import type { CommandDeps, PollPolicy } from './deps';
import { followJob, reasonOf } from './follow';
import { createJob, findActiveJob, readFirstWarnings, type JobSnapshot, type JobSpec } from './jobs';
import { SyncJob, SyncJobStatus } from './generated/names';
import { outcomeText } from './outcome';
import { indicatorView, runningText, type ProgressView } from './progress';
import {
  AlreadyRunning,
  Buttons,
  CouldNotStart,
  LostTrack,
  OutcomeStrings,
  ProgressText,
  TimeoutStrings,
} from './strings';

export interface JobTarget {
  /** The operation's name in messages ("Sync Provider Accounts"). */
  readonly title: string;
  readonly spec: JobSpec;
  /** Where a job already running for the same thing would be. */
  readonly activeScope: {
    readonly operation: number;
    readonly providerIds: readonly string[];
    readonly billingContractId?: string;
  };
  /** Counts mean little for a connectivity check; the summary says it all. */
  readonly showCounts: boolean;
  /** Follow this existing job instead of finding or starting one (Cancel Job follows the job it cancelled). */
  readonly followJobId?: string;
}

export type RunOutcome =
  | { readonly kind: 'final'; readonly job: JobSnapshot }
  | { readonly kind: 'timeout'; readonly jobId: string }
  | { readonly kind: 'declined' }
  | { readonly kind: 'failed' };

/** Whether a job was started or followed (so the form has something new to show). */
export function jobRan(outcome: RunOutcome): boolean {
  return outcome.kind === 'final' || outcome.kind === 'timeout';
}

/** How many of the job's warnings the outcome dialog lists. */
export const WARNINGS_SHOWN = 3;

export async function alert(deps: CommandDeps, title: string, text: string): Promise<void> {
  await deps.xrm.Navigation.openAlertDialog({ title, text, confirmButtonLabel: Buttons.close });
}

export async function confirm(
  deps: CommandDeps,
  title: string,
  text: string,
  yes: string,
  no: string,
): Promise<boolean> {
  const result = await deps.xrm.Navigation.openConfirmDialog({
    title,
    text,
    confirmButtonLabel: yes,
    cancelButtonLabel: no,
  });
  return !!result && result.confirmed === true;
}

export async function openJob(deps: CommandDeps, jobId: string): Promise<void> {
  await deps.xrm.Navigation.openForm({ entityName: SyncJob.logicalName, entityId: jobId });
}

function progressText(title: string, job: JobSnapshot): string {
  if (job.status === SyncJobStatus.Queued) return ProgressText.queued(title);
  return runningText(title, job.progressMessage || AlreadyRunning.running, job.progress);
}

/**
 * The job to follow: the one the target names, a job already running for the same thing (if the
 * person chooses to follow it), or a new one. Undefined after telling the person why there is none.
 */
async function jobToFollow(
  deps: CommandDeps,
  target: JobTarget,
  view: ProgressView,
): Promise<{ jobId: string } | RunOutcome> {
  if (target.followJobId) return { jobId: target.followJobId };
  const { xrm } = deps;
  view.show(ProgressText.checking(target.title));
  // A failed check must not block the command: the service's run lock still refuses a duplicate job
  // (it ends Not Started, and the outcome dialog names the job that holds the lock).
  const active = await findActiveJob(xrm, target.activeScope).catch(() => undefined);
  if (active) {
    view.close();
    const state = active.status === SyncJobStatus.Queued ? AlreadyRunning.queued : AlreadyRunning.running;
    const follow = await confirm(
      deps,
      AlreadyRunning.title,
      AlreadyRunning.text(target.title, active.name, state),
      AlreadyRunning.follow,
      AlreadyRunning.close,
    );
    if (!follow) return { kind: 'declined' };
    view.show(progressText(target.title, active));
    return { jobId: active.id };
  }
  view.show(ProgressText.starting(target.title));
  try {
    return { jobId: await createJob(xrm, target.spec) };
  } catch (error) {
    view.close();
    await alert(deps, CouldNotStart.title, CouldNotStart.text(target.title, reasonOf(error)));
    return { kind: 'failed' };
  }
}

/**
 * Start (or follow) the job and wait for it; tells the user about timeouts and failures itself. The
 * progress goes to `view` (a form or app notification: the page stays usable while the job runs).
 */
export async function runJob(
  deps: CommandDeps,
  target: JobTarget,
  policy: PollPolicy,
  view: ProgressView = indicatorView(deps),
): Promise<RunOutcome> {
  try {
    const found = await jobToFollow(deps, target, view);
    if (!('jobId' in found)) return found;
    const { jobId } = found;
    const followed = await followJob(deps, jobId, policy, (job) => view.show(progressText(target.title, job)));
    view.close();
    if (followed.kind === 'final') return { kind: 'final', job: followed.job };
    if (followed.kind === 'lost') {
      await alert(deps, LostTrack.title, LostTrack.text(target.title, followed.reason));
      return { kind: 'failed' };
    }
    const open = await confirm(
      deps,
      TimeoutStrings.title,
      TimeoutStrings.text(target.title, TimeoutStrings.minutes(Math.round(policy.timeoutInMs / 1000))),
      Buttons.openJob,
      Buttons.close,
    );
    if (open) await openJob(deps, jobId);
    return { kind: 'timeout', jobId };
  } finally {
    // Whatever happened above, never leave a progress bar for a job nobody follows any more.
    view.close();
  }
}

/** The outcome dialog: status, summary, counts and the first warnings, with "Open job". */
export async function showOutcome(deps: CommandDeps, target: JobTarget, job: JobSnapshot): Promise<void> {
  const warnings = job.warnings > 0 ? await readFirstWarnings(deps.xrm, job.id, WARNINGS_SHOWN).catch(() => []) : [];
  const text = outcomeText(job, warnings, target.showCounts);
  const open = await confirm(
    deps,
    OutcomeStrings.title(target.title, job.statusLabel),
    text,
    Buttons.openJob,
    Buttons.close,
  );
  if (open) await openJob(deps, job.id);
}

/** runJob, then the outcome dialog: the whole of every command except the migration's second step. */
export async function runJobCommand(
  deps: CommandDeps,
  target: JobTarget,
  policy: PollPolicy,
  view?: ProgressView,
): Promise<RunOutcome> {
  const outcome = await runJob(deps, target, policy, view);
  if (outcome.kind === 'final') await showOutcome(deps, target, outcome.job);
  return outcome;
}
