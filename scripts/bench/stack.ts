/**
 * The benchmark stack: the Dataverse emulator and the TechData sandbox each in a child process (so this
 * process's memory is the service's alone), latency injected as the issues specify (per distributor page,
 * per Dataverse request), and a DataverseClient that authenticates with msal-node like the service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import https from 'node:https';
import path from 'node:path';
import { MsalTokenProvider } from '../../plugins/dataverse/auth';
import { RequestCounter } from '../../plugins/dataverse/observer';
import { DataverseClient } from '../../plugins/dataverse/client';
import { Redactor } from '../../plugins/shared/redact';
import { TechDataSandboxControl } from '../../emulators/techdata/control-client';
import type { TechDataSandboxInfo } from '../../emulators/techdata/server';
import type { OperationName } from '../../plugins/jobs/types';
import type { SyncWorkerResult } from './sync-worker';

const BIN = path.join(__dirname, '../../bin/w365.js');

export interface EmulatorInfo {
  url: string;
  webApiUrl: string;
  authority: string;
  caFile: string;
}

export interface BenchStack {
  emulator: EmulatorInfo;
  /** The stand-ins' processes (their CPU time: process-cpu.ts). */
  pids: { emulator: number; sandbox: number };
  /** Runs one sync in a child process (the service's own memory) and returns its figures. */
  runSyncWorker(
    providerId: string,
    operation: OperationName,
    parameters?: Record<string, unknown>,
  ): Promise<SyncWorkerResult>;
  sandbox: TechDataSandboxInfo;
  sandboxControl: TechDataSandboxControl;
  redactor: Redactor;
  dv: DataverseClient;
  /** A fresh client (own counters), e.g. one per measured run. */
  /** A client of its own, with a request counter, for what a scenario measures. */
  newClient(): { dv: DataverseClient; requests: RequestCounter };
  setDataverseLatency(ms: number): Promise<void>;
  /** Server time per write (the emulator's writeTime), counted as execution time; 0 for none. */
  setDataverseWriteTime(ms: number): Promise<void>;
  emulatorStats(): Promise<{ requests: number; writes: number; throttled?: number; peakConcurrent?: number }>;
  resetEmulatorStats(): Promise<void>;
  close(): Promise<void>;
}

/** Set while the stack shuts its children down, so their normal exit is not reported as a failure. */
let closing = false;

/**
 * W365_BENCH_PROFILE_DIR: every child (emulator, sandbox, measured service) writes a V8 CPU profile
 * there when it exits, to see where a scenario's time goes (open them in Chrome's DevTools).
 */
export function profileFlags(): string[] {
  const dir = process.env.W365_BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

function startChild(args: string[]): Promise<{ child: ChildProcess; ready: Record<string, string> }> {
  const child = spawn(process.execPath, [...profileFlags(), BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        try {
          resolve({ child, ready: JSON.parse(out.slice(0, nl)) as Record<string, string> });
        } catch (e) {
          reject(e);
        }
      }
    });
    child.stderr?.on('data', (d) => (err += String(d)));
    child.on('exit', (code, signal) => {
      const message = `${args[0]} exited (${code ?? signal}): ${err.slice(-2000)}`;
      // After the ready line this can only be logged: the benchmark's next request will fail on its own.
      if (!closing) process.stderr.write(`bench: ${message}\n`);
      reject(new Error(message));
    });
  });
}

