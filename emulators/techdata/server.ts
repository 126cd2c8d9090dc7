/**
 * `startTechDataSandbox(options)`: a real HTTP server (fastify) speaking the legacy Tech Data StreamOne
 * partner API, with deterministic data, real authentication checks, fault and latency injection, and
 * controls for tests (methods here) and other processes (`/_sandbox/` routes).
 */
import { SeededRandom } from '../sandbox-kit/prng';
import {
  copyOfPicks,
  createSandboxApp,
  listenOn,
  sandboxControls,
  type SandboxControls,
  type SandboxProviderConfig,
} from '../sandbox-kit/server';
import { SandboxAuth } from './auth';
import { registerApiRoutes, registerTokenRoute, TOKEN_PATH } from './api-routes';
import { registerControlRoutes } from './control-routes';
import {
  generateTechDataDataset,
  type SandboxCustomer,
  type SandboxSubscription,
  type TechDataDataset,
} from './dataset';
import { FaultInjector, type TechDataFaults } from './faults';
import { SandboxState, type TechDataSandboxStats } from './state';
import { TechDataStore, type QuantityChange } from './store';
import { TechDataPropertyNames } from '../../plugins/providers/techdata/properties';

export interface TechDataSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: string | number;
  customers?: number;
  subscriptionsPerCustomer?: number;
  /** Use this data instead of generating it. */
  dataset?: TechDataDataset;
  /** Records per page. Default 100. */
  pageSize?: number;
  /** Added to every API page request. Default 0. */
  latencyInMs?: number;
  faults?: TechDataFaults;
  /** Credentials; by default derived from the seed, so they are the same on every start. */
  clientId?: string;
  clientSecret?: string;
  soin?: string;
  currencyCode?: string;
  /** Default 7200 (reported as 7199). */
  tokenTtlInSeconds?: number;
  /** Default 300. */
  maxClockSkewInSeconds?: number;
  /** Path of the partner API under the server root, e.g. '/papi'. Default: the root, as the real hosts. */
  apiBasePath?: string;
}

/** The line `w365 sandbox techdata` prints when ready, and what `/_sandbox/info` returns. */
export interface TechDataSandboxInfo {
  name: 'techdata';
  url: string;
  tokenUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  soin: string;
  currencyCode: string;
  resellerRelationshipUrl: string;
}

export interface TechDataSandbox extends TechDataSandboxInfo, SandboxControls<TechDataFaults, TechDataSandboxStats> {
  info(): TechDataSandboxInfo;
  /** The provider row a partner would fill in for this sandbox (the connector's ProviderConfig shape). */
  providerConfig(): SandboxProviderConfig;
  changeQuantities(fraction: number, seed: string | number): QuantityChange[];
  removeCustomer(endCustomerId: string): { removed: boolean; removedSubscriptions: number };
  addCustomer(customer: Partial<SandboxCustomer> & Pick<SandboxCustomer, 'companyName'>): SandboxCustomer;
  setSubscription(
    subscription: Omit<SandboxSubscription, 'subscriptionId'> & { subscriptionId?: string },
  ): SandboxSubscription;
  customers(): SandboxCustomer[];
  subscriptions(): SandboxSubscription[];
  /** Ids of the records currently served malformed, with how. */
  malformed(): { customers: Map<string, string>; subscriptions: Map<string, string> };
  close(): Promise<void>;
}

function normalisePrefix(path: string | undefined): string {
  const trimmed = (path ?? '').replace(/\/+$/, '');
  if (!trimmed) return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function defaultCredentials(seed: string | number) {
  const rng = new SeededRandom(seed, 'techdata-credentials');
  return {
    clientId: `td-sandbox-${rng.hex(12)}`,
    clientSecret: rng.hex(8) + rng.hex(8) + rng.hex(8) + rng.hex(8),
    soin: rng.hex(40),
    partnerTenantId: rng.guid(),
    msppId: String(rng.int(1_000_000, 9_999_999)),
    techDataTenantId: rng.guid(),
  };
}

export async function startTechDataSandbox(options: TechDataSandboxOptions = {}): Promise<TechDataSandbox> {
  const seed = options.seed ?? 1;
  const dataset =
    options.dataset ?? generateTechDataDataset(seed, options.customers ?? 50, options.subscriptionsPerCustomer ?? 10);
  const defaults = defaultCredentials(seed);
  const credentials = {
    clientId: options.clientId ?? defaults.clientId,
    clientSecret: options.clientSecret ?? defaults.clientSecret,
    soin: options.soin ?? defaults.soin,
  };
  const currencyCode = options.currencyCode ?? 'USD';
  const state = new SandboxState(
    new TechDataStore(dataset, options.pageSize ?? 100),
    new FaultInjector(options.faults),
    new SandboxAuth(credentials, options.tokenTtlInSeconds ?? 7200, options.maxClockSkewInSeconds ?? 300),
    options.latencyInMs ?? 0,
    currencyCode,
  );
  const prefix = normalisePrefix(options.apiBasePath);
  const app = createSandboxApp({ formBodies: true });
  const controls = sandboxControls(state, { stats: () => state.currentStats(), resetStats: () => state.resetStats() });
  // The control routes' /info needs the port, known only once listening.
  const infoHolder: { ready?: TechDataSandboxInfo } = {};
  registerTokenRoute(app, state);
  registerApiRoutes(app, state, prefix);
  registerControlRoutes(app, state, controls, () => ({ ...infoHolder.ready }));
  const url = await listenOn(app, options);
  const resellerRelationshipUrl =
    `https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&partnerId=${defaults.partnerTenantId}` +
    `&msppId=${defaults.msppId}&indirectCSPId=${defaults.techDataTenantId}&DAP=true#/BillingAccounts/partner-invitation`;
  const ready: TechDataSandboxInfo = {
    name: 'techdata',
    url,
    tokenUrl: `${url}${TOKEN_PATH}`,
    apiUrl: `${url}${prefix}/`,
    ...credentials,
    currencyCode,
    resellerRelationshipUrl,
  };
  infoHolder.ready = ready;
  return {
    ...ready,
    info: () => ({ ...ready }),
    providerConfig: () => ({
      providerId: 'techdata-sandbox',
      name: 'TechData (sandbox)',
      internalName: 'Providers.TechDataCspProvider',
      userName: ready.clientId,
      password: ready.clientSecret,
      endpointUrl: ready.tokenUrl,
      properties: {
        [TechDataPropertyNames.soin]: ready.soin,
        [TechDataPropertyNames.currencyCode]: ready.currencyCode,
        [TechDataPropertyNames.apiEndpointUrl]: ready.apiUrl,
        [TechDataPropertyNames.resellerRelationshipUrl]: ready.resellerRelationshipUrl,
      },
    }),
    ...controls,
    changeQuantities: (fraction, s) => state.store.changeQuantities(fraction, s),
    removeCustomer: (id) => state.store.removeCustomer(id),
    addCustomer: (c) => state.store.addCustomer(c),
    setSubscription: (s) => state.store.setSubscription(s),
    customers: () => state.store.customers(),
    subscriptions: () => state.store.subscriptions(),
    malformed: () => copyOfPicks(state.malformed()),
    close: () => app.close(),
  };
}
