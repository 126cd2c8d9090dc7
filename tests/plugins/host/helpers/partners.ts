/**
 * One service serving two Dataverse environments for tests: two emulator instances (each with the
 * solution and the demo data), one TechData sandbox both environments' providers point at, and the
 * service built from an environments file as `w365 serve` builds it (each environment's own client
 * secret, read from its own variable, and its own msal client), each environment's webhook registered
 * at `/api/environments/<name>/webhooks/dataverse`: with the service-wide key, or (`ownKeys`) with
 * each environment's own key (Contoso's from a variable, Fabrikam's from a file).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { SOLUTION_VERSION } from '../../../../solution/version';
import { loadConfig } from '../../../../plugins/host/config';
import { environmentsFromFile } from '../../../../plugins/host/environment-targets';
import { registerEnvironmentWebhooks } from '../../../../plugins/host/register-environments';
import { startService, type EnvironmentRuntime, type RunningService } from '../../../../plugins/host/service';
import { defaultConnectorRegistry } from '../../../../plugins/providers';
import { createLogger } from '../../../../plugins/shared/logger';
import { Redactor } from '../../../../plugins/shared/redact';
import {
  DEFAULT_SERVICE_CLIENT,
  startDataverseEmulator,
  type DataverseEmulator,
} from '../../../../emulators/dataverse';
import { DEMO_TECHDATA_PROVIDER } from '../../../../emulators/embedded';
import type { TechDataSandbox } from '../../../../emulators/techdata/server';
import { GUID_SERVICE_CLIENT, seedFor, serviceClient, startEmulatorAndSandbox } from '../../../helpers/harness';
import { shippedSolutionZip } from '../../../helpers/solution-zip';

export interface Partner {
  name: string;
  emulator: DataverseEmulator;
  providerId: string;
  runtime: EnvironmentRuntime;
}

export interface Partners {
  techdata: TechDataSandbox;
  service: RunningService;
  contoso: Partner;
  fabrikam: Partner;
  /** The service-wide key (W365_WEBHOOK_KEY): the operator's. */
  webhookKey: string;
  /** Each environment's own key, with `ownKeys`. */
  keys: { contoso?: string; fabrikam?: string };
  /** The environments file the service was started from, and the variables its references read. */
  environmentsFile: { file: string; caFile: string };
  secrets: NodeJS.ProcessEnv;
  logs: string[];
  /** A Verify Connectivity job in the partner's environment (its webhook queues it). */
  verify(p: Partner, name: string): Promise<string>;
  close(): Promise<void>;
}

export const PARTNER_SECRETS = {
  CONTOSO_SECRET: GUID_SERVICE_CLIENT.clientSecret,
  FABRIKAM_SECRET: GUID_SERVICE_CLIENT.clientSecret,
};

interface OwnKeys {
  contoso: string;
  fabrikam: string;
  /** Where Fabrikam's key is kept (a mounted secret, say). */
  fabrikamFile: string;
}

function environmentsYaml(a: DataverseEmulator, b: DataverseEmulator, keys?: OwnKeys): string {
  const entry = (name: string, e: DataverseEmulator, secretEnv: string, webhookKey?: string) => `
  - name: ${name}
    url: ${e.url}
    tenantId: ${e.tenantId}
    clientId: ${GUID_SERVICE_CLIENT.clientId}
    authority: ${e.authority}
    credential:
      secret: { env: ${secretEnv} }
    budget: { maxConcurrentRequests: 8 }${webhookKey ? `\n    webhookKey: ${webhookKey}` : ''}`;
  const contoso = entry('contoso', a, 'CONTOSO_SECRET', keys ? '{ env: CONTOSO_WEBHOOK_KEY }' : undefined);
  const fabrikam = entry('fabrikam', b, 'FABRIKAM_SECRET', keys ? `{ file: ${keys.fabrikamFile} }` : undefined);
  return `version: 1\nenvironments:${contoso}${fabrikam}\n`;
}

/** Two keys of 32 random bytes; Fabrikam's in a file beside the environments file. */
function ownKeysIn(dir: string): OwnKeys {
  const keys = { contoso: randomBytes(32).toString('base64url'), fabrikam: randomBytes(32).toString('base64url') };
  const fabrikamFile = path.join(dir, 'fabrikam-webhook.key');
  fs.writeFileSync(fabrikamFile, `${keys.fabrikam}\n`);
  return { ...keys, fabrikamFile };
}

