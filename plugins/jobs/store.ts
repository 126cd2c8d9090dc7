/**
 * Sync Job rows in Dataverse: read, claim, progress, finish, items. The claim is where "only one job of
 * an operation per provider at a time" is enforced, by Dataverse itself: a running job holds the
 * alternate key `w365_runlock` = provider + operation, so a second claim fails with a duplicate-key
 * error whichever worker or instance makes it.
 */
import { Choices, Tables, type ChoiceDef } from '../../solution/schema';
import type { DataverseClient, Row } from '../dataverse/client';
import { DataverseError, DataverseErrorCodes, DV } from '../dataverse/errors';
import { eq } from '../dataverse/odata';
import { writeUnits } from '../dataverse/writer';
import type { FinalStatus, JobCounts, JobItem, JobRecord, OperationName } from './types';

const J = Tables.syncJob;
const I = Tables.syncJobItem;

function nameOf(choice: ChoiceDef, value: unknown): string | undefined {
  return choice.options.find((o) => o.value === Number(value))?.name;
}

const SELECT = [
  J.col.id,
  J.col.name,
  J.col.operation,
  J.val.provider,
  J.val.billingContract,
  J.col.trigger,
  J.col.jobStatus,
  J.col.parameters,
  J.col.workerId,
  J.col.heartbeatOn,
  J.col.startedOn,
  J.col.createdOn,
  J.col.runLock,
];

export function toJobRecord(row: Row): JobRecord {
  let parameters: Record<string, unknown> = {};
  const raw = row[J.col.parameters];
  if (typeof raw === 'string' && raw.trim()) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        parameters = parsed as Record<string, unknown>;
    } catch {
      parameters = { invalid: raw };
    }
  }
  return {
    id: String(row[J.col.id]),
    name: String(row[J.col.name] ?? ''),
    operation: (nameOf(Choices.syncOperation, row[J.col.operation]) ?? 'Unknown') as OperationName,
    providerId: (row[J.val.provider] as string | null) ?? undefined,
    billingContractId: (row[J.val.billingContract] as string | null) ?? undefined,
    trigger: nameOf(Choices.syncTrigger, row[J.col.trigger]) === 'Scheduled' ? 'Scheduled' : 'Manual',
    status: (nameOf(Choices.syncJobStatus, row[J.col.jobStatus]) ?? 'Queued') as JobRecord['status'],
    parameters,
    etag: row['@odata.etag'] as string | undefined,
    workerId: (row[J.col.workerId] as string | null) ?? undefined,
    heartbeatOn: (row[J.col.heartbeatOn] as string | null) ?? undefined,
    startedOn: (row[J.col.startedOn] as string | null) ?? undefined,
    createdOn: (row[J.col.createdOn] as string | null) ?? undefined,
  };
}

export function runLockOf(job: Pick<JobRecord, 'providerId' | 'billingContractId' | 'operation'>): string {
  // Scoped jobs (one billing contract) still lock the whole provider's operation: two syncs of the same
  // provider's subscriptions must never interleave their writes.
  return `${job.providerId ?? 'none'}:${job.operation}`;
}

export type ClaimResult =
  | { claimed: true; job: JobRecord }
  | { claimed: false; reason: 'not-queued' | 'lost-race' }
  | { claimed: false; reason: 'locked'; holder?: JobRecord };

