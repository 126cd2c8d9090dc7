/**
 * Sync Job rows: the `JobStore` the runner, poller and scheduler depend on, and its Dataverse
 * implementation. The claim is where "only one job of an operation per provider at a time" is
 * enforced, by Dataverse itself: a running job holds the alternate key `w365_runlock` = provider +
 * operation, so a second claim fails with a duplicate-key error whichever worker or instance makes it.
 *
 * Fencing: a claim returns a lease, the row version (etag) this worker last wrote. Every later write
 * of the running job (heartbeat, progress, finish) is conditional on that version, so a worker that
 * stalled while another instance marked its job interrupted finds out at its next write and stops,
 * instead of writing over the other instance's verdict. A version that moved for another reason (a
 * person asked to cancel) is re-read and adopted as long as the row still says this worker runs it.
 */
import { Choices, Tables, type ChoiceDef } from '../../solution/schema';
import { W365Error } from '../../common/errors';
import type { DataverseApi } from '../dataverse/api';
import type { Row } from '../dataverse/client';
import { DataverseError, DataverseErrorCodes, DV } from '../dataverse/errors';
import { bind, createRow, updateRow, type Desired } from '../dataverse/intents';
import { eq } from '../dataverse/odata';
import { JobErrorCodes } from './errors';
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

function parametersOf(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'string' || !raw.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { invalid: raw };
  }
}

export function toJobRecord(row: Row): JobRecord {
  const optional = (column: string) => (row[column] as string | null) ?? undefined;
  return {
    id: String(row[J.col.id]),
    name: String(row[J.col.name] ?? ''),
    operation: (nameOf(Choices.syncOperation, row[J.col.operation]) ?? 'Unknown') as OperationName,
    providerId: optional(J.val.provider),
    billingContractId: optional(J.val.billingContract),
    trigger: nameOf(Choices.syncTrigger, row[J.col.trigger]) === 'Scheduled' ? 'Scheduled' : 'Manual',
    status: (nameOf(Choices.syncJobStatus, row[J.col.jobStatus]) ?? 'Queued') as JobRecord['status'],
    parameters: parametersOf(row[J.col.parameters]),
    etag: row['@odata.etag'] as string | undefined,
    workerId: optional(J.col.workerId),
    heartbeatOn: optional(J.col.heartbeatOn),
    startedOn: optional(J.col.startedOn),
    createdOn: optional(J.col.createdOn),
  };
}

export function runLockOf(job: Pick<JobRecord, 'providerId' | 'billingContractId' | 'operation'>): string {
  // Scoped jobs (one billing contract) still lock the whole provider's operation: two syncs of the same
  // provider's subscriptions must never interleave their writes.
  return `${job.providerId ?? 'none'}:${job.operation}`;
}

/** A worker's hold on a running job: the row version it last wrote, and who claimed it when. */
export interface JobLease {
  jobId: string;
  etag: string;
  workerId: string;
  startedOn: string;
}

export type ClaimResult =
  | { claimed: true; job: JobRecord; lease: JobLease }
  | { claimed: false; reason: 'not-queued' | 'lost-race' }
  | { claimed: false; reason: 'locked'; holder?: JobRecord };

export interface JobOutcome {
  status: FinalStatus;
  summary: string;
  counts: JobCounts;
  warnings: number;
  errorCode?: string;
  result?: unknown;
}

export interface NewJob {
  name: string;
  operation: OperationName;
  providerId?: string;
  billingContractId?: string;
  trigger?: 'Manual' | 'Scheduled';
  parameters?: Record<string, unknown>;
}

export interface StoredOutcome {
  status: string;
  counts: JobCounts;
  warnings: number;
  summary: string;
  errorCode?: string;
  result?: unknown;
}

/** What the job lifecycle needs of wherever Sync Jobs live. */
export interface JobStore {
  get(jobId: string): Promise<JobRecord | undefined>;
  getOutcome(jobId: string): Promise<StoredOutcome | undefined>;
  findQueued(createdBefore: Date): Promise<JobRecord[]>;
  findRunning(): Promise<JobRecord[]>;
  findByRunLock(lock: string): Promise<JobRecord | undefined>;
  /** Queued -> Running for this worker, or why not. */
  claim(job: JobRecord, workerId: string): Promise<ClaimResult>;
  /** Heartbeat and progress of a running job; returns the renewed lease. Throws JOB_LEASE_LOST. */
  progress(lease: JobLease, percent: number, message: string): Promise<JobLease>;
  /**
   * Final status: under the runner's lease (throws JOB_LEASE_LOST when the job is no longer this
   * worker's), or for a job as read (recovery, a refused start): false, and nothing changed, when the
   * row moved on since it was read (its worker wrote a heartbeat, or someone else finished it first).
   */
  finish(target: JobLease | JobRecord, outcome: JobOutcome): Promise<boolean>;
  /** Writes items in batches; returns how many were written. */
  addItems(jobId: string, items: readonly JobItem[]): Promise<number>;
  createJob(input: NewJob): Promise<string>;
  /** Whether a person asked to cancel the job (Cancel Requested). */
  cancelRequested(jobId: string): Promise<boolean>;
}

