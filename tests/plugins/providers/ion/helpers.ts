/**
 * Test wiring for the Ion connector and its token protocol: the Ion sandbox, the Dataverse emulator,
 * and "workers" (a connector with its own Dataverse client, token store, HTTP client and journal) that
 * can be killed at a chosen point, the way a process dies: from that moment every request it makes
 * (to Ion or Dataverse) fails, so its lease is not released and nothing after the crash point happens.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDataverseEmulator, type DataverseEmulator } from '../../../../emulators/dataverse';
import { shippedSolutionZip } from '../../../helpers/solution-zip';
import { startIonSandbox, type IonSandbox, type IonSandboxOptions } from '../../../../emulators/ion';
import { Tables } from '../../../../solution/schema';
import { DataverseClient } from '../../../../plugins/dataverse/client';
import { createDataverseTokenStore, type DataverseTokenStoreOptions } from '../../../../plugins/dataverse/token-store';
import {
  decodeState,
  FileTokenJournal,
  IonConnector,
  type IonConnectorOptions,
  type IonTokenState,
} from '../../../../plugins/providers/ion';
import type { TokenManagerOptions } from '../../../../plugins/providers/ion/token-manager';
import type {
  DistributorCustomer,
  DistributorSubscription,
  ProviderConfig,
  TokenStateAccess,
  TokenStore,
} from '../../../../plugins/providers/types';
import { AxiosHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from '../../../../plugins/shared/http';
import type { Redactor } from '../../../../plugins/shared/redact';
import { capturedLogger, LOOPBACK_POLICY } from '../helpers/connector';
import { createProviderOnly } from '../helpers/dataverse-rows';

export { caught, collect } from '../helpers/connector';

/** The error a killed worker's I/O throws. */
export class Crash extends Error {
  constructor(where: string) {
    super(`simulated crash: ${where}`);
    this.name = 'Crash';
  }
}

export class KillSwitch {
  dead = false;
  where = '';
  kill(where: string): never {
    this.dead = true;
    this.where = where;
    throw new Crash(where);
  }
  check(what: string): void {
    if (this.dead) throw new Crash(`${what} after death at ${this.where}`);
  }
}

/** Time that tests move by hand: sleeping advances it at once. */
export class FakeClock {
  constructor(public nowInMs = Date.now()) {}
  readonly now = (): Date => new Date(this.nowInMs);
  readonly sleeps: number[] = [];
  readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.nowInMs += ms;
  };
}

type Hook = (request: HttpRequest) => void;

/** The real HTTP client, with hooks before and after chosen requests, and the kill switch. */
export class HookedHttp implements HttpClient {
  readonly requests: HttpRequest[] = [];
  readonly responses: HttpResponse[] = [];
  before?: Hook;
  after?: (request: HttpRequest, response: HttpResponse) => void;
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    private readonly inner: HttpClient,
    private readonly killSwitch: KillSwitch,
  ) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    this.killSwitch.check(`${request.method} ${request.url}`);
    this.before?.(request);
    this.requests.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const response = await this.inner.send(request);
      this.killSwitch.check(`answer of ${request.url}`);
      this.after?.(request, response);
      this.responses.push(response);
      return response;
    } finally {
      this.inFlight--;
    }
  }
}

/** A TokenStore around the real one, with hooks on state writes (decoded for the predicate). */
export class HookedTokenStore implements TokenStore {
  beforeWrite?: (state: IonTokenState | undefined) => void;
  afterWrite?: (state: IonTokenState | undefined) => void;
  readonly written: Array<IonTokenState | undefined> = [];
  constructor(private readonly inner: TokenStore) {}
  withLease<T>(providerId: string, fn: (state: TokenStateAccess) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.inner.withLease(
      providerId,
      (access) =>
        fn({
          read: () => access.read(),
          write: async (raw) => {
            const decoded = decodeState(raw);
            const state = decoded.kind === 'ok' ? decoded.state : undefined;
            this.beforeWrite?.(state);
            await access.write(raw);
            this.written.push(state);
            this.afterWrite?.(state);
          },
        }),
      signal,
    );
  }
}

export interface Env {
  emulator: DataverseEmulator;
  /** An admin client that is never killed: for setting up rows and reading what the workers left. */
  dv: DataverseClient;
  sandbox: IonSandbox;
  dir: string;
  close(): Promise<void>;
}