export class DataverseJobStore {
  constructor(
    private readonly dv: DataverseClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(jobId: string): Promise<JobRecord | undefined> {
    const row = await this.dv.retrieve(J.entitySetName, jobId, SELECT);
    return row ? toJobRecord(row) : undefined;
  }

  /** The outcome a person reads on a finished job: status, counts, summary. */
  async getOutcome(
    jobId: string,
  ): Promise<
    | { status: string; counts: JobCounts; warnings: number; summary: string; errorCode?: string; result?: unknown }
    | undefined
  > {
    const row = await this.dv.retrieve(J.entitySetName, jobId, [
      J.col.jobStatus,
      J.col.createdCount,
      J.col.updatedCount,
      J.col.unchangedCount,
      J.col.skippedCount,
      J.col.failedCount,
      J.col.warningCount,
      J.col.summary,
      J.col.errorCode,
      J.col.result,
    ]);
    if (!row) return undefined;
    const n = (c: string) => Number(row[c] ?? 0);
    let result: unknown;
    try {
      result = row[J.col.result] ? JSON.parse(String(row[J.col.result])) : undefined;
    } catch {
      result = undefined;
    }
    return {
      status: nameOf(Choices.syncJobStatus, row[J.col.jobStatus]) ?? 'Unknown',
      counts: {
        created: n(J.col.createdCount),
        updated: n(J.col.updatedCount),
        unchanged: n(J.col.unchangedCount),
        skipped: n(J.col.skippedCount),
        failed: n(J.col.failedCount),
      },
      warnings: n(J.col.warningCount),
      summary: String(row[J.col.summary] ?? ''),
      ...(row[J.col.errorCode] ? { errorCode: String(row[J.col.errorCode]) } : {}),
      ...(result !== undefined ? { result } : {}),
    };
  }

  async findQueued(createdBefore: Date): Promise<JobRecord[]> {
    const rows = await this.dv.all(J.entitySetName, {
      select: SELECT,
      filter: `${eq(J.col.jobStatus, Choices.syncJobStatus.Queued)} and ${J.col.createdOn} lt ${createdBefore.toISOString()}`,
      orderby: `${J.col.createdOn} asc`,
    });
    return rows.map(toJobRecord);
  }

  async findRunning(): Promise<JobRecord[]> {
    const rows = await this.dv.all(J.entitySetName, {
      select: SELECT,
      filter: eq(J.col.jobStatus, Choices.syncJobStatus.Running),
    });
    return rows.map(toJobRecord);
  }

  async findByRunLock(lock: string): Promise<JobRecord | undefined> {
    const row = await this.dv.retrieve(J.entitySetName, { [J.col.runLock]: lock }, SELECT);
    return row ? toJobRecord(row) : undefined;
  }

  /** Queued -> Running, guarded by the row's etag (one claimer wins) and the run lock key (one runner per provider and operation). */
  async claim(job: JobRecord, workerId: string): Promise<ClaimResult> {
    if (job.status !== 'Queued') return { claimed: false, reason: 'not-queued' };
    const now = this.now().toISOString();
    const lock = runLockOf(job);
    try {
      await this.dv.update(
        J.entitySetName,
        job.id,
        {
          [J.col.jobStatus]: Choices.syncJobStatus.Running,
          [J.col.runLock]: lock,
          [J.col.startedOn]: now,
          [J.col.heartbeatOn]: now,
          [J.col.workerId]: workerId,
          [J.col.progress]: 0,
          [J.col.progressMessage]: 'Starting',
        },
        { ifMatch: job.etag ?? '*' },
      );
    } catch (err) {
      if (err instanceof DataverseError && err.status === 412) {
        if (err.dataverseCode === DV.DuplicateRecordEntityKey || err.code === DataverseErrorCodes.Duplicate) {
          return { claimed: false, reason: 'locked', holder: await this.findByRunLock(lock) };
        }
        return { claimed: false, reason: 'lost-race' };
      }
      throw err;
    }
    return { claimed: true, job: { ...job, status: 'Running', workerId, startedOn: now, heartbeatOn: now } };
  }

  async progress(jobId: string, percent: number, message: string): Promise<void> {
    await this.dv.update(J.entitySetName, jobId, {
      [J.col.progress]: Math.max(0, Math.min(100, Math.round(percent))),
      [J.col.progressMessage]: message.slice(0, 400),
      [J.col.heartbeatOn]: this.now().toISOString(),
    });
  }

  /** Whether a person asked to cancel the job (the Cancel command sets Cancel Requested). */
  async cancelRequested(jobId: string): Promise<boolean> {
    const row = await this.dv.retrieve(J.entitySetName, jobId, [J.col.cancelRequested]);
    return row?.[J.col.cancelRequested] === true;
  }

  async finish(
    jobId: string,
    outcome: {
      status: FinalStatus;
      summary: string;
      counts: JobCounts;
      warnings: number;
      errorCode?: string;
      result?: unknown;
    },
  ): Promise<void> {
    await this.dv.update(J.entitySetName, jobId, {
      [J.col.jobStatus]: Choices.syncJobStatus[outcome.status],
      [J.col.runLock]: null,
      [J.col.finishedOn]: this.now().toISOString(),
      [J.col.progress]: 100,
      [J.col.progressMessage]: Choices.syncJobStatus.label(Choices.syncJobStatus[outcome.status]),
      [J.col.summary]: outcome.summary.slice(0, 100000),
      [J.col.createdCount]: outcome.counts.created,
      [J.col.updatedCount]: outcome.counts.updated,
      [J.col.unchangedCount]: outcome.counts.unchanged,
      [J.col.skippedCount]: outcome.counts.skipped,
      [J.col.failedCount]: outcome.counts.failed,
      [J.col.warningCount]: outcome.warnings,
      [J.col.errorCode]: outcome.errorCode ?? null,
      ...(outcome.result !== undefined ? { [J.col.result]: JSON.stringify(outcome.result).slice(0, 1048576) } : {}),
    });
  }

  /** Writes items in batches; returns how many were written. */
  async addItems(jobId: string, items: readonly JobItem[]): Promise<number> {
    if (!items.length) return 0;
    const results = await writeUnits(
      this.dv,
      items.map((item) => ({
        tag: item,
        operations: [
          {
            method: 'POST' as const,
            path: I.entitySetName,
            body: {
              [I.col.name]: `${item.code}: ${item.recordName ?? item.recordId ?? ''}`.slice(0, 400),
              [`${I.nav.syncJob}@odata.bind`]: `/${J.entitySetName}(${jobId})`,
              [I.col.severity]: Choices.severity[item.severity],
              [I.col.code]: item.code,
              [I.col.message]: item.message.slice(0, 4000),
              [I.col.recordType]: item.recordType ?? null,
              [I.col.recordId]: item.recordId ?? null,
              [I.col.recordName]: item.recordName?.slice(0, 400) ?? null,
              [I.col.providerValue]: item.providerValue?.slice(0, 4000) ?? null,
              [I.col.crmValue]: item.crmValue?.slice(0, 4000) ?? null,
            },
          },
        ],
      })),
      { concurrentBatches: 2 },
    );
    return results.filter((r) => r.ok).length;
  }

  async createJob(input: {
    name: string;
    operation: OperationName;
    providerId?: string;
    billingContractId?: string;
    trigger?: 'Manual' | 'Scheduled';
    parameters?: Record<string, unknown>;
  }): Promise<string> {
    const body: Row = {
      [J.col.name]: input.name.slice(0, 400),
      [J.col.operation]: Choices.syncOperation[input.operation],
      [J.col.trigger]: Choices.syncTrigger[input.trigger ?? 'Manual'],
      [J.col.jobStatus]: Choices.syncJobStatus.Queued,
      ...(input.parameters ? { [J.col.parameters]: JSON.stringify(input.parameters) } : {}),
    };
    if (input.providerId)
      body[`${J.nav.provider}@odata.bind`] = `/${Tables.provider.entitySetName}(${input.providerId})`;
    if (input.billingContractId)
      body[`${J.nav.billingContract}@odata.bind`] =
        `/${Tables.billingContract.entitySetName}(${input.billingContractId})`;
    return this.dv.create(J.entitySetName, body);
  }
}
