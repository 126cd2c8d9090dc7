/**
 * `startIonSandbox(options)`: a real HTTP server (fastify) speaking TD SYNNEX StreamOne Ion v3 as far as
 * Work 365 reads it: the refresh-token grant with single-use rotating tokens, cursor-paged customers,
 * cloud profiles, offset-paged subscriptions, Google-RPC errors. Deterministic data, fault and latency
 * injection, and controls for tests (methods here) and other processes (`/_sandbox/` routes).
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
import { IonSandboxAuth, type IonAuthStats } from './auth';
import { registerControlRoutes } from './control-routes';
import {
  generateIonDataset,
  type IonAnchorCustomer,
  type IonDataset,
  type IonSandboxCustomer,
  type IonSandboxSubscription,
} from './dataset';
import { IonFaultInjector, type IonFaults } from './faults';
import { registerReportRoutes } from './report-routes';
import { registerApiRoutes, registerOAuthRoutes, TOKEN_PATH } from './routes';
import { IonSandboxState, type IonSandboxStats } from './state';
import { IonStore, type QuantityChange } from './store';
import { IonPropertyNames } from '../../plugins/providers/ion/properties';

export interface IonSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: string | number;
  customers?: number;
  subscriptionsPerCustomer?: number;
  /** Customers served first, as given (name, tenant id, domain). */
  anchors?: readonly IonAnchorCustomer[];
  /** Use this data instead of generating it. */
  dataset?: IonDataset;
  /** Added to every API request. Default 0. */
  latencyInMs?: number;
  faults?: IonFaults;
  /** The reseller account id; default derived from the seed. */
  accountId?: string;
  /** The first refresh token; default a random one (as the Ion portal shows a new one each time). */
  initialRefreshToken?: string;
  /** Default 7200 [C]. */
  accessTokenTtlInSeconds?: number;
  /** Default 32 days [C]. */
  refreshTokenTtlInSeconds?: number;
  /** Reusing a refresh token revokes its descendants too. Default true (the strictest case) [I]. */
  revokeChainOnReuse?: boolean;
  currencyCode?: string;
  partnerName?: string;
}

/** The line `w365 sandbox ion` prints when ready, and what `/_sandbox/info` returns. */
export interface IonSandboxInfo {
  name: 'ion';
  /** The host root: the provider's End Point URL. */
  url: string;
  tokenUrl: string;
  apiUrl: string;
  accountId: string;
  /** The refresh token issued at start (single-use: after one renewal, ask POST /_sandbox/credentials for another). */
  refreshToken: string;
  currencyCode: string;
}

export interface IonSandbox extends IonSandboxInfo, SandboxControls<IonFaults, IonSandboxStats> {
  info(): IonSandboxInfo;
  /** The provider row a partner would fill in for this sandbox. */
  providerConfig(refreshToken?: string): SandboxProviderConfig;
  /** "Request New Credentials" in the portal: a new refresh token; every older chain stops working. */
  newCredentials(): string;
  /** Refresh tokens Ion would accept now. */
  liveRefreshTokens(): string[];
  authStats(): IonAuthStats;
  changeQuantities(fraction: number, seed: string | number): QuantityChange[];
  removeCustomer(customerId: string): { removed: boolean; removedSubscriptions: number };
  setSubscription(line: Omit<IonSandboxSubscription, 'id'> & { id?: string }): IonSandboxSubscription;
  customers(): IonSandboxCustomer[];
  subscriptions(): IonSandboxSubscription[];
  malformed(): { customers: Map<string, string>; subscriptions: Map<string, string> };
  close(): Promise<void>;
}

export const ION_SANDBOX_INTERNAL_NAME = 'Providers.TDSynnexStreamOneIon';

export async function startIonSandbox(options: IonSandboxOptions = {}): Promise<IonSandbox> {
  const seed = options.seed ?? 1;
  const dataset =
    options.dataset ??
    generateIonDataset(seed, {
      customers: options.customers,
      subscriptionsPerCustomer: options.subscriptionsPerCustomer,
      anchors: options.anchors,
    });
  const rng = new SeededRandom(seed, 'ion-account');
  const accountId = options.accountId ?? String(rng.int(10_000, 99_999));
  const currencyCode = options.currencyCode ?? 'USD';
  const auth = new IonSandboxAuth({
    accessTokenTtlInSeconds: options.accessTokenTtlInSeconds ?? 7200,
    refreshTokenTtlInSeconds: options.refreshTokenTtlInSeconds ?? 32 * 86_400,
    revokeChainOnReuse: options.revokeChainOnReuse ?? true,
  });
  const initialRefreshToken = auth.issueCredentials(options.initialRefreshToken);
  const state = new IonSandboxState(
    new IonStore(dataset, `ion-page-${seed}`),
    new IonFaultInjector(options.faults),
    auth,
    options.latencyInMs ?? 0,
    accountId,
    currencyCode,
    options.partnerName ?? 'Reseller Demo (sandbox)',
  );
  const app = createSandboxApp({ formBodies: true });
  const controls = sandboxControls(state, state);
  // The control routes' /info needs the port, known only once listening.
  const infoHolder: { ready?: IonSandboxInfo } = {};
  registerOAuthRoutes(app, state);
  registerApiRoutes(app, state);
  registerReportRoutes(app, state);
  registerControlRoutes(
    app,
    state,
    controls,
    () => ({ ...infoHolder.ready }),
    () => auth.issueCredentials(),
  );
  const url = await listenOn(app, options);
  const ready: IonSandboxInfo = {
    name: 'ion',
    url,
    tokenUrl: `${url}${TOKEN_PATH}`,
    apiUrl: `${url}/api/v3/accounts/${accountId}/`,
    accountId,
    refreshToken: initialRefreshToken,
    currencyCode,
  };
  infoHolder.ready = ready;
  return {
    ...ready,
    info: () => ({ ...ready }),
    providerConfig: (refreshToken = initialRefreshToken) => ({
      providerId: '6a0f3a4e-3c1b-4d7e-9b1a-10b0c0de0001',
      name: 'TD SYNNEX StreamOne Ion (sandbox)',
      internalName: ION_SANDBOX_INTERNAL_NAME,
      userName: accountId,
      password: refreshToken,
      endpointUrl: url,
      properties: { [IonPropertyNames.currencyCode]: currencyCode },
    }),
    newCredentials: () => auth.issueCredentials(),
    liveRefreshTokens: () => auth.liveRefreshTokens(),
    authStats: () => ({ ...auth.stats }),
    ...controls,
    changeQuantities: (fraction, s) => state.store.changeQuantities(fraction, s),
    removeCustomer: (id) => state.store.removeCustomer(id),
    setSubscription: (line) => state.store.setSubscription(line),
    customers: () => state.store.customers(),
    subscriptions: () => state.store.subscriptions(),
    malformed: () => copyOfPicks(state.malformed()),
    close: () => app.close(),
  };
}
