/**
 * Test wiring for the Dicker Data connector: a sandbox on an ephemeral port, the real AxiosHttpClient
 * (loopback allowed, retry waits recorded instead of slept) inside a recording client, a redactor and a
 * logger whose lines are kept.
 */
import { startDickerSandbox, type DickerSandbox, type DickerSandboxOptions } from '../../../emulators/dicker';
import { DickerConnector, type DickerConnectorOptions } from '../../../plugins/providers/dicker';
import type { Parsed, ProviderConfig, RecordProblem } from '../../../plugins/providers/types';
import { AxiosHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from '../../../plugins/shared/http';
import { createLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import type { UrlPolicy } from '../../../plugins/shared/url-guard';

export const LOOPBACK_POLICY: UrlPolicy = { allowLoopback: true, allowPrivateNetworks: false };

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
}

export interface TestEnv {
  sandbox: DickerSandbox;
  connector: DickerConnector;
  http: RecordingHttpClient;
  redactor: Redactor;
  sleeps: number[];
  logLines: string[];
  config: ProviderConfig;
  close(): Promise<void>;
}

export function makeConnector(options: { connector?: DickerConnectorOptions; urlPolicy?: UrlPolicy; now?: () => Date } = {}) {
  const sleeps: number[] = [];
  const http = new RecordingHttpClient(
    new AxiosHttpClient({ urlPolicy: options.urlPolicy ?? LOOPBACK_POLICY, defaultTimeoutInMs: 5_000, defaultRetry: { retryDelayInMs: 1, sleep: async (ms) => void sleeps.push(ms) } }),
  );
  const redactor = new Redactor();
  const logLines: string[] = [];
  const logger = createLogger({ redactor, level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
  const connector = new DickerConnector({ http, logger, redactor, ...(options.now ? { now: options.now } : {}) }, options.connector);
  return { connector, http, redactor, sleeps, logLines };
}

export async function startEnv(options: { sandbox?: DickerSandboxOptions; connector?: DickerConnectorOptions } = {}): Promise<TestEnv> {
  const sandbox = await startDickerSandbox({ seed: 'tests', tenants: 15, linesPerTenant: 4, ...options.sandbox });
  const made = makeConnector({ connector: options.connector });
  return { sandbox, ...made, config: sandbox.providerConfig(), close: () => sandbox.close() };
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

export async function caught(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected an error');
}