function isLease(target: JobLease | JobRecord): target is JobLease {
  return 'jobId' in target;
}

function isConflict(err: unknown): err is DataverseError {
  return err instanceof DataverseError && err.status === 412;
}

export class DataverseJobStore implements JobStore {
  constructor(
    private readonly dv: DataverseApi,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(jobId: string): Promise<JobRecord | undefined> {
    const row = await this.dv.retrieve(J, jobId, SELECT);
    return row ? toJobRecord(row) : undefined;
  }

  /** The outcome a person reads on a finished job: status, counts, summary. */
  async getOutcome(jobId: string): Promise<StoredOutcome | undefined> {
    const row = await this.dv.retrieve(J, jobId, [
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
    return row ? outcomeOf(row) : undefined;
  }

  async findQueued(createdBefore: Date): Promise<JobRecord[]> {
    const rows = await this.dv.all(J, {
      select: SELECT,
      filter: `${eq(J.col.jobStatus, Choices.syncJobStatus.Queued)} and ${J.col.createdOn} lt ${createdBefore.toISOString()}`,
      orderby: `${J.col.createdOn} asc`,
    });
    return rows.map(toJobRecord);
  }

  async findRunning(): Promise<JobRecord[]> {
    const rows = await this.dv.all(J, { select: SELECT, filter: eq(J.col.jobStatus, Choices.syncJobStatus.Running) });
    return rows.map(toJobRecord);
  }

  async findByRunLock(lock: string): Promise<JobRecord | undefined> {
    const row = await this.dv.retrieve(J, { [J.col.runLock]: lock }, SELECT);
    return row ? toJobRecord(row) : undefined;
  }

  /** Guarded by the row's etag (one claimer wins) and the run lock key (one runner per provider and operation). */
  async claim(job: JobRecord, workerId: string): Promise<ClaimResult> {
    if (job.status !== 'Queued') return { claimed: false, reason: 'not-queued' };
    const startedOn = this.now().toISOString();
    const lock = runLockOf(job);
    const values = {
      [J.col.jobStatus]: Choices.syncJobStatus.Running,
      [J.col.runLock]: lock,
      [J.col.startedOn]: startedOn,
      [J.col.heartbeatOn]: startedOn,
      [J.col.workerId]: workerId,
      [J.col.progress]: 0,
      [J.col.progressMessage]: 'Starting',
    };
    let etag: string;
    try {
      etag = await this.writeJob(job.id, { values }, job.etag ?? '*');
    } catch (err) {
      if (!isConflict(err)) throw err;
      if (err.dataverseCode === DV.DuplicateRecordEntityKey || err.code === DataverseErrorCodes.Duplicate)
        return { claimed: false, reason: 'locked', holder: await this.findByRunLock(lock) };
      return { claimed: false, reason: 'lost-race' };
    }
    return {
      claimed: true,
      job: { ...job, status: 'Running', workerId, startedOn, heartbeatOn: startedOn, etag },
      lease: { jobId: job.id, etag, workerId, startedOn },
    };
  }

  async progress(lease: JobLease, percent: number, message: string): Promise<JobLease> {
    const values = {
      [J.col.progress]: Math.max(0, Math.min(100, Math.round(percent))),
      [J.col.progressMessage]: message.slice(0, 400),
      [J.col.heartbeatOn]: this.now().toISOString(),
    };
    return { ...lease, etag: await this.writeUnderLease(lease, { values }) };
  }

  /** Whether a person asked to cancel the job (the Cancel command sets Cancel Requested). */
  async cancelRequested(jobId: string): Promise<boolean> {
    const row = await this.dv.retrieve(J, jobId, [J.col.cancelRequested]);
    return row?.[J.col.cancelRequested] === true;
  }

  async finish(target: JobLease | JobRecord, outcome: JobOutcome): Promise<boolean> {
    const desired = finishValues(outcome, this.now());
    if (isLease(target)) {
      await this.writeUnderLease(target, desired);
      return true;
    }
    try {
      await this.writeJob(target.id, desired, target.etag ?? '*');
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  async addItems(jobId: string, items: readonly JobItem[]): Promise<number> {
    if (!items.length) return 0;
    const results = await this.dv.writeUnits(
      items.map((item) => ({ tag: item, intents: [createRow(I, itemRow(jobId, item))] })),
      { concurrentBatches: 2 },
    );
    return results.filter((r) => r.ok).length;
  }

  async createJob(input: NewJob): Promise<string> {
    const { id } = await this.dv.write(
      createRow(J, {
        values: {
          [J.col.name]: input.name.slice(0, 400),
          [J.col.operation]: Choices.syncOperation[input.operation],
          [J.col.trigger]: Choices.syncTrigger[input.trigger ?? 'Manual'],
          [J.col.jobStatus]: Choices.syncJobStatus.Queued,
          [J.col.parameters]: input.parameters ? JSON.stringify(input.parameters) : undefined,
        },
        lookups: {
          [J.col.provider]: input.providerId ? bind(Tables.provider, input.providerId) : undefined,
          [J.col.billingContract]: input.billingContractId
            ? bind(Tables.billingContract, input.billingContractId)
            : undefined,
        },
      }),
    );
    if (!id) throw new W365Error(DataverseErrorCodes.BadResponse, 'Dataverse did not return the id of the new job.');
    return id;
  }

  /** A conditional write of the job row; returns its new version. */
  private async writeJob(jobId: string, desired: Desired, etag: string): Promise<string> {
    const written = await this.dv.write(updateRow(J, jobId, desired, { etag }), { returnVersion: true });
    return written.etag ?? '*';
  }

  /**
   * A write while this worker holds the job. When the version moved, the row is read again: still
   * Running under this worker's claim (someone changed another column), the write is retried on the
   * new version; otherwise the job was taken over and this worker must stop.
   */
  private async writeUnderLease(lease: JobLease, desired: Desired): Promise<string> {
    let etag = lease.etag;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await this.writeJob(lease.jobId, desired, etag);
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      const row = await this.get(lease.jobId);
      const stillOurs =
        row?.status === 'Running' &&
        row.workerId === lease.workerId &&
        row.startedOn !== undefined &&
        sameSecond(row.startedOn, lease.startedOn);
      if (!stillOurs || !row.etag) throw leaseLost(lease, row);
      etag = row.etag;
    }
    throw leaseLost(lease, undefined);
  }
}

/**
 * Dataverse keeps date and time columns to the second [I] (the emulator does): the claim's Started On,
 * with its milliseconds, reads back without them.
 */
function sameSecond(a: string, b: string): boolean {
  return Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);
}

function leaseLost(lease: JobLease, row: JobRecord | undefined): W365Error {
  const now = row ? `it is now ${row.status}${row.workerId ? ` under worker ${row.workerId}` : ''}` : 'it changed';
  return new W365Error(
    JobErrorCodes.LeaseLost,
    `Job ${lease.jobId} is no longer held by worker ${lease.workerId} (${now}); this worker stops writing.`,
  );
}

function finishValues(outcome: JobOutcome, now: Date): Desired {
  return {
    values: {
      [J.col.jobStatus]: Choices.syncJobStatus[outcome.status],
      [J.col.runLock]: null,
      [J.col.finishedOn]: now.toISOString(),
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
      [J.col.result]: outcome.result !== undefined ? JSON.stringify(outcome.result).slice(0, 1048576) : undefined,
    },
  };
}

/** Longest item name before it is cut at a word (the list shows names whole; the message keeps the rest). */
const ITEM_NAME_MAX_CHARS = 160;

/**
 * An item's name, as a person reads it in a list: its message's first sentence (the code has its own
 * column), cut at a word; the code and record when the message is empty.
 */
export function itemName(item: Pick<JobItem, 'code' | 'message' | 'recordName' | 'recordId'>): string {
  const sentence = firstSentence(item.message.trim());
  if (!sentence) return `${item.code}: ${item.recordName ?? item.recordId ?? ''}`.slice(0, 400);
  if (sentence.length <= ITEM_NAME_MAX_CHARS) return sentence;
  const cut = sentence.slice(0, ITEM_NAME_MAX_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), ITEM_NAME_MAX_CHARS / 2)).trimEnd()}…`;
}

/** Dots inside customers' and products' names ("Pty. Ltd.", "Inc."), which end no sentence. */
const ABBREVIATIONS = new Set([
  'pty',
  'ltd',
  'inc',
  'co',
  'corp',
  'bros',
  'llc',
  'plc',
  'st',
  'no',
  'vs',
  'etc',
  'dr',
  'mr',
  'mrs',
]);

/** Up to the first `.`, `!` or `?` followed by a space and a capital or digit, passing over abbreviations. */
function firstSentence(text: string): string {
  for (const m of text.matchAll(/[.!?](?=\s+[A-Z0-9"'(])/g)) {
    const word = /(\p{L}+)$/u.exec(text.slice(0, m.index))?.[1]?.toLowerCase();
    if (m[0] === '.' && word && ABBREVIATIONS.has(word)) continue;
    return text.slice(0, m.index + 1);
  }
  return text;
}

function itemRow(jobId: string, item: JobItem): Desired {
  return {
    values: {
      [I.col.name]: itemName(item),
      [I.col.severity]: Choices.severity[item.severity],
      [I.col.code]: item.code,
      [I.col.message]: item.message.slice(0, 4000),
      [I.col.recordType]: item.recordType ?? null,
      [I.col.recordId]: item.recordId ?? null,
      [I.col.recordName]: item.recordName?.slice(0, 400) ?? null,
      [I.col.providerValue]: item.providerValue?.slice(0, 4000) ?? null,
      [I.col.crmValue]: item.crmValue?.slice(0, 4000) ?? null,
    },
    lookups: { [I.col.syncJob]: bind(J, jobId) },
  };
}

function outcomeOf(row: Row): StoredOutcome {
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
