/**
 * The service on the emulator with the TechData sandbox, composed as `w365 serve` composes it but with
 * the environment a test gives (so a test can set W365_MAX_PROVIDER_RESPONSE_MB), and small local
 * servers standing in for a misbehaving distributor: one that serves a body as large as asked, one that
 * echoes what it is sent, and a TCP relay that counts the connections the service opens.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Tables } from '../../../../solution/schema';
import { eq } from '../../../../plugins/dataverse/odata';
import { loadConfig } from '../../../../plugins/host/config';
import { registerWebhooks } from '../../../../plugins/host/register-webhooks';
import { startService, type RunningService } from '../../../../plugins/host/service';
import type { OperationName } from '../../../../plugins/jobs/types';
import { defaultConnectorRegistry } from '../../../../plugins/providers';
import { createLogger } from '../../../../plugins/shared/logger';
import { Redactor } from '../../../../plugins/shared/redact';
import type { DataverseEmulator } from '../../../../emulators/dataverse';
import { seedProvider } from '../../../../emulators/embedded/demo-data';
import type { TechDataSandbox } from '../../../../emulators/techdata/server';
import type { DataverseClient } from '../../../../plugins/dataverse/client';
import { serviceClient, startEmulatorAndSandbox } from '../../../helpers/harness';

export interface JobRun {
  status: string;
  errorCode?: string;
  summary: string;
  items: { code: string; message: string }[];
}

export interface Stack {
  emulator: DataverseEmulator;
  techdata: TechDataSandbox;
  dv: DataverseClient;
  service: RunningService;
  redactor: Redactor;
  logs: string[];
  /** A TechData provider row: the sandbox's settings with `changes` applied (URLs, password). */
  addProvider(name: string, changes?: { endpointUrl?: string; apiUrl?: string; password?: string }): Promise<string>;
  runJob(operation: OperationName, providerId: string): Promise<JobRun>;
  close(): Promise<void>;
}

export async function startStack(env: NodeJS.ProcessEnv = {}): Promise<Stack> {
  const { emulator, techdata } = await startEmulatorAndSandbox({ techdata: { customers: 6 } });
  const redactor = new Redactor();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ redactor, level: 'debug', destination });
  const { dv, tokenProvider } = serviceClient(emulator, redactor);
  const webhookKey = randomBytes(32).toString('base64url');
  redactor.addSecret(webhookKey);
  const service = await startService({
    config: loadConfig({ W365_PORT: '0', W365_WORKER_ID: 'host-test', ...env }, { hostname: 'test' }),
    dataverse: { environmentUrl: emulator.url, webApiUrl: emulator.webApiUrl, tokenProvider, ca: emulator.caPem },
    connectors: defaultConnectorRegistry(),
    logger,
    redactor,
    webhookKey,
    version: 'test',
    schedule: false,
    pollIntervalInMs: 3_600_000,
  });
  await registerWebhooks(service.dv, { serviceUrl: service.url, webhookKey });
  return {
    emulator,
    techdata,
    dv,
    service,
    redactor,
    logs,
    async addProvider(name, changes = {}) {
      const cfg = techdata.providerConfig();
      return seedProvider(dv, {
        name,
        internalName: cfg.internalName,
        userName: cfg.userName,
        password: changes.password ?? cfg.password,
        endpointUrl: changes.endpointUrl ?? cfg.endpointUrl,
        properties: {
          ...cfg.properties,
          ...(changes.apiUrl ? { 'API End Point URL': changes.apiUrl } : {}),
        },
      });
    },
    async runJob(operation, providerId) {
      const id = await service.store.createJob({ name: `Test: ${operation}`, operation, providerId });
      await service.waitForJob(id, 60_000);
      const outcome = await service.store.getOutcome(id);
      const I = Tables.syncJobItem;
      const items = await dv.all(I.entitySetName, {
        select: [I.col.code, I.col.message],
        filter: eq(I.val.syncJob, { guid: id }),
      });
      return {
        status: outcome?.status ?? 'Unknown',
        ...(outcome?.errorCode ? { errorCode: outcome.errorCode } : {}),
        summary: outcome?.summary ?? '',
        items: items.map((r) => ({ code: String(r[I.col.code]), message: String(r[I.col.message] ?? '') })),
      };
    },
    async close() {
      await service.close();
      await techdata.close();
      await emulator.close();
    },
  };
}

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

export async function listen(server: http.Server | net.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function closeServer(server: http.Server | net.Server): Promise<void> {
  if (server instanceof http.Server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A distributor that answers every request with `totalBytes` of JSON-looking text, in 64 KB chunks and
 * without a Content-Length (so only a byte counter on the stream can stop it). `sentBytes()` is how much
 * the client let it write before hanging up.
 */
export async function oversizedServer(totalBytes: number): Promise<LocalServer & { sentBytes(): number }> {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"Result":"Success","BodyText":"');
    const pump = (): void => {
      while (sent < totalBytes && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end('"}');
    };
    req.socket.on('close', () => res.destroy());
    pump();
  });
  const url = await listen(server);
  return { url, sentBytes: () => sent, close: () => closeServer(server) };
}

/** A token endpoint that refuses the client and echoes its secret back, URL-encoded, in part and escaped. */
export async function echoingTokenServer(): Promise<LocalServer> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const secret = new URLSearchParams(body).get('client_secret') ?? '';
      const encoded = encodeURIComponent(secret);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: 'invalid_client',
          error_description: `client_secret ${encoded.slice(0, 14)}… is not valid; we expected ${secret.slice(0, 12)} (full: ${encoded}, b64 ${Buffer.from(secret).toString('base64')})`,
        }),
      );
    });
  });
  const url = await listen(server);
  return { url, close: () => closeServer(server) };
}

/** A TCP relay to `target` that counts the connections made to it and those still open. */
export async function countingRelay(target: string): Promise<LocalServer & { opened(): number; open(): number }> {
  const { hostname, port } = new URL(target);
  let opened = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    opened++;
    sockets.add(client);
    const upstream = net.connect(Number(port), hostname);
    client.pipe(upstream).pipe(client);
    const end = () => {
      sockets.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    client.on('error', end);
    upstream.on('close', end);
    upstream.on('error', end);
  });
  const url = await listen(server);
  return {
    url,
    opened: () => opened,
    open: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    },
  };
}
