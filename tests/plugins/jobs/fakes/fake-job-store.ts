/**
 * An in-memory `JobStore` for the job lifecycle's unit tests, keeping the contract `DataverseJobStore`
 * keeps (the contract test runs the same scenarios over both):
 * - a claim takes a Queued job to Running for one worker and holds the run lock (provider + operation);
 *   a second job under the same lock is refused with the holder; a claim from a stale read loses the race;
 * - progress and finish under a lease succeed while the row still says this worker runs the job from
 *   this claim (whatever else changed), and throw JOB_LEASE_LOST once another verdict is on the row;
 * - finish of a job as read (recovery, a refused start) is conditional on the version read, and a
 *   row that moved on is not written (finish answers false), as DataverseJobStore does on a 412.
 * Test hooks are prefixed `_`: `_takeOver` (another worker's verdict), `_touch` (someone changed another
 * column), `_failNext` and `_afterNext` (reach in between two calls).
 */
import { randomUUID } from 'node:crypto';
import { W365Error } from '../../../../common/errors';
import { JobErrorCodes } from '../../../../plugins/jobs/errors';
import { zeroCounts } from '../../../../plugins/jobs/tally';
import {
  runLockOf,
  type ClaimResult,
  type JobLease,
  type JobOutcome,
  type JobStore,
  type NewJob,
  type StoredOutcome,
} from '../../../../plugins/jobs/store';
import type { JobItem, JobRecord } from '../../../../plugins/jobs/types';

type Method = keyof JobStore;

export interface FakeJobRow {
  record: JobRecord;
  version: number;
  runLock?: string;
  /** A person asked to cancel (the Cancel Job command). */
  cancelRequested?: boolean;
  progress?: { percent: number; message: string };
  outcome?: JobOutcome;
  finishedOn?: string;
  items: JobItem[];
}

