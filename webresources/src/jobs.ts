/// <reference types="xrm" />
/**
 * The Sync Job rows a command creates and follows, through `Xrm.WebApi`. A command never talks to the
 * sync service directly: it creates a Queued job, Dataverse's webhook (or the service's poller) starts
 * it, and the service writes progress, counts and a summary onto the same row.
 */
import {
  SyncJob,
  SyncJobItem,
  SyncJobStatus,
  SyncTrigger,
  Severity,
  Provider,
  BillingContract,
} from './generated/names';
import type { RibbonXrm } from './deps';

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

export interface JobSpec {
  readonly name: string;
  /** `SyncOperation` choice value. */
  readonly operation: number;
  readonly providerId?: string;
  readonly billingContractId?: string;
  readonly parameters?: Record<string, unknown>;
}

export interface JobCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export interface JobSnapshot {
  readonly id: string;
  readonly name: string;
  /** `SyncJobStatus` choice value. */
  readonly status: number;
  /** The status as Dataverse formats it for the user (e.g. "Succeeded With Warnings"). */
  readonly statusLabel: string;
  readonly progress: number;
  readonly progressMessage: string;
  readonly counts: JobCounts;
  readonly warnings: number;
  readonly summary: string;
  readonly errorCode?: string;
}

export interface JobWarning {
  readonly message: string;
  readonly recordName: string;
}

const FINAL_STATUSES: readonly number[] = [
  SyncJobStatus.Succeeded,
  SyncJobStatus.SucceededWithWarnings,
  SyncJobStatus.NoChange,
  SyncJobStatus.Failed,
  SyncJobStatus.NotStarted,
  SyncJobStatus.Cancelled,
];

export function isFinal(status: number): boolean {
  return FINAL_STATUSES.includes(status);
}

const c = SyncJob.col;
/** Everything a poll needs, in one small read; the (possibly large) w365_result is read only when wanted. */
const SNAPSHOT_COLUMNS = [
  c.id,
  c.name,
  c.jobStatus,
  c.progress,
  c.progressMessage,
  c.createdCount,
  c.updatedCount,
  c.unchangedCount,
  c.skippedCount,
  c.failedCount,
  c.warningCount,
  c.summary,
  c.errorCode,
];

type Row = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function toSnapshot(row: Row): JobSnapshot {
  const status = num(row[c.jobStatus]);
  return {
    id: str(row[c.id]),
    name: str(row[c.name]),
    status,
    statusLabel: str(row[`${c.jobStatus}${FORMATTED}`]) || String(status),
    progress: Math.max(0, Math.min(100, num(row[c.progress]))),
    progressMessage: str(row[c.progressMessage]),
    counts: {
      created: num(row[c.createdCount]),
      updated: num(row[c.updatedCount]),
      unchanged: num(row[c.unchangedCount]),
      skipped: num(row[c.skippedCount]),
      failed: num(row[c.failedCount]),
    },
    warnings: num(row[c.warningCount]),
    summary: str(row[c.summary]),
    ...(str(row[c.errorCode]) ? { errorCode: str(row[c.errorCode]) } : {}),
  };
}

/** One request: POST the job; Dataverse answers with its id. */
export async function createJob(xrm: RibbonXrm, spec: JobSpec): Promise<string> {
  const record: Row = {
    [c.name]: spec.name.slice(0, 400),
    [c.operation]: spec.operation,
    [c.trigger]: SyncTrigger.Manual,
    [c.jobStatus]: SyncJobStatus.Queued,
  };
  if (spec.providerId) record[`${SyncJob.nav.provider}@odata.bind`] = `/${Provider.entitySetName}(${spec.providerId})`;
  if (spec.billingContractId)
    record[`${SyncJob.nav.billingContract}@odata.bind`] =
      `/${BillingContract.entitySetName}(${spec.billingContractId})`;
  if (spec.parameters) record[c.parameters] = JSON.stringify(spec.parameters);
  const created = await xrm.WebApi.createRecord(SyncJob.logicalName, record);
  return created.id.replace(/[{}]/g, '').toLowerCase();
}

export async function readJob(xrm: RibbonXrm, jobId: string): Promise<JobSnapshot> {
  const row = (await xrm.WebApi.retrieveRecord(
    SyncJob.logicalName,
    jobId,
    `?$select=${SNAPSHOT_COLUMNS.join(',')}`,
  )) as Row;
  return toSnapshot(row);
}

/** The job's machine-readable result (JSON in w365_result), or undefined when absent or not JSON. */
export async function readJobResult(xrm: RibbonXrm, jobId: string): Promise<unknown> {
  const row = (await xrm.WebApi.retrieveRecord(SyncJob.logicalName, jobId, `?$select=${c.result}`)) as Row;
  try {
    return row[c.result] ? JSON.parse(str(row[c.result])) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A Queued or Running job of `operation` for any of the providers or for the billing contract: the
 * service runs one job per provider and operation at a time (its run lock), so a second one would only
 * end "Not Started". Newest first.
 */
export async function findActiveJob(
  xrm: RibbonXrm,
  scope: { operation: number; providerIds: readonly string[]; billingContractId?: string },
): Promise<JobSnapshot | undefined> {
  const targets = [
    ...scope.providerIds.map((id) => `${SyncJob.val.provider} eq ${id}`),
    ...(scope.billingContractId ? [`${SyncJob.val.billingContract} eq ${scope.billingContractId}`] : []),
  ];
  if (!targets.length) return undefined;
  const filter = [
    `${c.operation} eq ${scope.operation}`,
    `(${c.jobStatus} eq ${SyncJobStatus.Queued} or ${c.jobStatus} eq ${SyncJobStatus.Running})`,
    `(${targets.join(' or ')})`,
  ].join(' and ');
  const result = await xrm.WebApi.retrieveMultipleRecords(
    SyncJob.logicalName,
    `?$select=${SNAPSHOT_COLUMNS.join(',')}&$filter=${filter}&$orderby=${c.createdOn} desc&$top=1`,
  );
  const row = result.entities[0] as Row | undefined;
  return row ? toSnapshot(row) : undefined;
}

/** The first `count` warnings and errors the job recorded, oldest first. */
export async function readFirstWarnings(xrm: RibbonXrm, jobId: string, count: number): Promise<JobWarning[]> {
  const i = SyncJobItem.col;
  const filter = `${SyncJobItem.val.syncJob} eq ${jobId} and (${i.severity} eq ${Severity.Warning} or ${i.severity} eq ${Severity.Error})`;
  const result = await xrm.WebApi.retrieveMultipleRecords(
    SyncJobItem.logicalName,
    `?$select=${i.message},${i.recordName}&$filter=${filter}&$orderby=${i.createdOn} asc&$top=${count}`,
  );
  return (result.entities as Row[]).map((row) => ({
    message: str(row[i.message]),
    recordName: str(row[i.recordName]),
  }));
}
