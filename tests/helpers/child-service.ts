/**
 * `w365 serve` in a child process, against an emulator started by the test: for what only a real
 * process shows (kill -9, SIGSTOP/SIGCONT, its own loaded modules). Resolves once it prints its
 * service line; its output is kept for assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { EMULATOR_TENANT_ID, type DataverseEmulator } from '../../emulators/dataverse';
import { GUID_SERVICE_CLIENT } from './harness';

export interface ChildService {
  child: ChildProcess;
  url: string;
  output(): string;
}

/** The environment of a service serving `emulator` as if it were a real Dataverse. */
export function remoteEnv(emulator: DataverseEmulator, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    W365_DATAVERSE_URL: emulator.url,
    W365_TENANT_ID: EMULATOR_TENANT_ID,
    W365_CLIENT_ID: GUID_SERVICE_CLIENT.clientId,
    W365_CLIENT_SECRET: GUID_SERVICE_CLIENT.clientSecret,
    W365_AUTHORITY: emulator.authority,
    W365_DATAVERSE_CA_FILE: emulator.caFile,
    W365_WEBHOOK_KEY: 'child-service-webhook-key-0123456789abcdef',
    W365_PORT: '0',
    W365_HOST: '127.0.0.1',
    W365_ALLOW_LOOPBACK_PROVIDER_URLS: 'true',
    W365_LOG_LEVEL: 'silent',
    ...extra,
  };
}

export function startChildService(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<ChildService> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, '../../bin/w365.js'), 'serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start: ${out}`)), 60_000);
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /service:\s+(http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    });
    child.stderr?.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => reject(new Error(`service exited with ${code}: ${out}`)));
  });
}