export class FakeJobStore implements JobStore {
  private readonly rows = new Map<string, FakeJobRow>();
  private nextVersion = 1;
  private readonly failures = new Map<Method, unknown>();
  private readonly after = new Map<Method, () => void>();
  /** Every call, in order, with the job it concerned. */
  readonly calls: { method: Method; jobId?: string }[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** A job row as a webhook or the scheduler would have created it (Queued unless told otherwise). */
  seed(job: Partial<JobRecord> & Pick<JobRecord, 'operation'>): JobRecord {
    const id = job.id ?? randomUUID();
    const record: JobRecord = {
      id,
      name: job.name ?? `${job.operation} job`,
      trigger: 'Manual',
      status: 'Queued',
      parameters: {},
      createdOn: this.now().toISOString(),
      ...job,
    };
    const row: FakeJobRow = { record, version: 0, items: [] };
    if (record.status === 'Running') row.runLock = runLockOf(record);
    this.rows.set(id, row);
    this.bump(row);
    return this.copy(row);
  }

  /** The row as it stands (a copy). */
  _row(jobId: string): FakeJobRow {
    const row = this.rowOf(jobId);
    return { ...row, record: this.copy(row), items: [...row.items] };
  }

  /** Another worker's verdict lands on the row (recovery marked it interrupted, or it claimed it again). */
  _takeOver(jobId: string, verdict: { status: JobRecord['status']; workerId?: string; summary?: string }): void {
    const row = this.rowOf(jobId);
    row.record = { ...row.record, status: verdict.status, workerId: verdict.workerId ?? row.record.workerId };
    if (verdict.status === 'Running') row.record.startedOn = this.now().toISOString();
    else row.runLock = undefined;
    if (verdict.summary !== undefined)
      row.outcome = { status: 'Failed', summary: verdict.summary, counts: zeroCounts(), warnings: 0 };
    this.bump(row);
  }

  /** Someone changed another column (a person asked to cancel): the version moves, the job is still ours. */
  _touch(jobId: string): void {
    this.bump(this.rowOf(jobId));
  }

  /** The next call of `method` throws `err` instead of doing anything. */
  _failNext(method: Method, err: unknown): void {
    this.failures.set(method, err);
  }

  /** Runs `fn` right after the next call of `method` has answered. */
  _afterNext(method: Method, fn: () => void): void {
    this.after.set(method, fn);
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    return this.call('get', jobId, () => {
      const row = this.rows.get(jobId);
      return row ? this.copy(row) : undefined;
    });
  }

  async getOutcome(jobId: string): Promise<StoredOutcome | undefined> {
    return this.call('getOutcome', jobId, () => {
      const o = this.rows.get(jobId)?.outcome;
      return o ? { ...o, counts: { ...o.counts } } : undefined;
    });
  }

  async findQueued(createdBefore: Date): Promise<JobRecord[]> {
    return this.call('findQueued', undefined, () =>
      [...this.rows.values()]
        .filter((r) => r.record.status === 'Queued' && Date.parse(r.record.createdOn ?? '') < createdBefore.getTime())
        .sort((a, b) => Date.parse(a.record.createdOn ?? '') - Date.parse(b.record.createdOn ?? ''))
        .map((r) => this.copy(r)),
    );
  }

  async findRunning(): Promise<JobRecord[]> {
    return this.call('findRunning', undefined, () =>
      [...this.rows.values()].filter((r) => r.record.status === 'Running').map((r) => this.copy(r)),
    );
  }

  async findByRunLock(lock: string): Promise<JobRecord | undefined> {
    return this.call('findByRunLock', undefined, () => {
      const row = [...this.rows.values()].find((r) => r.runLock === lock);
      return row ? this.copy(row) : undefined;
    });
  }

  async claim(job: JobRecord, workerId: string): Promise<ClaimResult> {
    return this.call('claim', job.id, () => {
      if (job.status !== 'Queued') return { claimed: false, reason: 'not-queued' };
      const lock = runLockOf(job);
      const holder = [...this.rows.values()].find((r) => r.runLock === lock && r.record.id !== job.id);
      if (holder) return { claimed: false, reason: 'locked', holder: this.copy(holder) };
      const row = this.rowOf(job.id);
      if (job.etag !== undefined && job.etag !== this.etagOf(row)) return { claimed: false, reason: 'lost-race' };
      const startedOn = this.now().toISOString();
      row.record = { ...row.record, status: 'Running', workerId, startedOn, heartbeatOn: startedOn };
      row.runLock = lock;
      row.progress = { percent: 0, message: 'Starting' };
      this.bump(row);
      const claimed = this.copy(row);
      return { claimed: true, job: claimed, lease: { jobId: job.id, etag: this.etagOf(row), workerId, startedOn } };
    });
  }

  async progress(lease: JobLease, percent: number, message: string): Promise<JobLease> {
    return this.call('progress', lease.jobId, () => {
      const row = this.underLease(lease);
      row.progress = { percent: Math.max(0, Math.min(100, Math.round(percent))), message };
      row.record.heartbeatOn = this.now().toISOString();
      this.bump(row);
      return { ...lease, etag: this.etagOf(row) };
    });
  }

  async finish(target: JobLease | JobRecord, outcome: JobOutcome): Promise<boolean> {
    const jobId = 'jobId' in target ? target.jobId : target.id;
    return this.call('finish', jobId, () => {
      const row = 'jobId' in target ? this.underLease(target) : this.asRead(target);
      if (!row) return false;
      row.record = { ...row.record, status: outcome.status };
      row.outcome = { ...outcome, counts: { ...outcome.counts } };
      row.finishedOn = this.now().toISOString();
      row.runLock = undefined;
      this.bump(row);
      return true;
    });
  }

  async addItems(jobId: string, items: readonly JobItem[]): Promise<number> {
    return this.call('addItems', jobId, () => {
      this.rowOf(jobId).items.push(...items);
      return items.length;
    });
  }

  async createJob(input: NewJob): Promise<string> {
    return this.call('createJob', undefined, () => this.seed({ ...input, trigger: input.trigger ?? 'Manual' }).id);
  }

  async cancelRequested(jobId: string): Promise<boolean> {
    return this.call('cancelRequested', jobId, () => this.rowOf(jobId).cancelRequested === true);
  }

  /** A person chooses Cancel Job: only Cancel Requested changes (and so the row's version). */
  _requestCancel(jobId: string): void {
    const row = this.rowOf(jobId);
    row.cancelRequested = true;
    this.bump(row);
  }

  /** The row, if it still says this worker runs the job from the claim the lease came from. */
  private underLease(lease: JobLease): FakeJobRow {
    const row = this.rowOf(lease.jobId);
    const r = row.record;
    const ours =
      r.status === 'Running' &&
      r.workerId === lease.workerId &&
      r.startedOn !== undefined &&
      Date.parse(r.startedOn) === Date.parse(lease.startedOn);
    if (!ours)
      throw new W365Error(JobErrorCodes.LeaseLost, `Job ${lease.jobId} is no longer held by worker ${lease.workerId}.`);
    return row;
  }

  /** The row, if it is still at the version `job` was read at (else undefined: it moved on). */
  private asRead(job: JobRecord): FakeJobRow | undefined {
    const row = this.rowOf(job.id);
    if (job.etag !== undefined && job.etag !== '*' && job.etag !== this.etagOf(row)) return undefined;
    return row;
  }

  private async call<T>(method: Method, jobId: string | undefined, fn: () => T): Promise<T> {
    this.calls.push({ method, jobId });
    const failure = this.failures.get(method);
    if (failure !== undefined) {
      this.failures.delete(method);
      throw failure;
    }
    const out = fn();
    const then = this.after.get(method);
    this.after.delete(method);
    then?.();
    return out;
  }

  private rowOf(jobId: string): FakeJobRow {
    const row = this.rows.get(jobId);
    if (!row) throw new Error(`FakeJobStore: no job ${jobId}`);
    return row;
  }

  private copy(row: FakeJobRow): JobRecord {
    return { ...row.record, parameters: { ...row.record.parameters }, etag: this.etagOf(row) };
  }

  private etagOf(row: FakeJobRow): string {
    return `W/"${row.version}"`;
  }

  private bump(row: FakeJobRow): void {
    row.version = this.nextVersion++;
  }
}