async function emulatorAdmin(
  emulator: EmulatorInfo,
  ca: string,
  method: string,
  pathName: string,
  body?: unknown,
): Promise<unknown> {
  const agent = new https.Agent({ ca });
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${emulator.url}${pathName}`,
      { method, agent, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += String(d)));
        res.on('end', () =>
          res.statusCode && res.statusCode < 300
            ? resolve(text ? JSON.parse(text) : undefined)
            : reject(new Error(`${pathName}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

/** V8 old-space cap of the measured service process (MB); the README recommends the same for production. */
export const SERVICE_HEAP_MB = 128;

export async function startBenchStack(options: {
  customers: number;
  subscriptionsPerCustomer: number;
  seed: number;
  pageSize?: number;
  workerHeapMb?: number;
  /** The service's client on the emulator (default the emulator's own); a GUID one for `w365 serve`. */
  serviceClient?: { clientId: string; clientSecret: string };
  /** Extra emulator options, e.g. `--limits concurrent=52`. */
  emulatorArgs?: string[];
}): Promise<BenchStack> {
  const workerHeapMb = options.workerHeapMb ?? SERVICE_HEAP_MB;
  const client = options.serviceClient ?? { clientId: 'w365-sync-service', clientSecret: 'emulator-secret-change-me' };
  const emu = await startChild([
    'dataverse-emulator',
    '--port',
    '0',
    '--db',
    ':memory:',
    '--import-built',
    ...(options.serviceClient ? ['--client-id', client.clientId, '--client-secret', client.clientSecret] : []),
    ...(options.emulatorArgs ?? []),
  ]);
  const sb = await startChild([
    'sandbox',
    'techdata',
    '--port',
    '0',
    '--customers',
    String(options.customers),
    '--seed',
    String(options.seed),
    '--subscriptions-per-customer',
    String(options.subscriptionsPerCustomer),
    '--page-size',
    String(options.pageSize ?? 100),
  ]);
  const emulator = emu.ready as unknown as EmulatorInfo;
  const sandbox = sb.ready as unknown as TechDataSandboxInfo;
  const ca = fs.readFileSync(emulator.caFile, 'utf8');
  const redactor = new Redactor();
  const tokenProvider = new MsalTokenProvider({
    environmentUrl: emulator.url,
    authority: emulator.authority,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redactor,
    ca,
  });
  const newClient = () => {
    const requests = new RequestCounter();
    return {
      dv: new DataverseClient({ webApiUrl: emulator.webApiUrl, tokenProvider, ca, observer: requests }),
      requests,
    };
  };
  const stackFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'w365-bench-')), 'stack.json');
  fs.writeFileSync(stackFile, JSON.stringify(emulator));
  const runSyncWorker = (
    providerId: string,
    operation: string,
    parameters?: Record<string, unknown>,
  ): Promise<SyncWorkerResult> =>
    new Promise((resolve, reject) => {
      // The service as we recommend deploying it: V8's old space capped (README, "Deploying"), so that
      // RSS reflects what the sync keeps alive rather than how lazily V8 collects garbage.
      const heap = [`--max-old-space-size=${workerHeapMb}`, ...profileFlags()];
      const child = spawn(
        process.execPath,
        [
          ...heap,
          BIN,
          'bench',
          'sync-worker',
          '--json',
          '--stack',
          stackFile,
          '--provider',
          providerId,
          '--operation',
          operation,
          ...(parameters ? ['--parameters', JSON.stringify(parameters)] : []),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      child.stdout?.on('data', (d) => (out += String(d)));
      child.stderr?.on('data', (d) => (err += String(d)));
      child.on('exit', (code) => {
        const last = out.trim().split('\n').pop() ?? '';
        if (code !== 0) reject(new Error(`sync worker exited ${code}: ${err.slice(0, 500)}`));
        else resolve(JSON.parse(last) as SyncWorkerResult);
      });
    });
  return {
    emulator,
    pids: { emulator: emu.child.pid ?? 0, sandbox: sb.child.pid ?? 0 },
    runSyncWorker,
    sandbox,
    sandboxControl: new TechDataSandboxControl(sandbox.url),
    redactor,
    dv: newClient().dv,
    newClient,
    setDataverseLatency: async (ms) => {
      await emulatorAdmin(emulator, ca, 'POST', '/_emulator/config', {
        latency: ms > 0 ? { minMs: ms, maxMs: ms } : null,
      });
    },
    setDataverseWriteTime: async (ms) => {
      await emulatorAdmin(emulator, ca, 'POST', '/_emulator/config', {
        writeTime: ms > 0 ? { perWriteMs: ms } : null,
      });
    },
    emulatorStats: async () =>
      (await emulatorAdmin(emulator, ca, 'GET', '/_emulator/stats')) as { requests: number; writes: number },
    resetEmulatorStats: async () => {
      await emulatorAdmin(emulator, ca, 'POST', '/_emulator/stats/reset');
    },
    close: async () => {
      closing = true;
      for (const c of [emu.child, sb.child]) c.kill('SIGTERM');
      await Promise.all(
        [emu.child, sb.child].map((c) => new Promise((r) => (c.exitCode !== null ? r(undefined) : c.once('exit', r)))),
      );
    },
  };
}
