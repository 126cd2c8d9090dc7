/**
 * Azurite (Microsoft's Azure Storage emulator, the `azurite` npm package) for tests: a child process on
 * ephemeral ports, in memory unless a folder is given, stopped after the tests. The ports are read
 * from azurite's own start-up lines ("... successfully listening at http://127.0.0.1:PORT"), since it
 * binds port 0 itself and has no other way to report what it got.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { QueueServiceClient } from '@azure/storage-queue';
import { BlobServiceClient } from '@azure/storage-blob';

/**
 * Azurite's well-known development account (published in Microsoft's azurite README; it only ever
 * opens the local emulator, never a real account).
 */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  blobUrl: string;
  queueUrl: string;
  /** A connection string naming both endpoints, as an app setting would. */
  connectionString: string;
  queueService(): QueueServiceClient;
  blobService(): BlobServiceClient;
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  /** Keep data in this folder instead of memory. */
  location?: string;
  /** Give up if azurite has not reported both ports by then. Default 30 s (2 shared cores, cold start). */
  startTimeoutInMs?: number;
}

function azuriteEntry(): string {
  const dir = path.dirname(require.resolve('azurite/package.json'));
  return path.join(dir, 'dist', 'src', 'azurite.js');
}

function readPorts(child: ChildProcess, timeoutInMs: number): Promise<{ blob: number; queue: number }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const found: { blob?: number; queue?: number } = {};
    const timer = setTimeout(
      () => fail(new Error(`azurite did not start in ${timeoutInMs} ms:\n${output}`)),
      timeoutInMs,
    );
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const m of output.matchAll(
        /Azurite (Blob|Queue) service is successfully listening at http:\/\/[^:]+:(\d+)/g,
      ))
        found[m[1] === 'Blob' ? 'blob' : 'queue'] = Number(m[2]);
      if (found.blob && found.queue) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({ blob: found.blob, queue: found.queue });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('exit', (code) => fail(new Error(`azurite exited (${code}) before it listened:\n${output}`)));
  });
}

export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const args = [
    azuriteEntry(),
    '--blobPort',
    '0',
    '--queuePort',
    '0',
    '--tablePort',
    '0',
    // The SDK versions we pin may be newer than this azurite knows; the wire protocol is the same.
    '--skipApiVersionCheck',
    // Azurite otherwise reports usage to Microsoft, which this machine cannot (and should not) reach.
    '--disableTelemetry',
    ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence', '--extentMemoryLimit', '64']),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ports = await readPorts(child, options.startTimeoutInMs ?? 30_000);
  // Keep draining its output so that the pipe never fills and blocks it.
  child.stdout?.resume();
  child.stderr?.resume();
  const blobUrl = `http://127.0.0.1:${ports.blob}/${AZURITE_ACCOUNT}`;
  const queueUrl = `http://127.0.0.1:${ports.queue}/${AZURITE_ACCOUNT}`;
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_ACCOUNT_KEY};` +
    `BlobEndpoint=${blobUrl};QueueEndpoint=${queueUrl};`;
  return {
    blobUrl,
    queueUrl,
    connectionString,
    queueService: () => QueueServiceClient.fromConnectionString(connectionString),
    blobService: () => BlobServiceClient.fromConnectionString(connectionString),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
