/**
 * The embedded default is safe to restart and refuses to be started twice, as a person meets it with
 * `npm start`: after Sync Provider Accounts, Sync Subscriptions and an applied Migrate Manual
 * Subscriptions, `w365 check-license-log` is clean; a second `w365 serve` on the busy port exits
 * non-zero at once with the reason while the first keeps serving the tools; a second one on the same
 * data folder is refused; and after Ctrl+C and a new start every row is as the flows left it (only a
 * demo provider's connection to its new sandbox moves) and the log is still clean.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Choices, CUSTOM_TABLES, Tables, type TableDef } from '../../../solution/schema';
import { DataverseJobStore } from '../../../plugins/jobs/store';
import type { OperationName } from '../../../plugins/jobs/types';
import { Redactor } from '../../../plugins/shared/redact';
import { connectDataverse } from '../../../scripts/cli-dataverse';
import { DEMO_TECHDATA_PROVIDER } from '../../../emulators/embedded';
import { freePort, runW365, serveEnv, startServe, type RunningServe } from './helpers/serve-process';

jest.setTimeout(600_000);

let dataDir: string;
let port: number;
let first: RunningServe | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-restart-'));
  port = await freePort();
});

afterAll(async () => {
  await first?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const env = () => serveEnv({ dataDir, port });
const tools = () => connectDataverse(new Redactor(), env()).dv;

async function runJob(operation: OperationName, providerId: string): Promise<string> {
  const store = new DataverseJobStore(tools());
  const id = await store.createJob({ name: `restart test: ${operation}`, operation, providerId });
  for (let i = 0; i < 240; i++) {
    const job = await store.get(id);
    if (job && !['Queued', 'Running'].includes(job.status)) return job.status;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${operation} did not finish`);
}

async function licenseLog(): Promise<{ code: number | null; report: { checked: number; mismatches: unknown[] } }> {
  const run = await runW365(['check-license-log', '--provider', DEMO_TECHDATA_PROVIDER, '--json'], env());
  return { code: run.code, report: JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') };
}

/** The columns a restart re-points on a demo provider (its sandbox is new), and the platform's row version. */
const MOVING = new Set([
  Tables.provider.col.endpointUrl,
  Tables.provider.col.userName,
  Tables.provider.col.password,
  Tables.provider.col.tokenState,
  'modifiedon',
  'versionnumber',
  '@odata.etag',
]);

async function snapshot(): Promise<Record<string, Record<string, unknown>[]>> {
  const dv = tools();
  const tables: TableDef[] = [...CUSTOM_TABLES, Tables.account, Tables.product];
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const t of tables) {
    const rows = await dv.all(t.entitySetName, { orderby: t.primaryIdAttribute });
    out[t.logicalName] = rows.map((row) => {
      const repointed =
        t === Tables.provider ||
        (t === Tables.providerProperty &&
          /^https?:\/\/127\.0\.0\.1/.test(String(row[Tables.providerProperty.col.value])));
      return Object.fromEntries(
        Object.entries(row).filter(([k]) => !(repointed && (MOVING.has(k) || k === Tables.providerProperty.col.value))),
      );
    });
  }
  return out;
}

describe('w365 serve: restart and a second start', () => {
  it('keeps every row across a restart, and refuses a second instance at once', async () => {
    first = await startServe({ dataDir, port });
    expect(fs.existsSync(path.join(dataDir, 'embedded.json'))).toBe(true);

    const dv = tools();
    const P = Tables.provider;
    const [techdata] = await dv.all(P.entitySetName, {
      select: [P.col.id],
      filter: `${P.col.name} eq '${DEMO_TECHDATA_PROVIDER}'`,
    });
    const providerId = String(techdata[P.col.id]);
    expect(await runJob('SyncProviderAccounts', providerId)).toMatch(/^Succeeded/);
    expect(await runJob('SyncSubscriptions', providerId)).toMatch(/^Succeeded/);
    const migrate = await runW365(['migrate-manual', '--provider', DEMO_TECHDATA_PROVIDER, '--apply'], env());
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/Migrated [1-9]\d* manual subscription/);
    const clean = await licenseLog();
    expect(clean.code).toBe(0);
    expect(clean.report.mismatches).toEqual([]);
    const before = await snapshot();
    const S = Tables.subscription;
    expect(
      before[S.logicalName].filter((s) => s[S.col.channel] === Choices.channel.Manual && s[S.col.stateCode] === 1)
        .length,
    ).toBeGreaterThan(0);

    // A second start on the busy port: refused at once, in words, and the first instance keeps working.
    const second = await runW365(['serve'], serveEnv({ dataDir: path.join(dataDir, 'other'), port }), 30_000);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('CLI_LISTEN_FAILED: Cannot listen on 127.0.0.1:');
    expect(second.stderr).toContain('the port is already in use');
    expect(second.elapsedInMs).toBeLessThan(5_000);
    // On another port but the same data folder: refused too, naming the instance that holds it.
    const third = await runW365(['serve'], serveEnv({ dataDir, port: await freePort() }), 30_000);
    expect(third.code).not.toBe(0);
    expect(third.stderr).toContain(`EMULATOR_DATA_DIR_IN_USE: The data folder ${dataDir} is in use`);
    expect(third.stderr).toContain(`(pid ${first.child.pid},`);
    expect((await licenseLog()).report.mismatches).toEqual([]);
    expect(await fetch(`${first.url}/healthz`).then((r) => r.status)).toBe(200);

    // Ctrl+C: the state file and the lock go with the instance.
    expect(await first.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'embedded.json'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'embedded.lock'))).toBe(false);
    const gone = await runW365(['check-license-log', '--provider', DEMO_TECHDATA_PROVIDER], env());
    expect(gone.stderr).toContain('CLI_NO_DATAVERSE');

    first = await startServe({ dataDir, port });
    expect(await snapshot()).toEqual(before);
    const after = await licenseLog();
    expect(after.code).toBe(0);
    expect(after.report.mismatches).toEqual([]);
    // The demo providers were re-pointed at this start's sandboxes, so a job still reaches them.
    expect(await runJob('VerifyConnectivity', providerId)).toBe('Succeeded');
  });
});
