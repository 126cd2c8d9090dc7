/**
 * Composes the service: per Dataverse environment (one, `default`, unless an environments file names
 * several) a runtime with its Dataverse access, job store, queue, runners, poller and nightly scheduler
 * (`environment-runtime.ts`); shared by all, the HTTP host, the Storage clients, the telemetry and the
 * distributor HTTP client. The same composition runs against real environments and against the
 * embedded emulator; only the targets differ.
 */
import type { FastifyInstance } from 'fastify';
import { W365Error } from '../../common/errors';
import type { TokenProvider } from '../dataverse/auth';
import type { DataverseClient } from '../dataverse/client';
import type { JobQueue } from '../jobs/queue';
import type { ConnectorRegistry } from '../providers/registry';
import type { TokenStore } from '../providers/types';
import { AxiosHttpClient, type HttpClient } from '../shared/http';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
import { NoopTelemetry, TracedHttpClient, type Telemetry } from '../telemetry';
import type { ServiceConfig } from './config';
import {
  createEnvironmentRuntime,
  recoverEnvironment,
  type EnvironmentRuntime,
  type EnvironmentTarget,
  type SharedParts,
} from './environment-runtime';
import { EnvironmentErrorCodes } from './environments';
import { EnvironmentMessages as M } from './environments-strings';
import { IN_PROCESS_QUEUE, type ServiceRole } from './queue-config';
import { EnvironmentRouter } from './routing';
import { buildServer } from './server';
import { createSharedStorage, DEFAULT_ENVIRONMENT, takesWork } from './work';

export type { EnvironmentRuntime, EnvironmentTarget } from './environment-runtime';

export interface DataverseTarget {
  environmentUrl: string;
  webApiUrl: string;
  tokenProvider: TokenProvider;
  ca?: string;
}

export interface ServiceOptions {
  config: ServiceConfig;
  /** The one environment (`default`) when `environments` is absent. */
  dataverse?: DataverseTarget;
  /** Several Dataverse environments (the environments file); each gets its own runtime. */
  environments?: EnvironmentTarget[];
  connectors: ConnectorRegistry;
  logger: Logger;
  redactor: Redactor;
  webhookKey: string;
  version: string;
  register?: (app: FastifyInstance) => void | Promise<void>;
  pollIntervalInMs?: number;
  webhookGraceInMs?: number;
  staleAfterInMs?: number;
  heartbeatIntervalInMs?: number;
  /** Start the nightly cron (default true). */
  schedule?: boolean;
  /** Default: the Dataverse-backed store (provider's secured w365_tokenstate under a lease). */
  tokenStore?: (dv: DataverseClient) => TokenStore;
  queue?: JobQueue;
  /** Overrides the configured role (`w365 serve --role`). */
  role?: ServiceRole;
  /**
   * Where traces and metrics go (`createTelemetry` reads the environment); default none. The service
   * shuts it down (a last flush) on close.
   */
  telemetry?: Telemetry;
}

/** The service; its `dv`, `requests`, `store` ... are the first environment's (the only one, `default`, without an environments file). */
export interface RunningService extends Pick<
  EnvironmentRuntime,
  'dv' | 'requests' | 'store' | 'queue' | 'scheduler' | 'poller' | 'syncDeps' | 'waitForJob'
> {
  url: string;
  app: FastifyInstance;
  /** Every environment's runtime, by name, in the order given. */
  environments: ReadonlyMap<string, EnvironmentRuntime>;
  close(): Promise<void>;
}

/**
 * One outbound HTTP client (and so one keep-alive socket pool) for the service's life: a client per
 * job left its sockets open until the distributor's keep-alive timeout, a few more with every job.
 * Every answer is capped at W365_MAX_PROVIDER_RESPONSE_MB; close() ends the sockets.
 */
function distributorHttpFor(config: ServiceConfig): AxiosHttpClient {
  return new AxiosHttpClient({
    urlPolicy: { allowPrivateNetworks: config.allowPrivateNetworks, allowLoopback: config.allowLoopbackProviderUrls },
    defaultTimeoutInMs: 60_000,
    maxResponseBytes: config.maxProviderResponseBytes,
  });
}

/** The environments served: the options' list, or the one target as `default`. */
function targetsOf(options: ServiceOptions): EnvironmentTarget[] {
  const one = options.dataverse ? [{ name: DEFAULT_ENVIRONMENT, ...options.dataverse }] : [];
  const targets = options.environments ?? one;
  if (targets.length === 0) throw new W365Error(EnvironmentErrorCodes.Invalid, M.noEnvironments);
  if (options.queue && targets.length > 1) throw new W365Error(EnvironmentErrorCodes.Invalid, M.givenQueueForMany);
  return targets;
}

/** One runtime per environment, sharing the Storage clients, the telemetry and the distributor HTTP client. */
function buildRuntimes(options: ServiceOptions, distributorHttp: HttpClient, telemetry: Telemetry) {
  // A configuration built by hand (tests) may have no queue section: the embedded default's then.
  const queueConfig = options.config.queue ?? IN_PROCESS_QUEUE;
  const storage = options.queue ? undefined : createSharedStorage(queueConfig);
  const runtimes = new Map<string, EnvironmentRuntime>();
  const router = new EnvironmentRouter(runtimes, options.logger);
  const shared: SharedParts = {
    options,
    queueConfig,
    role: options.role ?? queueConfig.role,
    telemetry,
    distributorHttp: new TracedHttpClient(distributorHttp, telemetry),
    ...(storage ? { storage } : {}),
    onPoison: router.poisoned,
  };
  for (const target of targetsOf(options)) runtimes.set(target.name, createEnvironmentRuntime(shared, target));
  return { shared, runtimes, router };
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, logger } = options;
  const telemetry = options.telemetry ?? new NoopTelemetry();
  const distributorHttp = distributorHttpFor(config);
  const { shared, runtimes, router } = buildRuntimes(options, distributorHttp, telemetry);
  const all = [...runtimes.values()];
  for (const runtime of all) await recoverEnvironment(shared, runtime);
  if (takesWork(shared.role)) {
    // A consumer per environment's queue, each with its own W365_JOB_CONCURRENCY slots: an environment
    // that is throttled or down can fill its own slots, never another's.
    for (const runtime of all) runtime.queue.consumeItems(router.handle, config.jobConcurrency);
  }
  for (const runtime of all) runtime.startScheduling();
  // Each environment's organisation id, for the webhook's check: asked now, in the background (a
  // partner's Dataverse being down must not hold the start); a webhook asks again until it is known.
  for (const runtime of all) void runtime.organization.learn();
  const first = all[0];
  const app = await buildServer({ ...options, environments: all });
  const url = await listen(app, config);
  const close = async () => {
    await Promise.all(all.map((r) => r.close()));
    await app.close();
    distributorHttp.close();
    await telemetry.shutdown().catch((err: unknown) => logger.warn({ err }, 'telemetry did not flush at close'));
  };
  const { dv, requests, store, queue, scheduler, poller, syncDeps, waitForJob } = first;
  return {
    url,
    app,
    dv,
    requests,
    store,
    queue,
    scheduler,
    poller,
    syncDeps,
    environments: runtimes,
    waitForJob,
    close,
  };
}

async function listen(app: FastifyInstance, config: ServiceConfig): Promise<string> {
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
}
