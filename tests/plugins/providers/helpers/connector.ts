/**
 * Wiring every connector's tests share: the real AxiosHttpClient (loopback allowed, retry waits recorded
 * instead of slept) inside a client that records every request and response, a redactor and a logger
 * whose lines are kept, and small readers of what a listing or a call gave.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AxiosHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from '../../../../plugins/shared/http';
import { createLogger, type Logger, type LoggerOptions } from '../../../../plugins/shared/logger';
import { Redactor } from '../../../../plugins/shared/redact';
import type { RetryOptions } from '../../../../plugins/shared/retry';
import type { UrlPolicy } from '../../../../plugins/shared/url-guard';
import type { Parsed, ProviderConfig, RecordProblem } from '../../../../plugins/providers/types';

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
    return this.responses
      .map((r) => /"access_token":"([^"]+)"/.exec(r.text)?.[1])
      .filter((t): t is string => Boolean(t));
  }
}

/** A connector under test against its sandbox, and what it did. */
export interface ConnectorTestEnv<Sandbox, Connector> {
  sandbox: Sandbox;
  connector: Connector;
  http: RecordingHttpClient;
  redactor: Redactor;
  /** Waits the retry policy asked for, in ms (nothing is really slept). */
  sleeps: number[];
  logLines: string[];
  /** The provider row a partner would fill in for the sandbox. */
  config: ProviderConfig;
  close(): Promise<void>;
}

/** The real client for a sandbox on this machine, recording; the waits its retries ask for go to `sleeps`. */
export function recordingHttp(
  sleeps: number[],
  options: { timeoutInMs: number; urlPolicy?: UrlPolicy; retry?: RetryOptions },
): RecordingHttpClient {
  const sleep = (ms: number) => {
    sleeps.push(ms);
    return Promise.resolve();
  };
  return new RecordingHttpClient(
    new AxiosHttpClient({
      urlPolicy: options.urlPolicy ?? LOOPBACK_POLICY,
      defaultTimeoutInMs: options.timeoutInMs,
      defaultRetry: { sleep, retryDelayInMs: 1, ...options.retry },
    }),
  );
}

/** A redactor and a logger (through it) whose lines are kept, so tests can check what was logged. */
export function capturedLogger(level: LoggerOptions['level'] = 'debug'): {
  redactor: Redactor;
  logger: Logger;
  logLines: string[];
} {
  const redactor = new Redactor();
  const logLines: string[] = [];
  const logger = createLogger({ redactor, level, destination: { write: (line: string) => void logLines.push(line) } });
  return { redactor, logger, logLines };
}

/** A listing's records and problems, in order. */
export async function collect<T>(
  iterable: AsyncIterable<Parsed<T>>,
): Promise<{ values: T[]; problems: RecordProblem[] }> {
  const values: T[] = [];
  const problems: RecordProblem[] = [];
  for await (const item of iterable) {
    if (item.ok) values.push(item.value);
    else problems.push(item.problem);
  }
  return { values, problems };
}

/** What `promise` rejected with; fails the test when it resolves. */
export async function caught(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected an error');
}

/** A port on this machine that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
