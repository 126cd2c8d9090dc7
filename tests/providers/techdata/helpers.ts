/**
 * Test wiring: a TechData sandbox on an ephemeral port, the real AxiosHttpClient (loopback allowed,
 * retry waits recorded instead of slept), a recording HttpClient around it, a redactor and a logger whose
 * lines are kept, and the connector under test.
 */
import { startTechDataSandbox, type TechDataSandbox, type TechDataSandboxOptions } from '../../../emulators/techdata';
import { AxiosHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from '../../../plugins/shared/http';
import { createLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import type { RetryOptions } from '../../../plugins/shared/retry';
import type { UrlPolicy } from '../../../plugins/shared/url-guard';
import { TechDataConnector, type TechDataConnectorOptions } from '../../../plugins/providers/techdata';
import type { DistributorCustomer, DistributorSubscription, Parsed, ProviderConfig, RecordProblem } from '../../../plugins/providers/types';

export const LOOPBACK_POLICY: UrlPolicy = { allowLoopback: true, allowPrivateNetworks: false };

/** Wraps the real client: records every request and response, and how many were in flight at once. */
export class RecordingHttpClient implements HttpClient {
  readonly requests: HttpRequest[] = [];
  readonly responses: HttpResponse[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly inner: HttpClient) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    this.requests.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const response = await this.inner.send(request);
      this.responses.push(response);
      return response;
    } finally {
      this.inFlight--;
    }
  }

  /** Every access token the token endpoint handed out, as seen on the wire. */
  issuedTokens(): string[] {
    return this.responses.map((r) => /"access_token":"([^"]+)"/.exec(r.text)?.[1]).filter((t): t is string => Boolean(t));
  }
}

export interface TestEnv {
  sandbox: TechDataSandbox;
  connector: TechDataConnector;
  http: RecordingHttpClient;
  redactor: Redactor;
  /** Waits the retry policy asked for, in ms (nothing is really slept). */
  sleeps: number[];
  logLines: string[];
  config: ProviderConfig;
  close(): Promise<void>;
}

export interface EnvOptions {
  sandbox?: TechDataSandboxOptions;
  connector?: TechDataConnectorOptions;
  urlPolicy?: UrlPolicy;
  retry?: RetryOptions;
  httpTimeoutInMs?: number;
}

export function makeHttp(sleeps: number[], options: EnvOptions = {}): RecordingHttpClient {
  const sleep = (ms: number) => {
    sleeps.push(ms);
    return Promise.resolve();
  };
  return new RecordingHttpClient(
    new AxiosHttpClient({
      urlPolicy: options.urlPolicy ?? LOOPBACK_POLICY,
      defaultTimeoutInMs: options.httpTimeoutInMs ?? 10_000,
      defaultRetry: { sleep, retryDelayInMs: 1, ...options.retry },
    }),
  );
}

export async function startEnv(options: EnvOptions = {}): Promise<TestEnv> {
  const sandbox = await startTechDataSandbox({ customers: 25, subscriptionsPerCustomer: 4, pageSize: 10, seed: 'tests', ...options.sandbox });
  const sleeps: number[] = [];
  const http = makeHttp(sleeps, options);
  const redactor = new Redactor();
  const logLines: string[] = [];
  const logger = createLogger({ redactor, level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
  const connector = new TechDataConnector({ http, logger, redactor }, options.connector);
  return { sandbox, connector, http, redactor, sleeps, logLines, config: sandbox.providerConfig(), close: () => sandbox.close() };
}

export function withProperty(config: ProviderConfig, name: string, value: string | undefined): ProviderConfig {
  const properties = { ...config.properties };
  if (value === undefined) delete properties[name];
  else properties[name] = value;
  return { ...config, properties };
}

export async function collect<T>(iterable: AsyncIterable<Parsed<T>>): Promise<{ values: T[]; problems: RecordProblem[] }> {
  const values: T[] = [];
  const problems: RecordProblem[] = [];
  for await (const item of iterable) {
    if (item.ok) values.push(item.value);
    else problems.push(item.problem);
  }
  return { values, problems };
}

export type { DistributorCustomer, DistributorSubscription };
