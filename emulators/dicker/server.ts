/**
 * `startDickerSandbox(options)`: a real HTTP server (fastify) speaking Dicker Data's B2B access-key
 * handshake [C-3p] and a Microsoft CSP subscription feed of OUR DESIGN modelled on Dicker's annuity
 * export (Dicker publishes no CSP API; see plugins/providers/dicker/feed-mapping.ts). Deterministic data,
 * fault and latency injection, and controls for tests (methods here) and other processes (`/_sandbox/`).
 */
import { SeededRandom } from '../sandbox-kit/prng';
import {
  createSandboxApp,
  listenOn,
  sandboxControls,
  type SandboxControls,
  type SandboxProviderConfig,
} from '../sandbox-kit/server';
import { DickerSandboxAuth } from './auth';
import { registerControlRoutes } from './control-routes';
import {
  generateDickerDataset,
  type DickerAnchorTenant,
  type DickerDataset,
  type DickerSandboxLine,
  type DickerSandboxTenant,
} from './dataset';
import { DickerFaultInjector, type DickerFaults } from './faults';
import { INVOICE_PATH, registerInvoiceRoutes } from './invoice-routes';
import { ACCESS_KEY_PATH, FEED_PATH, registerRoutes } from './routes';
import { DickerSandboxState, type DickerSandboxStats } from './state';
import { DickerPropertyNames } from '../../plugins/providers/dicker/properties';

export interface DickerSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: string | number;
  tenants?: number;
  linesPerTenant?: number;
  anchors?: readonly DickerAnchorTenant[];
  dataset?: DickerDataset;
  latencyInMs?: number;
  faults?: DickerFaults;
  /** Credentials; by default derived from the seed, so they are the same on every start. */
  accountCode?: string;
  accessToken?: string;
  /** Access key life. Default 3600 s [I: Dicker's is not documented]. */
  accessKeyTtlInSeconds?: number;
  currencyCode?: string;
}

/** The line `w365 sandbox dicker` prints when ready, and what `/_sandbox/info` returns. */
export interface DickerSandboxInfo {
  name: 'dicker';
  /** The host: the provider's End Point URL. */
  url: string;
  accessKeyUrl: string;
  feedUrl: string;
  /** The invoice feed (our design, beside the CSP feed). */
  invoiceUrl: string;
  accountCode: string;
  accessToken: string;
  currencyCode: string;
}

export interface DickerSandbox extends DickerSandboxInfo, SandboxControls<DickerFaults, DickerSandboxStats> {
  info(): DickerSandboxInfo;
  /** The provider row a partner would fill in for this sandbox. */
  providerConfig(): SandboxProviderConfig;
  revokeAccessKeys(): void;
  changeQuantities(
    fraction: number,
    seed: string | number,
  ): Array<{ subscriptionId: string; before: number; after: number }>;
  setLine(line: DickerSandboxLine): DickerSandboxLine;
  removeTenant(tenantId: string): { removed: boolean; removedLines: number };
  tenants(): DickerSandboxTenant[];
  lines(): DickerSandboxLine[];
  /** Subscription ids of the lines served malformed now, with how. */
  malformed(): Map<string, string>;
  close(): Promise<void>;
}

export const DICKER_SANDBOX_INTERNAL_NAME = 'Providers.DickerDataCspProvider';

export async function startDickerSandbox(options: DickerSandboxOptions = {}): Promise<DickerSandbox> {
  const seed = options.seed ?? 1;
  const dataset =
    options.dataset ??
    generateDickerDataset(seed, {
      tenants: options.tenants,
      linesPerTenant: options.linesPerTenant,
      anchors: options.anchors,
    });
  const rng = new SeededRandom(seed, 'dicker-credentials');
  const credentials = {
    accountCode: options.accountCode ?? String(rng.int(100_000, 999_999)),
    accessToken: options.accessToken ?? rng.hex(48).toUpperCase(),
  };
  const currencyCode = options.currencyCode ?? 'AUD';
  const state = new DickerSandboxState(
    dataset,
    new DickerFaultInjector(options.faults),
    new DickerSandboxAuth(credentials, options.accessKeyTtlInSeconds ?? 3600),
    options.latencyInMs ?? 0,
  );
  const app = createSandboxApp();
  const controls = sandboxControls(state, state);
  // The control routes' /info needs the port, known only once listening.
  const infoHolder: { ready?: DickerSandboxInfo } = {};
  registerRoutes(app, state);
  registerInvoiceRoutes(app, state, { accountCode: credentials.accountCode, currency: currencyCode });
  registerControlRoutes(app, state, controls, () => ({ ...infoHolder.ready }));
  const url = await listenOn(app, options);
  const ready: DickerSandboxInfo = {
    name: 'dicker',
    url,
    accessKeyUrl: `${url}${ACCESS_KEY_PATH}`,
    feedUrl: `${url}${FEED_PATH}`,
    invoiceUrl: `${url}${INVOICE_PATH}`,
    ...credentials,
    currencyCode,
  };
  infoHolder.ready = ready;
  return {
    ...ready,
    info: () => ({ ...ready }),
    providerConfig: () => ({
      providerId: '6a0f3a4e-3c1b-4d7e-9b1a-d1c4e4da7a01',
      name: 'Dicker Data (sandbox)',
      internalName: DICKER_SANDBOX_INTERNAL_NAME,
      userName: credentials.accountCode,
      password: credentials.accessToken,
      endpointUrl: url,
      properties: { [DickerPropertyNames.currencyCode]: currencyCode },
    }),
    ...controls,
    revokeAccessKeys: () => state.auth.revokeAll(),
    changeQuantities: (fraction, s) => state.changeQuantities(fraction, s),
    setLine: (line) => state.setLine(line),
    removeTenant: (id) => state.removeTenant(id),
    tenants: () => state.tenants(),
    lines: () => state.lines(),
    malformed: () => new Map(state.malformed()),
    close: () => app.close(),
  };
}
