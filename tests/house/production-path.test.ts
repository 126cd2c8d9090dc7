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
import type { DataverseEmulator } from '../../emulators/dataverse';
import { remoteEnv, startChildService } from '../helpers/child-service';
import { startEmulatorAndSandbox } from '../helpers/harness';

const ROOT = path.join(__dirname, '../..');

/** `w365 serve` as a production install runs it (the preload), stopped with SIGTERM; resolves its output. */
async function serveAsProduction(env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<string> }> {
  const service = await startChildService(env, ['-r', path.join(__dirname, 'fixtures/production-install.js')]);
  const exited = new Promise<void>((resolve) => service.child.on('exit', () => resolve()));
  return {
    url: service.url,
    stop: async () => {
      service.child.kill('SIGTERM');
      await exited;
      return service.output();
    },
  };
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
    const service = await serveAsProduction(
      remoteEnv(emulator, { W365_LOG_LEVEL: 'warn', W365_LOADED_MODULES_FILE: loadedFile }),
    );
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
