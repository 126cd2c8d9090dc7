/**
 * An upgrade as a customer lives it: version 1.0.0 imported, providers synced, then 1.0.1 with a new
 * column imported over it. Every row and every License Change Log entry is still there, unchanged, the
 * new column is there to write, and the next sync finds nothing to do.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSolution } from '../../../solution/packer';
import { defaultModel, type SolutionModel } from '../../../solution/packer/model';
import { col } from '../../../solution/schema/define';
import { Tables, type TableDef } from '../../../solution/schema';
import { SOLUTION_UNIQUE_NAME } from '../../../solution/version';
import { syncProviderAccounts } from '../../../plugins/sync/accounts/operation';
import { syncSubscriptions } from '../../../plugins/sync/subscriptions/operation';
import type { Row } from '../../../plugins/dataverse/client';
import { startHarness, type Harness } from '../../helpers/harness';
import { TestJobContext } from '../../helpers/job-context';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;
const NOTES = 'w365_upgradenotes';

let dir: string;
let h: Harness;
let nextZip: Buffer;

async function build(version: string, model: SolutionModel): Promise<Buffer> {
  const out = path.join(dir, version);
  const built = await buildSolution({ outDir: out, version, model, pcfOutputDirs: [], webResources: [], ribbons: {} });
  return fs.readFile(built.managedZip);
}

/** 1.0.1: Subscription gains a text column. */
function withNotes(model: SolutionModel): SolutionModel {
  const tables = model.tables.map((t): TableDef =>
    t.logicalName === S.logicalName ? { ...t, columns: [...t.columns, col.string(NOTES, 'Upgrade Notes', 400)] } : t,
  );
  return { ...model, tables };
}

async function run(operation: 'SyncProviderAccounts' | 'SyncSubscriptions') {
  const id = await h.service.store.createJob({ name: operation, operation, providerId: h.providerId });
  const ctx = new TestJobContext({ id, providerId: h.providerId, operation });
  const fn = operation === 'SyncProviderAccounts' ? syncProviderAccounts : syncSubscriptions;
  await fn(h.service.syncDeps, ctx);
  return ctx;
}

const rows = async (set: string, select: string[]): Promise<Row[]> =>
  (await h.dv.all(set, { select })).sort((a, b) => (String(a[select[0]]) < String(b[select[0]]) ? -1 : 1));

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-upgrade-'));
  const model = defaultModel();
  h = await startHarness({
    techdata: { customers: 12, subscriptionsPerCustomer: 2 },
    registerWebhooks: false,
    solutions: [await build('1.0.0.0', model)],
  });
  // Built while 1.0.0 runs, so that the import below is all the test times.
  nextZip = await build('1.0.1.0', withNotes(model));
  await run('SyncProviderAccounts');
  await run('SyncSubscriptions');
});

afterAll(async () => {
  await h?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

it('keeps every row and the history across the upgrade, adds the column, and syncs nothing new after it', async () => {
  const subscriptionColumns = [
    S.col.id,
    S.col.name,
    S.col.quantity,
    S.col.unitPrice,
    S.val.customer,
    S.col.versionNumber,
  ];
  const logColumns = [L.col.id, L.col.changeType, L.col.quantityDelta, L.val.subscription];
  const subsBefore = await rows(S.entitySetName, subscriptionColumns);
  const logsBefore = await rows(L.entitySetName, logColumns);
  expect(subsBefore.length).toBeGreaterThan(5);
  expect(logsBefore.length).toBeGreaterThanOrEqual(subsBefore.length);
  const id = String(subsBefore[0][S.col.id]);
  await expect(h.dv.retrieve(S.entitySetName, id, [NOTES])).rejects.toThrow(NOTES);

  const outcome = await h.emulator.importSolution(nextZip);
  expect(outcome).toEqual({ uniqueName: SOLUTION_UNIQUE_NAME, version: '1.0.1.0', managed: true, unchanged: false });

  expect(await rows(S.entitySetName, subscriptionColumns)).toEqual(subsBefore);
  expect(await rows(L.entitySetName, logColumns)).toEqual(logsBefore);
  const installed = await h.dv.all('solutions', {
    select: ['version'],
    filter: `uniquename eq '${SOLUTION_UNIQUE_NAME}'`,
  });
  expect(installed.map((r) => r.version)).toEqual(['1.0.1.0']);

  await h.dv.update(S.entitySetName, id, { [NOTES]: 'after the upgrade' });
  expect((await h.dv.retrieve(S.entitySetName, id, [NOTES]))?.[NOTES]).toBe('after the upgrade');

  const again = await run('SyncSubscriptions');
  expect(again.counts).toMatchObject({ created: 0, updated: 0 });
  expect((await rows(L.entitySetName, logColumns)).length).toBe(logsBefore.length);
});
