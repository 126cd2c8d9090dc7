/**
 * The Dataverse Web API v9.2 emulator: a real HTTPS server on SQLite that behaves like Dataverse on
 * the wire. It starts as an empty environment (the platform's base solutions) and gets its other tables
 * the way Dataverse does: by importing solution zips (`solutions` here, or the ImportSolution actions).
 * Start it with `startDataverseEmulator()` (tests, the service's embedded default) or
 * `w365 dataverse-emulator` (a separate process). See README.md here.
 */
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LatencyConfig, WriteTimeConfig } from './admin';
import { ensureMaterial, defaultStateDir } from './auth/certs';
import { IdentityProvider } from './auth/identity';
import { TokenSigner } from './auth/tokens';
import {
  DEFAULT_APP_SHELL_CLIENT,
  DEFAULT_SERVICE_CLIENT,
  resolveClients,
  type EmulatorClient,
  type EmulatorClientOptions,
} from './clients';
import { ServiceProtection, type LimitsConfig } from './limits';
import { EmulatorServer } from './server';
import { emptyStats, type EmulatorStats } from './stats';
import { stableGuid } from './store/ids';
import { BUSINESS_UNIT_ID, ORGANIZATION_ID, ORGANIZATION_NAME, seed } from './store/seed';
import { Store } from './store/store';
import type { Environment } from './webapi/context';
import { Gate } from './webapi/execute';
import { SolutionImporter, type ImportOutcome } from './import/importer';
import { SolutionImports } from './import/service';
import { baseCatalog } from './platform';
import { WebhookDispatcher, type WebhookDelivery } from './webhooks/dispatcher';
import { StepRegistry } from './webhooks/registry';

export type { LatencyConfig, WriteTimeConfig } from './admin';
export type { LimitsConfig } from './limits';
export { DATAVERSE_LIMITS } from './limits';
export type { EmulatorStats } from './stats';
export type { WebhookDelivery } from './webhooks/dispatcher';
export type { EmulatorClientOptions } from './clients';
export { DEFAULT_SERVICE_CLIENT, DEFAULT_APP_SHELL_CLIENT } from './clients';
export { defaultStateDir, ensureMaterial } from './auth/certs';
export type { ImportOutcome } from './import/importer';
export { ImportCodes } from './import/errors';

export interface DataverseEmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** SQLite file; default ':memory:'. */
  dbFile?: string;
  /** Where the CA, server certificate and token key are generated once and kept; default ~/.w365/emulator. */
  stateDir?: string;
  /** Confidential clients (each also an application user); default: the sync service and the app shell. */
  clients?: EmulatorClientOptions[];
  latency?: LatencyConfig;
  limits?: LimitsConfig;
  /** Server time per write (admin.ts WriteTimeConfig); default none. */
  writeTime?: WriteTimeConfig;
  /** Webhook call timeout; default 60000 (Dataverse's). */
  webhookTimeoutInMs?: number;
  /** Access token lifetime; default 3600. */
  tokenLifetimeInS?: number;
  /**
   * Solution zips to import at start, in order, as an admin would right after the environment exists
   * (a zip already imported into a file database is not imported again).
   */
  solutions?: readonly Buffer[];
  /** Install Microsoft's Product Management base solution (product, uom, uomschedule); default true. */
  productManagement?: boolean;
  /**
   * The environment's organisation id (WhoAmI's OrganizationId, every webhook context's). Default one
   * fixed id, the same for every instance: give each instance its own where a test serves several
   * environments, as two real environments never share one.
   */
  organizationId?: string;
}

