/**
 * A running product for integration tests: the Dataverse emulator (in memory), the TechData sandbox,
 * demo data, and the sync service in this process, wired exactly as `w365 serve` wires them.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { SOLUTION_VERSION } from '../../solution/version';
import { MsalTokenProvider } from '../../plugins/dataverse/auth';
import { DataverseClient } from '../../plugins/dataverse/client';
import { loadConfig } from '../../plugins/host/config';
import { registerWebhooks } from '../../plugins/host/register-webhooks';
import { startService, type RunningService, type ServiceOptions } from '../../plugins/host/service';
import { defaultConnectorRegistry } from '../../plugins/providers';
import { createLogger } from '../../plugins/shared/logger';
import { Redactor } from '../../plugins/shared/redact';
import type { Telemetry } from '../../plugins/telemetry';
import {
  DEFAULT_APP_SHELL_CLIENT,
  DEFAULT_SERVICE_CLIENT,
  startDataverseEmulator,
  type DataverseEmulator,
} from '../../emulators/dataverse';
import { shippedSolutionZip } from './solution-zip';
import { seedDemoData, type DemoSeedResult } from '../../emulators/embedded/demo-data';
import { DEMO_TECHDATA_PROVIDER } from '../../emulators/embedded';
import {
  startTechDataSandbox,
  type TechDataSandbox,
  type TechDataSandboxOptions,
} from '../../emulators/techdata/server';

/** A client whose id is a GUID, as a real app registration's is (the service's config insists). */
export const GUID_SERVICE_CLIENT = {
  clientId: '5a1e0c2d-7b3f-4e6a-9c8d-1f2e3d4c5b6a',
  clientSecret: 'guid-client-secret-for-tests',
  fieldSecurityProfiles: ['Work 365 Sync Service Secrets'],
};

export interface Harness {
  emulator: DataverseEmulator;
  techdata: TechDataSandbox;
  seed: DemoSeedResult;
  providerId: string;
  service: RunningService;
  dv: DataverseClient;
  /** The service's token provider (the one `dv` uses too). */
  tokenProvider: MsalTokenProvider;
  redactor: Redactor;
  webhookKey: string;
  logs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  techdata?: TechDataSandboxOptions;
  registerWebhooks?: boolean;
  service?: Partial<
    Pick<ServiceOptions, 'pollIntervalInMs' | 'webhookGraceInMs' | 'staleAfterInMs' | 'heartbeatIntervalInMs'>
  >;
  workerId?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn';
  /** More service configuration, as environment variables (e.g. W365_WORK_ITEMS). */
  env?: NodeJS.ProcessEnv;
  /** Solution zips the emulator imports at start; default the shipped build. */
  solutions?: readonly Buffer[];
  /** The service's telemetry, made with the harness's redactor (which knows the webhook key); default none. */
  telemetry?: (redactor: Redactor) => Promise<Telemetry>;
}

export async function startEmulatorAndSandbox(options: HarnessOptions = {}) {
  const emulator = await startDataverseEmulator({
    clients: [DEFAULT_SERVICE_CLIENT, DEFAULT_APP_SHELL_CLIENT, GUID_SERVICE_CLIENT],
    solutions: options.solutions ?? [await shippedSolutionZip()],
  });
  const techdata = await startTechDataSandbox({
    seed: 365,
    customers: 30,
    subscriptionsPerCustomer: 3,
    ...options.techdata,
  });
  return { emulator, techdata };
}

export function serviceClient(
  emulator: DataverseEmulator,
  redactor: Redactor,
): { dv: DataverseClient; tokenProvider: MsalTokenProvider } {
  const tokenProvider = new MsalTokenProvider({
    environmentUrl: emulator.url,
    authority: emulator.authority,
    clientId: DEFAULT_SERVICE_CLIENT.clientId,
    clientSecret: DEFAULT_SERVICE_CLIENT.clientSecret,
    redactor,
    ca: emulator.caPem,
  });
  return {
    dv: new DataverseClient({ webApiUrl: emulator.webApiUrl, tokenProvider, ca: emulator.caPem }),
    tokenProvider,
  };
}

export async function seedFor(dv: DataverseClient, techdata: TechDataSandbox): Promise<DemoSeedResult> {
  const cfg = techdata.providerConfig();
  return seedDemoData(dv, {
    dataset: { seed: 365, customers: techdata.customers(), subscriptions: techdata.subscriptions() },
    currencyCode: techdata.currencyCode,
    providers: [
      {
        name: DEMO_TECHDATA_PROVIDER,
        internalName: cfg.internalName,
        userName: cfg.userName,
        password: cfg.password,
        endpointUrl: cfg.endpointUrl,
        properties: cfg.properties,
      },
    ],
  });
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { emulator, techdata } = await startEmulatorAndSandbox(options);
  const redactor = new Redactor();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ redactor, level: options.logLevel ?? 'debug', destination });
  const { dv, tokenProvider } = serviceClient(emulator, redactor);
  const seed = await seedFor(dv, techdata);
  const webhookKey = randomBytes(32).toString('base64url');
  redactor.addSecret(webhookKey);
  const config = loadConfig(
    { W365_PORT: '0', W365_WORKER_ID: options.workerId ?? 'test-worker', ...options.env },
    { hostname: 'test' },
  );
  const service = await startService({
    config,
    dataverse: { environmentUrl: emulator.url, webApiUrl: emulator.webApiUrl, tokenProvider, ca: emulator.caPem },
    connectors: defaultConnectorRegistry(),
    logger,
    redactor,
    webhookKey,
    version: SOLUTION_VERSION,
    schedule: false,
    pollIntervalInMs: 3_600_000,
    heartbeatIntervalInMs: 500,
    ...(options.telemetry ? { telemetry: await options.telemetry(redactor) } : {}),
    ...options.service,
  });
  if (options.registerWebhooks !== false) await registerWebhooks(service.dv, { serviceUrl: service.url, webhookKey });
  return {
    emulator,
    techdata,
    seed,
    providerId: seed.providerIds[DEMO_TECHDATA_PROVIDER],
    service,
    dv,
    tokenProvider,
    redactor,
    webhookKey,
    logs,
    async close() {
      await service.close();
      await techdata.close();
      await emulator.close();
    },
  };
}