function collect(logs: string[]): Writable {
  return new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
}

/** Fabrikam's organisation (the second emulator's); Contoso's is the emulator's default. */
export const FABRIKAM_ORGANIZATION_ID = 'fab0f1ab-0000-4000-8000-00000000fab1';

/**
 * `env`: more service configuration (e.g. the queue on azurite). `ownKeys`: each environment's own
 * webhook key in the environments file, instead of the service-wide key for both.
 */
export async function startPartners(
  env: NodeJS.ProcessEnv = {},
  options: { ownKeys?: boolean } = {},
): Promise<Partners> {
  const first = await startEmulatorAndSandbox({ techdata: { customers: 6 } });
  const techdata = first.techdata;
  const second = await startDataverseEmulator({
    clients: [DEFAULT_SERVICE_CLIENT, GUID_SERVICE_CLIENT],
    solutions: [await shippedSolutionZip()],
    // Two real environments never share an organisation id.
    organizationId: FABRIKAM_ORGANIZATION_ID,
  });
  const redactor = new Redactor();
  const seeded = async (e: DataverseEmulator) =>
    (await seedFor(serviceClient(e, redactor).dv, techdata)).providerIds[DEMO_TECHDATA_PROVIDER];
  const providerIds = [await seeded(first.emulator), await seeded(second)];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-envs-'));
  const file = path.join(dir, 'environments.yaml');
  const keys = options.ownKeys ? ownKeysIn(dir) : undefined;
  fs.writeFileSync(file, environmentsYaml(first.emulator, second, keys));
  const webhookKey = randomBytes(32).toString('base64url');
  redactor.addSecret(webhookKey);
  const config = loadConfig(
    {
      ...{ W365_PORT: '0', W365_WORKER_ID: 'envs-test', W365_JOB_CONCURRENCY: '1', W365_WEBHOOK_KEY: webhookKey },
      // The sandbox listens on this machine (the embedded default allows it; a service with an environments file does not).
      W365_ALLOW_LOOPBACK_PROVIDER_URLS: 'true',
      ...{ W365_ENVIRONMENTS_FILE: file, W365_DATAVERSE_CA_FILE: first.emulator.caFile },
      ...env,
    },
    { hostname: 'test' },
  );
  const secrets = { ...PARTNER_SECRETS, W365_WEBHOOK_KEY: webhookKey, CONTOSO_WEBHOOK_KEY: keys?.contoso };
  const environments = await environmentsFromFile(config.environments as { file: string }, redactor, secrets);
  const logs: string[] = [];
  const service = await startService({
    config,
    environments,
    connectors: defaultConnectorRegistry(),
    logger: createLogger({ redactor, level: 'debug', destination: collect(logs) }),
    redactor,
    webhookKey,
    version: SOLUTION_VERSION,
    schedule: env.W365_QUEUE === 'azure-storage',
    pollIntervalInMs: 3_600_000,
    heartbeatIntervalInMs: 500,
  });
  const partner = (name: string, emulator: DataverseEmulator, providerId: string): Partner => ({
    name,
    emulator,
    providerId,
    runtime: service.environments.get(name) as EnvironmentRuntime,
  });
  const contoso = partner('contoso', first.emulator, providerIds[0]);
  const fabrikam = partner('fabrikam', second, providerIds[1]);
  // As `w365 register-webhooks` does with an environments file: each endpoint with its environment's key.
  const runtimes = [contoso.runtime, fabrikam.runtime];
  await registerEnvironmentWebhooks(runtimes, { serviceUrl: service.url, serviceWebhookKey: webhookKey });
  for (const r of runtimes) r.requests.reset();
  return {
    techdata,
    service,
    contoso,
    fabrikam,
    webhookKey,
    keys: keys ? { contoso: keys.contoso, fabrikam: keys.fabrikam } : {},
    environmentsFile: { file, caFile: first.emulator.caFile },
    secrets,
    logs,
    verify: (p, name) => p.runtime.store.createJob({ name, operation: 'VerifyConnectivity', providerId: p.providerId }),
    async close() {
      await service.close();
      await techdata.close();
      await contoso.emulator.close().catch(() => undefined);
      await fabrikam.emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