export interface DataverseEmulator {
  /** Environment URL, e.g. https://localhost:5555 (the token audience; scope `${url}/.default`). */
  url: string;
  /** `${url}/api/data/v9.2` */
  webApiUrl: string;
  /** Authority for msal-node: `${url}/<tenant id>`. */
  authority: string;
  tenantId: string;
  /** The environment's organisation id (WhoAmI, webhook contexts). */
  organizationId: string;
  /** PEM file of the CA that signed the server certificate (NODE_EXTRA_CA_CERTS). */
  caFile: string;
  caPem: string;
  defaultClient: { clientId: string; clientSecret: string };
  clients: readonly EmulatorClient[];
  stats(): EmulatorStats;
  resetStats(): void;
  setLatency(latency: LatencyConfig | undefined): void;
  setLimits(limits: LimitsConfig | undefined): void;
  setWriteTime(writeTime: WriteTimeConfig | undefined): void;
  /** A valid bearer token for a client (default: the first), without going through msal. */
  getToken(clientId?: string): string;
  webhookDeliveries(): WebhookDelivery[];
  /** Imports a solution zip now (what the ImportSolution action does), outside any request. */
  importSolution(zip: Buffer): Promise<ImportOutcome>;
  /** Resolves when every ImportSolutionAsync started so far has finished. */
  importsIdle(): Promise<void>;
  /** Resolves when asynchronous webhook deliveries started so far have finished. */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

export const EMULATOR_TENANT_ID = stableGuid('tenant');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function organizationIdOf(given: string | undefined): string {
  if (given === undefined) return ORGANIZATION_ID;
  if (!GUID.test(given))
    throw new Error(`EMULATOR_ORGANIZATION_INVALID: organizationId must be a GUID, not '${given}'`);
  return given.toLowerCase();
}

export async function startDataverseEmulator(options: DataverseEmulatorOptions = {}): Promise<DataverseEmulator> {
  const organizationId = organizationIdOf(options.organizationId);
  const { material, caFile } = ensureMaterial(options.stateDir ?? defaultStateDir());
  const clients = resolveClients(options.clients ?? [DEFAULT_SERVICE_CLIENT, DEFAULT_APP_SHELL_CLIENT]);
  if (clients.length === 0) throw new Error('EMULATOR_CLIENT_INVALID: at least one client is needed');
  const store = new Store({
    dbFile: options.dbFile ?? ':memory:',
    catalog: baseCatalog({ productManagement: options.productManagement }),
  });
  const gate = new Gate();
  const importer = new SolutionImporter(store, () => seed(store, clients));
  try {
    importer.restore();
    seed(store, clients);
    for (const zip of options.solutions ?? []) {
      const file = await importer.read(zip);
      await store.inTransaction(() => importer.apply(file));
    }
  } catch (e) {
    store.close();
    throw e;
  }
  const imports = new SolutionImports(store, importer, gate);

  const signer = new TokenSigner(material.tokenKeyPem, material.tokenKeyId);
  let latency = options.latency;
  let writeTime = options.writeTime;
  const limits = new ServiceProtection(options.limits);
  let stats = emptyStats();
  const env: Environment = {
    url: '',
    webApiUrl: '',
    organizationId,
    organizationName: ORGANIZATION_NAME,
    businessUnitId: BUSINESS_UNIT_ID,
  };
  const registry = new StepRegistry(store);
  const dispatcher = new WebhookDispatcher({ registry, env, timeoutInMs: options.webhookTimeoutInMs ?? 60_000 });
  const identityRef: { current?: IdentityProvider } = {};
  const admin = {
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setLatency: (l: LatencyConfig | undefined) => {
      latency = l;
    },
    setLimits: (l: LimitsConfig | undefined) => limits.set(l),
    setWriteTime: (w: WriteTimeConfig | undefined) => {
      writeTime = w;
    },
    webhookDeliveries: () => dispatcher.deliveries(),
  };
  const server = new EmulatorServer({
    store,
    env,
    identity: () => {
      if (!identityRef.current) throw new Error('emulator identity used before the server listened');
      return identityRef.current;
    },
    signer,
    clients: () => clients,
    events: dispatcher,
    gate,
    limits,
    stats: () => stats,
    latency: () => latency,
    writeTime: () => writeTime,
    admin,
    imports,
  });
  let https: Server;
  try {
    https = await server.listen(material.serverCertPem, material.serverKeyPem, options.port ?? 0);
  } catch (e) {
    store.close();
    throw e;
  }
  const port = (https.address() as AddressInfo).port;
  env.url = `https://localhost:${port}`;
  env.webApiUrl = `${env.url}/api/data/v9.2`;
  const idp = new IdentityProvider({
    url: env.url,
    tenantId: EMULATOR_TENANT_ID,
    signer,
    clients: () => clients,
    tokenLifetimeInS: options.tokenLifetimeInS,
  });
  identityRef.current = idp;

  return {
    url: env.url,
    webApiUrl: env.webApiUrl,
    authority: idp.authority,
    tenantId: EMULATOR_TENANT_ID,
    organizationId,
    caFile,
    caPem: material.caCertPem,
    defaultClient: { clientId: clients[0].clientId, clientSecret: clients[0].clientSecret },
    clients,
    stats: admin.stats,
    resetStats: admin.resetStats,
    setLatency: admin.setLatency,
    setLimits: admin.setLimits,
    setWriteTime: admin.setWriteTime,
    getToken: (clientId?: string) => {
      const c = clientId === undefined ? clients[0] : clients.find((x) => x.clientId === clientId);
      if (!c) throw new Error(`EMULATOR_CLIENT_UNKNOWN: no client '${clientId}'`);
      return idp.issue(c).accessToken;
    },
    webhookDeliveries: () => dispatcher.deliveries(),
    webhooksIdle: () => dispatcher.idle(),
    importSolution: async (zip: Buffer) => {
      const file = await importer.read(zip);
      return gate.run(() => store.inTransaction(() => importer.apply(file)));
    },
    importsIdle: () => imports.idle(),
    close: async () => {
      await imports.idle();
      await new Promise<void>((resolve) => {
        https.close(() => resolve());
        https.closeAllConnections();
      });
      await dispatcher.idle();
      store.close();
    },
  };
}
