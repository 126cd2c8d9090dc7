/**
 * `DataverseJobStore` itself, over an in-memory DataverseApi: what it writes to the Sync Job row and
 * its items, and how it holds a lease when the row's version moves under it (the contract test covers
 * what every JobStore promises).
 */
import { randomUUID } from 'node:crypto';
import { Choices, Tables } from '../../../solution/schema';
import { isW365Error } from '../../../common/errors';
import { updateRow, type WriteIntent } from '../../../plugins/dataverse/intents';
import { JobErrorCodes } from '../../../plugins/jobs/errors';
import { DataverseJobStore, runLockOf, toJobRecord } from '../../../plugins/jobs/store';
import type { JobRecord } from '../../../plugins/jobs/types';
import { FakeDataverseApi } from '../dataverse/fakes/fake-dataverse-api';
import { FakeClock } from './fakes/fake-clock';

const J = Tables.syncJob;
const I = Tables.syncJobItem;

let dv: FakeDataverseApi;
let clock: FakeClock;
let store: DataverseJobStore;
const providerId = randomUUID();

beforeEach(() => {
  dv = new FakeDataverseApi();
  clock = new FakeClock();
  store = new DataverseJobStore(dv, clock.date);
});

async function running(workerId = 'worker-a') {
  const id = await store.createJob({ name: 'Sync', operation: 'SyncSubscriptions', providerId });
  const c = await store.claim((await store.get(id)) as JobRecord, workerId);
  if (!c.claimed) throw new Error(c.reason);
  return c;
}

const jobUpdates = () =>
  dv.applied.filter((i): i is Extract<WriteIntent, { kind: 'update' }> => i.kind === 'update' && i.table === J);

