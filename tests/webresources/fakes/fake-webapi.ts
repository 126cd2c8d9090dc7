/// <reference types="xrm" />
/**
 * An in-memory `Xrm.WebApi` (xrm-mock's throws "not implemented") with a sync service inside: a Sync
 * Job created through it moves Queued -> Running -> final as the test's virtual clock advances,
 * following a script the test chooses (how long it waits, runs, how it ends, which items it writes).
 * Rows carry formatted values and lookup `_x_value`s as Dataverse returns them; every call is logged so
 * tests can count the requests a command makes.
 */
import { XrmPromiseMock } from 'xrm-mock/dist/xrm-mock/async/xrmpromise/xrmpromise.mock';
import {
  Choices,
  Tables,
  tableByLogicalName,
  type ChoiceColumn,
  type LookupColumn,
  type TableDef,
} from '../../../solution/schema';
import { parseQuery, type Row } from './odata-query';
import type { VirtualClock } from './platform';

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const J = Tables.syncJob;

export type StatusName = keyof typeof Choices.syncJobStatus &
  ('Succeeded' | 'SucceededWithWarnings' | 'NoChange' | 'Failed' | 'NotStarted' | 'Cancelled');

/** What the service writes when it stops a job on Cancel Requested (plugins/jobs/runner.ts). */
export const CANCELLED_SUMMARY = 'Cancelled: stopped at the next checkpoint, as asked.';

export interface JobScript {
  /** How long the job waits for the service (Queued). Default 500 ms. */
  queuedForMs?: number;
  /** How long it runs. Default 3000 ms. */
  runForMs?: number;
  progressMessage?: string;
  /** How it ends; `never` keeps it running forever (a slow job). */
  final:
    | 'never'
    | {
        status: StatusName;
        summary: string;
        counts?: Partial<Record<'created' | 'updated' | 'unchanged' | 'skipped' | 'failed', number>>;
        items?: { severity: 'Warning' | 'Error'; message: string; recordName?: string }[];
        result?: unknown;
        errorCode?: string;
      };
}

export interface WebApiCall {
  method: 'createRecord' | 'retrieveRecord' | 'retrieveMultipleRecords' | 'updateRecord' | 'deleteRecord';
  entity: string;
  id?: string;
  options?: string;
  data?: Row;
}

/** What Xrm.WebApi rejects with. */
export class WebApiError {
  constructor(
    readonly errorCode: number,
    readonly message: string,
  ) {}
}

