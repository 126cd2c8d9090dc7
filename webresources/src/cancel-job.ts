/// <reference types="xrm" />
/**
 * Cancel Job on a Sync Job (form or list): after a confirmation, sets the job's Cancel Requested; the
 * sync service sees it at the job's next checkpoint (its heartbeat), stops the operation and ends the
 * job Cancelled. The command then follows the job to its end, as the other commands do, so the person
 * sees that it stopped. Only a running job can be cancelled: a queued one has not started to write.
 */
import type { CommandDeps, PollPolicy } from './deps';
import { reasonOf } from './follow';
import { readJob, type JobSnapshot } from './jobs';
import { SyncJob, SyncJobStatus } from './generated/names';
import { progressViewFor } from './progress';
import { formRecord, isFormContext, normaliseId } from './record';
import { alert, confirm, runJobCommand, type JobTarget } from './run-job';
import { CancelStrings, OperationNames } from './strings';

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

/** The job the command runs on: the form's record, or the one selected row. */
async function jobToCancel(
  deps: CommandDeps,
  primaryControl: unknown,
  selectedItemIds?: readonly string[],
): Promise<JobSnapshot | undefined> {
  const id = Array.isArray(selectedItemIds)
    ? selectedItemIds.length === 1
      ? normaliseId(selectedItemIds[0])
      : undefined
    : isFormContext(primaryControl)
      ? formRecord(primaryControl).id
      : undefined;
  if (!id) {
    await alert(deps, CancelStrings.selectOneTitle, CancelStrings.selectOne);
    return undefined;
  }
  try {
    return await readJob(deps.xrm, id);
  } catch {
    await alert(deps, CancelStrings.notFoundTitle, CancelStrings.notFound);
    return undefined;
  }
}

/** The operation's name as the job row formats it, for the follow-up messages. */
async function operationTitle(deps: CommandDeps, jobId: string): Promise<string> {
  const row = (await deps.xrm.WebApi.retrieveRecord(
    SyncJob.logicalName,
    jobId,
    `?$select=${SyncJob.col.operation}`,
  )) as Record<string, unknown>;
  const label = row[`${SyncJob.col.operation}${FORMATTED}`];
  return typeof label === 'string' && label ? label : OperationNames.SyncSubscriptions;
}

/** Returns whether the cancel was sent (the form or list is then refreshed). */
export async function cancelJob(
  deps: CommandDeps,
  primaryControl: unknown,
  policy: PollPolicy,
  selectedItemIds?: readonly string[],
): Promise<boolean> {
  const job = await jobToCancel(deps, primaryControl, selectedItemIds);
  if (!job) return false;
  if (job.status === SyncJobStatus.Queued) {
    await alert(deps, CancelStrings.notRunningTitle, CancelStrings.queued(job.name));
    return false;
  }
  if (job.status !== SyncJobStatus.Running) {
    await alert(deps, CancelStrings.notRunningTitle, CancelStrings.notRunning(job.name, job.statusLabel));
    return false;
  }
  if (
    !(await confirm(
      deps,
      CancelStrings.confirmTitle,
      CancelStrings.confirmText(job.name),
      CancelStrings.confirm,
      CancelStrings.keep,
    ))
  )
    return false;
  try {
    await deps.xrm.WebApi.updateRecord(SyncJob.logicalName, job.id, { [SyncJob.col.cancelRequested]: true });
  } catch (error) {
    await alert(deps, CancelStrings.confirmTitle, CancelStrings.failed(reasonOf(error)));
    return false;
  }
  const title = await operationTitle(deps, job.id).catch(() => OperationNames.SyncSubscriptions);
  // Follow the same job to its end: the "already running" check finds it and the command follows it.
  const target: JobTarget = {
    title,
    spec: { name: job.name, operation: 0 },
    activeScope: { operation: 0, providerIds: [] },
    showCounts: true,
    followJobId: job.id,
  };
  const view = progressViewFor(deps, primaryControl);
  view.show(CancelStrings.requested(title));
  await runJobCommand(deps, target, policy, view);
  return true;
}

/** Form rule: the open job is running. */
export function isJobRunning(primaryControl: unknown): boolean {
  if (!isFormContext(primaryControl)) return false;
  const attribute = primaryControl.getAttribute(SyncJob.col.jobStatus) as Xrm.Attributes.OptionSetAttribute | null;
  return attribute?.getValue() === SyncJobStatus.Running;
}

/** Grid rule: the one selected job is running (read from Dataverse; a grid row does not carry it). */
export async function isSelectedJobRunning(deps: CommandDeps, selectedItemIds: unknown): Promise<boolean> {
  const ids = Array.isArray(selectedItemIds) ? selectedItemIds : [];
  const id = ids.length === 1 ? normaliseId(String(ids[0])) : undefined;
  if (!id) return false;
  try {
    return (await readJob(deps.xrm, id)).status === SyncJobStatus.Running;
  } catch {
    return false;
  }
}
