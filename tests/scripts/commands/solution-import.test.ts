/**
 * `w365 solution import --in ZIP` as an admin runs it: against an environment (here the emulator,
 * reached as the embedded default through its state file), with ImportSolutionAsync and the system
 * job's progress on stdout; a refused import exits 1 with the environment's reason.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SERVICE_CLIENT, startDataverseEmulator, type DataverseEmulator } from '../../../emulators/dataverse';
import { Tables } from '../../../solution/schema';
import { shippedSolutionZip } from '../../helpers/solution-zip';

const BIN = path.resolve(__dirname, '../../../bin/w365.js');

function cli(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, W365_DATA_DIR: dataDir, W365_DATAVERSE_URL: '' };
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += String(c)));
  child.stderr.on('data', (c) => (stderr += String(c)));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** The state file `npm start` writes, pointing the tools at `emu`. */
async function embeddedState(emu: DataverseEmulator): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-import-cli-'));
  const state = {
    url: emu.url,
    webApiUrl: emu.webApiUrl,
    authority: emu.authority,
    caFile: emu.caFile,
    clientId: DEFAULT_SERVICE_CLIENT.clientId,
    clientSecret: DEFAULT_SERVICE_CLIENT.clientSecret,
  };
  await fs.writeFile(path.join(dir, 'embedded.json'), JSON.stringify(state), { mode: 0o600 });
  return dir;
}

let zipFile: string;
beforeAll(async () => {
  zipFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'w365-zip-')), 'Work365ProviderSync_managed.zip');
  await fs.writeFile(zipFile, await shippedSolutionZip());
});

it('imports the zip and reports the job until it succeeds', async () => {
  const emu = await startDataverseEmulator();
  const dir = await embeddedState(emu);
  try {
    const r = await cli(['solution', 'import', '--in', zipFile, '--poll-ms', '50'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Importing Work365ProviderSync_managed\.zip into https:\/\/localhost:\d+ \(embedded default\)/,
    );
    expect(r.stdout).toMatch(/Succeeded 100%/);
    expect(r.stdout).toMatch(/Imported \(system job [0-9a-f-]{36}\)\./);
    const res = await fetch(`${emu.webApiUrl}/${Tables.provider.entitySetName}?$top=1`, {
      headers: { Authorization: `Bearer ${emu.getToken()}` },
    });
    expect(res.status).toBe(200);
  } finally {
    await emu.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

it('exits 1 with the reason when the environment refuses the import', async () => {
  const emu = await startDataverseEmulator({ productManagement: false });
  const dir = await embeddedState(emu);
  try {
    const r = await cli(['solution', 'import', '--in', zipFile, '--poll-ms', '50'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Failed/);
    expect(r.stderr).toMatch(
      /^SOLUTION_IMPORT_FAILED: The import ended Failed: The following solution cannot be imported: Work365ProviderSync\. Some dependencies are missing/,
    );
  } finally {
    await emu.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