let counter = 0;
const newId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export class FakeWebApi implements Xrm.WebApi {
  readonly calls: WebApiCall[] = [];
  private readonly tables = new Map<string, Map<string, Row>>();
  private readonly scripts = new Map<string, JobScript>();
  /** The script for each job created; default: succeeds after 3.5 s. */
  scriptFor: (job: Row) => JobScript = () => ({
    final: { status: 'Succeeded', summary: 'Done.', counts: { updated: 1 } },
  });
  /** Make the next creates fail with this error. */
  failCreate?: WebApiError;
  /** Make this many reads of a Sync Job fail (network blips). */
  failJobReads = 0;

  constructor(private readonly clock: VirtualClock) {}

  get online(): Xrm.WebApiOnline {
    return this as unknown as Xrm.WebApiOnline;
  }
  get offline(): Xrm.WebApiOffline {
    return this as unknown as Xrm.WebApiOffline;
  }
  isAvailableOffline(): boolean {
    return false;
  }

  /** Seed a row (provider, account, job...) as Dataverse would hold it. */
  insert(logicalName: string, row: Row, script?: JobScript): string {
    const table = this.table(logicalName);
    const def = tableByLogicalName(logicalName) as TableDef;
    const id = String(row[def.primaryIdAttribute] ?? newId());
    this.tables
      .get(logicalName)
      ?.set(id, { createdon: new Date(this.clock.now()).toISOString(), ...row, [def.primaryIdAttribute]: id });
    if (script) this.scripts.set(id, script);
    void table;
    return id;
  }

  rows(logicalName: string): Row[] {
    this.advanceJobs();
    return [...this.table(logicalName).values()];
  }

  count(method: WebApiCall['method'], entity?: string): number {
    return this.calls.filter((c) => c.method === method && (entity === undefined || c.entity === entity)).length;
  }

  // Xrm.WebApi answers with Xrm.Async.PromiseLike (then/fail/always); xrm-mock's wrapper gives a native promise those.
  createRecord(entityLogicalName: string, record: Row): Xrm.Async.PromiseLike<Xrm.CreateResponse> {
    return new XrmPromiseMock(this.createRecordNow(entityLogicalName, record));
  }

  private async createRecordNow(entityLogicalName: string, record: Row): Promise<Xrm.CreateResponse> {
    this.calls.push({ method: 'createRecord', entity: entityLogicalName, data: record });
    if (this.failCreate) throw this.failCreate;
    const def = this.def(entityLogicalName);
    const row: Row = {};
    for (const [key, value] of Object.entries(record)) {
      const bind = /^(.+)@odata\.bind$/.exec(key);
      if (!bind) {
        row[key] = value;
        continue;
      }
      const lookup = def.columns.find(
        (c): c is LookupColumn => c.type === 'lookup' && c.targets.some((t) => t.navigationProperty === bind[1]),
      );
      if (!lookup)
        throw new WebApiError(0x80060888, `'${bind[1]}' is not a navigation property of ${entityLogicalName}`);
      const m = /^\/([a-z0-9_]+)\(([0-9a-f-]{36})\)$/.exec(String(value));
      if (!m) throw new WebApiError(0x80060888, `bad bind ${String(value)}`);
      row[`_${lookup.logicalName}_value`] = m[2];
    }
    const id = this.insert(entityLogicalName, row);
    if (entityLogicalName === J.logicalName)
      this.scripts.set(id, this.scriptFor(this.table(J.logicalName).get(id) as Row));
    return { entityType: entityLogicalName, id };
  }

  retrieveRecord<T = Row>(entityLogicalName: string, id: string, options?: string): Xrm.Async.PromiseLike<T> {
    return new XrmPromiseMock(this.retrieveRecordNow(entityLogicalName, id, options) as Promise<T>);
  }

  private async retrieveRecordNow(entityLogicalName: string, id: string, options?: string): Promise<Row> {
    this.calls.push({ method: 'retrieveRecord', entity: entityLogicalName, id, options });
    if (entityLogicalName === J.logicalName && this.failJobReads > 0) {
      this.failJobReads--;
      throw new WebApiError(0x80040216, 'The network connection was lost.');
    }
    this.advanceJobs();
    const row = this.table(entityLogicalName).get(id.replace(/[{}]/g, '').toLowerCase());
    if (!row) throw new WebApiError(0x80040217, `${entityLogicalName} With Id = ${id} Does Not Exist`);
    const query = parseQuery(options);
    return this.shape(entityLogicalName, row, query.select, query.expand);
  }

  retrieveMultipleRecords<T = Row>(
    entityLogicalName: string,
    options?: string,
  ): Xrm.Async.PromiseLike<Xrm.RetrieveMultipleResult<T>> {
    return new XrmPromiseMock(
      this.retrieveMultipleRecordsNow(entityLogicalName, options) as Promise<Xrm.RetrieveMultipleResult<T>>,
    );
  }

  private async retrieveMultipleRecordsNow(
    entityLogicalName: string,
    options?: string,
  ): Promise<Xrm.RetrieveMultipleResult> {
    this.calls.push({ method: 'retrieveMultipleRecords', entity: entityLogicalName, options });
    this.advanceJobs();
    const query = parseQuery(options);
    let rows = [...this.table(entityLogicalName).values()].filter((r) => !query.filter || query.filter(r));
    if (query.orderBy) {
      const { column, descending } = query.orderBy;
      rows = rows.sort(
        (a, b) =>
          (String(a[column]) < String(b[column]) ? -1 : String(a[column]) > String(b[column]) ? 1 : 0) *
          (descending ? -1 : 1),
      );
    }
    if (query.top !== undefined) rows = rows.slice(0, query.top);
    return {
      entities: rows.map((r) => this.shape(entityLogicalName, r, query.select, query.expand)),
      nextLink: undefined as unknown as string,
    };
  }

  updateRecord(entityLogicalName: string, id: string, data: Row): Xrm.Async.PromiseLike<Xrm.UpdateResponse> {
    return new XrmPromiseMock(this.updateRecordNow(entityLogicalName, id, data));
  }

  private async updateRecordNow(entityLogicalName: string, id: string, data: Row): Promise<Xrm.UpdateResponse> {
    this.calls.push({ method: 'updateRecord', entity: entityLogicalName, id, data });
    const row = this.table(entityLogicalName).get(id);
    if (!row) throw new WebApiError(0x80040217, 'Does Not Exist');
    Object.assign(row, data);
    return { entityType: entityLogicalName, id };
  }

  deleteRecord(entityLogicalName: string, id: string): Xrm.Async.PromiseLike<string> {
    return new XrmPromiseMock(this.deleteRecordNow(entityLogicalName, id));
  }

  private async deleteRecordNow(entityLogicalName: string, id: string): Promise<string> {
    this.calls.push({ method: 'deleteRecord', entity: entityLogicalName, id });
    this.table(entityLogicalName).delete(id);
    return id;
  }

  private def(logicalName: string): TableDef {
    const def = tableByLogicalName(logicalName);
    if (!def) throw new WebApiError(0x80040217, `Entity '${logicalName}' does not exist`);
    return def;
  }

  private table(logicalName: string): Map<string, Row> {
    this.def(logicalName);
    let t = this.tables.get(logicalName);
    if (!t) this.tables.set(logicalName, (t = new Map()));
    return t;
  }

  /** Selected columns, the id, and formatted values of choices, as Xrm.WebApi returns them. */
  private shape(
    logicalName: string,
    row: Row,
    select: string[] | undefined,
    expand: { navigation: string; select?: string[] }[] | undefined,
  ): Row {
    const def = this.def(logicalName);
    const out: Row = { [def.primaryIdAttribute]: row[def.primaryIdAttribute] };
    for (const [key, value] of Object.entries(row)) {
      if (select && !select.includes(key)) continue;
      out[key] = value;
      const column = def.columns.find((c) => c.logicalName === key);
      if (column?.type === 'choice' && typeof value === 'number')
        out[`${key}${FORMATTED}`] = (column as ChoiceColumn).choice.options.find((o) => o.value === value)?.label;
    }
    for (const e of expand ?? []) {
      const lookup = def.columns.find(
        (c): c is LookupColumn => c.type === 'lookup' && c.targets[0]?.navigationProperty === e.navigation,
      );
      if (!lookup) throw new Error(`${e.navigation} is not a navigation property of ${logicalName}`);
      const target = lookup.targets[0].table;
      const related = this.table(target).get(String(row[`_${lookup.logicalName}_value`] ?? ''));
      out[e.navigation] = related ? this.shape(target, related, e.select, undefined) : null;
    }
    return out;
  }

  /** The sync service: moves every scripted job to where the clock says it is. */
  private advanceJobs(): void {
    const now = this.clock.now();
    const jobs = this.tables.get(J.logicalName);
    if (!jobs) return;
    for (const [id, job] of jobs) {
      const script = this.scripts.get(id);
      if (!script) continue;
      const age = now - Date.parse(String(job.createdon));
      const queuedFor = script.queuedForMs ?? 500;
      const runFor = script.runForMs ?? 3000;
      const c = J.col;
      if (age < queuedFor) continue;
      // The service stops a running job at its next heartbeat once a person asked to cancel it.
      if (job[c.cancelRequested] === true && job[c.jobStatus] === Choices.syncJobStatus.Running)
        script.final = { status: 'Cancelled', summary: CANCELLED_SUMMARY, errorCode: 'JOB_CANCELLED' };
      else if (script.final === 'never' || age < queuedFor + runFor) {
        job[c.jobStatus] = Choices.syncJobStatus.Running;
        job[c.progress] = script.final === 'never' ? 50 : Math.floor(((age - queuedFor) / runFor) * 100);
        job[c.progressMessage] = script.progressMessage ?? 'Working';
        continue;
      }
      const f = script.final;
      this.scripts.delete(id);
      job[c.jobStatus] = Choices.syncJobStatus[f.status];
      job[c.progress] = 100;
      job[c.progressMessage] = Choices.syncJobStatus.label(Choices.syncJobStatus[f.status]);
      job[c.summary] = f.summary;
      job[c.createdCount] = f.counts?.created ?? 0;
      job[c.updatedCount] = f.counts?.updated ?? 0;
      job[c.unchangedCount] = f.counts?.unchanged ?? 0;
      job[c.skippedCount] = f.counts?.skipped ?? 0;
      job[c.failedCount] = f.counts?.failed ?? 0;
      job[c.warningCount] = f.items?.length ?? 0;
      job[c.errorCode] = f.errorCode ?? null;
      if (f.result !== undefined) job[c.result] = JSON.stringify(f.result);
      const I = Tables.syncJobItem;
      (f.items ?? []).forEach((item, n) =>
        this.insert(I.logicalName, {
          [I.val.syncJob]: id,
          [I.col.severity]: Choices.severity[item.severity],
          [I.col.message]: item.message,
          [I.col.recordName]: item.recordName ?? null,
          // Distinct, ordered creation times, as the service's batched item writes have.
          createdon: new Date(now + n).toISOString(),
        }),
      );
    }
  }
}
