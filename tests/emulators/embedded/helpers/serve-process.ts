/**
 * `w365 serve` (what `npm start` runs) and the other `w365` tools as child processes, exactly as a
 * person starts them: the embedded default on its own data folder and port, its "is running." banner,
 * Ctrl+C (SIGINT) to stop it. For the tests of the embedded default's start, restart and refusal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const BIN = path.resolve(__dirname, '../../../../bin/w365.js');
/** A cold start of the embedded default (emulator, three sandboxes, demo data, app shell build). */
export const START_TIMEOUT_IN_MS = 120_000;

export interface ServeEnv {
  dataDir: string;
  port: number;
  host?: string;
}

export function serveEnv(e: ServeEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    W365_DATA_DIR: e.dataDir,
    W365_PORT: String(e.port),
    W365_LOG_LEVEL: 'warn',
  };
  delete env.W365_DATAVERSE_URL;
  if (e.host) env.W365_HOST = e.host;
  return env;
}

/** A port nothing listens on right now (bound to 0, read, closed). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From spawn to exit. */
  elapsedInMs: number;
}

/** Runs a `w365` command to its end. */
export function runW365(args: string[], env: NodeJS.ProcessEnv, timeoutInMs = 120_000): Promise<Exited> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += String(c)));
  child.stderr.on('data', (c) => (stderr += String(c)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`w365 ${args.join(' ')} did not exit within ${timeoutInMs} ms.\n${stdout}\n${stderr}`));
    }, timeoutInMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, elapsedInMs: Date.now() - started });
    });
  });
}

export interface RunningServe {
  /** The service's (and app shell's) address, from the banner. */
  url: string;
  child: ChildProcess;
  output(): string;
  /** Ctrl+C, then the exit code. */
  stop(): Promise<number | null>;
}

export function startServe(e: ServeEnv): Promise<RunningServe> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: serveEnv(e), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += String(c)));
  child.stderr.on('data', (c) => (out += String(c)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`w365 serve did not start within ${START_TIMEOUT_IN_MS} ms:\n${out}`));
    }, START_TIMEOUT_IN_MS);
    const onData = () => {
      const m = /service: +(http:\/\/\S+) /.exec(out);
      if (!m || !out.includes('Stop with Ctrl+C.')) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({
        url: m[1],
        child,
        output: () => out,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGINT');
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`w365 serve exited (${code}) before it started:\n${out}`));
    });
  });
}