export async function startEnv(sandboxOptions: IonSandboxOptions = {}): Promise<Env> {
  const emulator = await startDataverseEmulator({ dbFile: ':memory:', solutions: [await shippedSolutionZip()] });
  const dv = new DataverseClient({
    webApiUrl: emulator.webApiUrl,
    tokenProvider: { getToken: async () => emulator.getToken() },
    ca: emulator.caPem,
    retry: { maxTries: 2, retryDelayInMs: 1 },
  });
  const sandbox = await startIonSandbox({
    seed: 'token-tests',
    customers: 12,
    subscriptionsPerCustomer: 3,
    ...sandboxOptions,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-ion-test-'));
  return {
    emulator,
    dv,
    sandbox,
    dir,
    async close() {
      await sandbox.close();
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Provider row for the sandbox; returns the connector's config for it. */
export async function createProvider(env: Env, refreshToken = env.sandbox.refreshToken): Promise<ProviderConfig> {
  const base = env.sandbox.providerConfig(refreshToken);
  const id = await createProviderOnly(env.dv, base);
  return { ...base, providerId: id };
}

export async function storedState(
  env: Env,
  providerId: string,
): Promise<{ state?: IonTokenState; raw?: string; owner?: string; until?: string }> {
  const P = Tables.provider;
  const row = await env.dv.retrieve(P.entitySetName, providerId, [
    P.col.tokenState,
    P.col.tokenLeaseOwner,
    P.col.tokenLeaseUntil,
  ]);
  const raw = (row?.[P.col.tokenState] as string | null) ?? undefined;
  const decoded = decodeState(raw);
  return {
    raw,
    state: decoded.kind === 'ok' ? decoded.state : undefined,
    owner: (row?.[P.col.tokenLeaseOwner] as string | null) ?? undefined,
    until: (row?.[P.col.tokenLeaseUntil] as string | null) ?? undefined,
  };
}

export interface WorkerOptions {
  name: string;
  /** Journal folder; workers on "the same machine" share one. */
  journalDir: string;
  clock?: FakeClock;
  store?: DataverseTokenStoreOptions;
  token?: TokenManagerOptions;
  connector?: IonConnectorOptions;
}

export interface Worker {
  name: string;
  connector: IonConnector;
  http: HookedHttp;
  store: HookedTokenStore;
  killSwitch: KillSwitch;
  redactor: Redactor;
  logLines: string[];
}

export function makeWorker(env: Env, options: WorkerOptions): Worker {
  const killSwitch = new KillSwitch();
  const { redactor, logger, logLines } = capturedLogger();
  const dv = new DataverseClient({
    webApiUrl: env.emulator.webApiUrl,
    tokenProvider: {
      getToken: async () => {
        killSwitch.check('a Dataverse request');
        return env.emulator.getToken();
      },
    },
    ca: env.emulator.caPem,
    retry: { maxTries: 2, retryDelayInMs: 1 },
  });
  const clock = options.clock;
  const store = new HookedTokenStore(
    createDataverseTokenStore(dv, {
      ownerName: options.name,
      logger,
      pollIntervalInMs: 20,
      ...(clock ? { now: clock.now, sleep: clock.sleep } : {}),
      ...options.store,
    }),
  );
  const http = new HookedHttp(
    new AxiosHttpClient({
      urlPolicy: LOOPBACK_POLICY,
      defaultTimeoutInMs: 5_000,
      defaultRetry: { retryDelayInMs: 1, sleep: async () => undefined },
    }),
    killSwitch,
  );
  const connector = new IonConnector(
    { http, logger, redactor, tokenStore: store, ...(clock ? { now: clock.now } : {}) },
    {
      journal: new FileTokenJournal(options.journalDir),
      token: {
        workerName: options.name,
        renewalRetry: { maxTries: 2, retryDelayInMs: 1, sleep: async () => undefined },
        ...options.token,
      },
      ...(clock ? { sleep: clock.sleep } : {}),
      ...options.connector,
    },
  );
  return { name: options.name, connector, http, store, killSwitch, redactor, logLines };
}

export type { DistributorCustomer, DistributorSubscription };
