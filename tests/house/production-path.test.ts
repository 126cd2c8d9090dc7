/**
 * `w365 serve` against a real Dataverse, started as a production install runs it: a preload makes the
 * process unable to load any package package-lock.json marks dev-only, or any file of the stand-ins
 * (emulators/) and tests, and records the files of ours it loaded. The service must start, answer
 * /healthz, and have loaded no stand-in; and nothing it loads may be a devDependency.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EMULATOR_TENANT_ID, type DataverseEmulator } from '../../emulators/dataverse';
import { GUID_SERVICE_CLIENT, startEmulatorAndSandbox } from '../helpers/harness';

const ROOT = path.join(__dirname, '../..');

function serveAsProduction(env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<string> }> {
  const child = spawn(
    process.execPath,
    ['-r', path.join(__dirname, 'fixtures/production-install.js'), path.join(ROOT, 'bin/w365.js'), 'serve'],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start: ${out}`)), 60_000);
    child.on('exit', (code) => reject(new Error(`service exited with ${code}: ${out}`)));
    child.stdout.on('data', () => {
      const m = /service:\s+(http:\/\/[^\s]+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
          return out;
        },
      });
    });
  });
}

describe('the production entry point', () => {
  let emulator: DataverseEmulator;
  let closeAll: () => Promise<void>;
  beforeAll(async () => {
    const started = await startEmulatorAndSandbox();
    emulator = started.emulator;
    closeAll = async () => {
      await started.techdata.close();
      await started.emulator.close();
    };
  });
  afterAll(() => closeAll());

  it('serves a real Dataverse with production dependencies only, loading no stand-in', async () => {
    const loadedFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'w365-prod-')), 'loaded.json');
    const service = await serveAsProduction({
      W365_DATAVERSE_URL: emulator.url,
      W365_TENANT_ID: EMULATOR_TENANT_ID,
      W365_CLIENT_ID: GUID_SERVICE_CLIENT.clientId,
      W365_CLIENT_SECRET: GUID_SERVICE_CLIENT.clientSecret,
      W365_AUTHORITY: emulator.authority,
      W365_DATAVERSE_CA_FILE: emulator.caFile,
      W365_WEBHOOK_KEY: 'production-path-test-key-0123456789abcdef',
      W365_PORT: '0',
      W365_HOST: '127.0.0.1',
      W365_LOG_LEVEL: 'warn',
      W365_LOADED_MODULES_FILE: loadedFile,
    });
    const health = await fetch(`${service.url}/healthz`);
    const output = await service.stop();
    expect(health.status).toBe(200);
    expect(output).not.toMatch(/PRODUCTION_INSTALL_/);
    const loaded = JSON.parse(fs.readFileSync(loadedFile, 'utf8')) as string[];
    expect(loaded).toContain('plugins/host/service.ts');
    expect(loaded.filter((f) => f.startsWith('emulators/') || f.startsWith('tests/'))).toEqual([]);
    expect(loaded.filter((f) => f.startsWith('solution/packer/') || f.startsWith('pcf-controls/'))).toEqual([]);
  });

  it('refuses, in the same set-up, to load a stand-in (the preload is not a no-op)', () => {
    const probe = spawn(
      process.execPath,
      [
        '-r',
        path.join(__dirname, 'fixtures/production-install.js'),
        '-e',
        "require('tsx/cjs/api').register(); require('./emulators/embedded');",
      ],
      { cwd: ROOT },
    );
    let err = '';
    probe.stderr.on('data', (d) => (err += String(d)));
    return new Promise<void>((resolve) =>
      probe.on('exit', (code) => {
        expect(code).not.toBe(0);
        expect(err).toMatch(/PRODUCTION_INSTALL_(STAND_IN|MISSING)/);
        resolve();
      }),
    );
  });
});