describe('DataverseJobStore', () => {
  it('creates a Queued job with its operation, trigger, scope and parameters, and reads them back', async () => {
    const contractId = randomUUID();
    const id = await store.createJob({
      name: 'Sync Subscriptions (Contoso)',
      operation: 'SyncSubscriptions',
      providerId,
      billingContractId: contractId,
      trigger: 'Scheduled',
      parameters: { dryRun: true },
    });
    expect(await store.get(id)).toMatchObject({
      id,
      name: 'Sync Subscriptions (Contoso)',
      operation: 'SyncSubscriptions',
      providerId,
      billingContractId: contractId,
      trigger: 'Scheduled',
      status: 'Queued',
      parameters: { dryRun: true },
    });
  });

  it('the claim writes Running, the worker, the start and the run lock, conditional on the version read', async () => {
    const id = await store.createJob({ name: 'Sync', operation: 'SyncSubscriptions', providerId });
    const read = (await store.get(id)) as JobRecord;
    const c = await store.claim(read, 'worker-a');
    const claim = jobUpdates()[0];
    expect(claim.etag).toBe(read.etag);
    expect(claim.changes.values).toMatchObject({
      [J.col.jobStatus]: Choices.syncJobStatus.Running,
      [J.col.workerId]: 'worker-a',
      [J.col.runLock]: runLockOf(read),
      [J.col.startedOn]: clock.date().toISOString(),
    });
    expect(c.claimed && c.lease.etag).toBe(dv.row(J, id)?.['@odata.etag']);
  });

  it('progress under a moved version re-reads the row and writes again on the version it found', async () => {
    const { lease } = await running();
    await dv.write(updateRow(J, lease.jobId, { values: { [J.col.name]: 'Renamed' } }));
    const moved = String(dv.row(J, lease.jobId)?.['@odata.etag']);
    clock.advance(5_000);
    const renewed = await store.progress(lease, 42.4, 'Writing changes');
    expect(
      jobUpdates()
        .slice(-2)
        .map((u) => u.etag),
    ).toEqual([lease.etag, moved]);
    expect(renewed).toEqual({ ...lease, etag: dv.row(J, lease.jobId)?.['@odata.etag'] });
    expect(dv.row(J, lease.jobId)).toMatchObject({
      [J.col.progress]: 42,
      [J.col.progressMessage]: 'Writing changes',
      [J.col.heartbeatOn]: clock.date().toISOString(),
      [J.col.name]: 'Renamed',
    });
  });

  it('throws JOB_LEASE_LOST when another worker claimed the job after this one stalled', async () => {
    const { lease } = await running();
    clock.advance(180_000);
    await dv.write(
      updateRow(J, lease.jobId, {
        values: { [J.col.workerId]: 'worker-b', [J.col.startedOn]: clock.date().toISOString() },
      }),
    );
    const err = await store.progress(lease, 50, 'x').catch((e: unknown) => e);
    expect(isW365Error(err) && err.code).toBe(JobErrorCodes.LeaseLost);
    expect(String((err as Error).message)).toMatch(/now Running under worker worker-b/);
    expect(dv.row(J, lease.jobId)?.[J.col.workerId]).toBe('worker-b');
  });

  it('gives up (JOB_LEASE_LOST) when the version moves at every attempt, rather than retrying forever', async () => {
    const { lease } = await running();
    dv.beforeWrite = (intent) => {
      if (intent.table === J && intent.kind === 'update' && intent.etag !== '*')
        void dv.write(updateRow(J, lease.jobId, { values: { [J.col.name]: `moved ${Math.random()}` } }));
    };
    const err = await store.progress(lease, 50, 'x').catch((e: unknown) => e);
    expect(isW365Error(err) && err.code).toBe(JobErrorCodes.LeaseLost);
    expect(jobUpdates().filter((u) => u.etag !== '*').length).toBeGreaterThanOrEqual(3);
  });

  it('finish writes the outcome, releases the run lock, and keeps a summary within the column', async () => {
    const { lease } = await running();
    clock.advance(60_000);
    await store.finish(lease, {
      status: 'Failed',
      summary: 'x'.repeat(200_000),
      counts: { created: 1, updated: 2, unchanged: 3, skipped: 4, failed: 5 },
      warnings: 6,
      errorCode: 'JOB_FAILED',
      result: { pairs: 2 },
    });
    const row = dv.row(J, lease.jobId);
    expect(row).toMatchObject({
      [J.col.jobStatus]: Choices.syncJobStatus.Failed,
      [J.col.runLock]: null,
      [J.col.finishedOn]: clock.date().toISOString(),
      [J.col.progress]: 100,
      [J.col.failedCount]: 5,
      [J.col.warningCount]: 6,
      [J.col.errorCode]: 'JOB_FAILED',
      [J.col.result]: '{"pairs":2}',
    });
    expect(String(row?.[J.col.summary])).toHaveLength(100_000);
    expect(await store.getOutcome(lease.jobId)).toMatchObject({
      status: 'Failed',
      errorCode: 'JOB_FAILED',
      result: { pairs: 2 },
    });
  });

  it('writes items as rows of the job and counts only those Dataverse took', async () => {
    const { lease } = await running();
    dv.failUnit = (u) =>
      (u.tag as { code: string }).code === 'BAD' ? { status: 400, code: '0x80040203', message: 'Invalid' } : undefined;
    const written = await store.addItems(lease.jobId, [
      { severity: 'Warning', code: 'SUBSCRIPTION_UNMAPPED_SKU', message: 'SKU X is not mapped', recordName: 'X' },
      { severity: 'Error', code: 'BAD', message: 'refused' },
      { severity: 'Info', code: 'SUBSCRIPTION_HAND_EDIT_KEPT', message: 'kept', providerValue: '10', crmValue: '12' },
    ]);
    expect(written).toBe(2);
    const items = dv.rowsIn(I);
    expect(items.map((r) => [r[I.col.code], r[I.col.severity], r[I.val.syncJob]])).toEqual([
      ['SUBSCRIPTION_UNMAPPED_SKU', Choices.severity.Warning, lease.jobId],
      ['SUBSCRIPTION_HAND_EDIT_KEPT', Choices.severity.Info, lease.jobId],
    ]);
    expect(items[1]).toMatchObject({ [I.col.providerValue]: '10', [I.col.crmValue]: '12' });
    expect(await store.addItems(lease.jobId, [])).toBe(0);
  });

  it('reads parameters that are not a JSON object as { invalid } instead of failing the job', () => {
    const base = { [J.col.id]: randomUUID(), [J.col.operation]: Choices.syncOperation.SyncSubscriptions };
    expect(toJobRecord({ ...base, [J.col.parameters]: '{not json' }).parameters).toEqual({ invalid: '{not json' });
    expect(toJobRecord({ ...base, [J.col.parameters]: '[1,2]' }).parameters).toEqual({});
    expect(toJobRecord({ ...base, [J.col.parameters]: null }).parameters).toEqual({});
  });

  it('scopes the run lock to provider and operation, so a billing contract sync still locks the provider', () => {
    const job = { providerId, operation: 'SyncSubscriptions' as const };
    expect(runLockOf({ ...job, billingContractId: randomUUID() })).toBe(runLockOf(job));
    expect(runLockOf({ ...job, operation: 'SyncProviderAccounts' })).not.toBe(runLockOf(job));
  });
});
