/**
 * The service's outbound HTTP client (axios), used by every distributor connector. It applies the URL
 * policy, timeouts and the one retry policy, counts requests, and turns transport failures into
 * W365Errors with stable codes. Non-2xx answers are returned, not thrown: each connector knows what its
 * distributor's error bodies mean.
 *
 * Every answer is bounded in size and in time: axios counts the bytes as they arrive (after any
 * decompression) and aborts past `maxResponseBytes`, so an oversized answer never reaches JSON.parse;
 * and each attempt has a deadline for the whole exchange, not only for a silent socket (axios's
 * `timeout` is an idle timer, which a server dripping one byte a minute never trips).
 *
 * One client is meant to serve a whole service: its keep-alive agents reuse sockets across jobs, close
 * idle ones, and are destroyed by `close()`.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { W365Error } from '../../common/errors';
import { withRetry, type AttemptOutcome, type RetryOptions } from './retry';
import { checkUrlShape, guardedLookup, UrlGuardErrorCodes, type UrlPolicy } from './url-guard';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; an object as JSON; URLSearchParams as a form. */
  body?: string | Buffer | URLSearchParams | Record<string, unknown> | unknown[];
  timeoutInMs?: number;
  signal?: AbortSignal;
  /** Per-request retry options, or false for a single attempt. */
  retry?: RetryOptions | false;
  /** Field name used in error messages about the URL ("API End Point URL"). */
  urlField?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  text: string;
  json<T = unknown>(): T;
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
}

export const HttpErrorCodes = {
  Unreachable: 'HTTP_UNREACHABLE',
  Tls: 'HTTP_TLS_FAILURE',
  Timeout: 'HTTP_TIMEOUT',
  Network: 'HTTP_NETWORK_ERROR',
  BadJson: 'HTTP_BAD_JSON',
  TooLarge: 'HTTP_RESPONSE_TOO_LARGE',
} as const;

/** The default cap of one answer (W365_MAX_PROVIDER_RESPONSE_MB): a page of a distributor API is kilobytes. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** Sockets to one distributor host at once, and idle ones kept for the next request. */
const MAX_SOCKETS_PER_HOST = 16;
const MAX_FREE_SOCKETS_PER_HOST = 4;
/** An idle kept-alive socket is closed after this long. */
const IDLE_SOCKET_TIMEOUT_IN_MS = 30_000;

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

export interface HttpClientOptions {
  urlPolicy: UrlPolicy;
  /** Extra trusted CA certificates (PEM), e.g. a local emulator's. */
  ca?: string | Buffer;
  defaultTimeoutInMs?: number;
  defaultRetry?: RetryOptions;
  /** Called once per attempt on the wire (for request accounting in benchmarks). */
  onAttempt?: (info: { method: HttpMethod; url: string }) => void;
  /** The largest answer (and request body) accepted, in bytes after decompression. Default DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A size for a message: "8 MB", "1.5 MB", "256 KB". */
export function sizeText(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Math.round(mb * 100) / 100} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** axios's refusal of an answer past maxContentLength (it has no code of its own beyond ERR_BAD_RESPONSE). */
function isTooLarge(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === 'ERR_BAD_RESPONSE' && /maxContentLength size of \d+ exceeded/.test(e.message ?? '');
}

function classifyTransportError(err: unknown, url: string): W365Error {
  if (err instanceof W365Error) return err;
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  const host = hostOf(url);
  if (code && TLS_CODES.has(code)) {
    return new W365Error(
      HttpErrorCodes.Tls,
      `The TLS connection to ${host} failed (${code}): the certificate is not trusted or the endpoint does not speak https.`,
      { cause: err },
    );
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_SOCKET_CONNECTION_TIMEOUT') {
    return new W365Error(HttpErrorCodes.Timeout, `${host} did not answer in time.`, { cause: err, retryable: true });
  }
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH'
  ) {
    return new W365Error(HttpErrorCodes.Unreachable, `${host} cannot be reached (${code}).`, {
      cause: err,
      retryable: true,
    });
  }
  return new W365Error(HttpErrorCodes.Network, `The connection to ${host} failed (${code ?? 'network error'}).`, {
    cause: err,
    retryable: true,
  });
}

export class AxiosHttpClient implements HttpClient {
  private readonly axios: AxiosInstance;
  private readonly options: HttpClientOptions;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly maxResponseBytes: number;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const lookup = guardedLookup(options.urlPolicy) as unknown as http.AgentOptions['lookup'];
    const pool = {
      keepAlive: true,
      maxSockets: MAX_SOCKETS_PER_HOST,
      maxFreeSockets: MAX_FREE_SOCKETS_PER_HOST,
      timeout: IDLE_SOCKET_TIMEOUT_IN_MS,
      lookup,
    };
    this.agents = {
      http: new http.Agent(pool),
      https: new https.Agent({ ...pool, ...(options.ca ? { ca: options.ca } : {}) }),
    };
    this.axios = axios.create({
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      // We read status codes ourselves and parse bodies ourselves (connectors know their formats).
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (data) => data,
      maxRedirects: 0,
      // Enforced by axios on the decompressed stream as it arrives: past the cap it stops reading.
      maxContentLength: this.maxResponseBytes,
      maxBodyLength: this.maxResponseBytes,
      transitional: { clarifyTimeoutError: true },
      proxy: false,
    });
  }

  /** Close every socket (kept-alive ones included); the client must not be used afterwards. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private tooLarge(url: string, err: unknown): W365Error {
    return new W365Error(
      HttpErrorCodes.TooLarge,
      `The answer from ${hostOf(url)} is larger than ${sizeText(this.maxResponseBytes)}, the most this service reads (W365_MAX_PROVIDER_RESPONSE_MB); it was not read.`,
      { cause: err, details: { maxResponseBytes: this.maxResponseBytes } },
    );
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    checkUrlShape(request.url, request.urlField ?? 'URL', this.options.urlPolicy);
    const retry = request.retry === false ? { maxTries: 1 } : { ...this.options.defaultRetry, ...request.retry };
    const headers: Record<string, string> = { ...request.headers };
    let data: unknown = request.body;
    if (request.body instanceof URLSearchParams) {
      data = request.body.toString();
      headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
    } else if (request.body !== undefined && typeof request.body === 'object' && !Buffer.isBuffer(request.body)) {
      data = JSON.stringify(request.body);
      headers['Content-Type'] ??= 'application/json';
    }
    return withRetry<HttpResponse>(
      async () => {
        this.options.onAttempt?.({ method: request.method, url: request.url });
        const timeoutInMs = request.timeoutInMs ?? this.options.defaultTimeoutInMs ?? 30_000;
        // The whole exchange, body included, within the timeout: axios's own timer only sees silence.
        const deadline = AbortSignal.timeout(timeoutInMs);
        try {
          const res = await this.axios.request<string>({
            method: request.method,
            url: request.url,
            headers,
            data,
            timeout: timeoutInMs,
            signal: request.signal ? AbortSignal.any([request.signal, deadline]) : deadline,
          });
          const text = typeof res.data === 'string' ? res.data : String(res.data ?? '');
          const lower: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v != null) lower[k.toLowerCase()] = String(v);
          return {
            status: res.status,
            headers: lower,
            text,
            json<T>(): T {
              try {
                return JSON.parse(text) as T;
              } catch (err) {
                throw new W365Error(
                  HttpErrorCodes.BadJson,
                  `The answer from ${new URL(request.url).host} is not valid JSON.`,
                  { cause: err },
                );
              }
            },
          };
        } catch (err) {
          if (request.signal?.aborted) throw err;
          if (isTooLarge(err)) throw this.tooLarge(request.url, err);
          if (deadline.aborted) {
            throw new W365Error(HttpErrorCodes.Timeout, `${hostOf(request.url)} did not answer in time.`, {
              cause: err,
              retryable: true,
            });
          }
          // The guarded lookup's refusal arrives wrapped by axios; keep its code and message.
          const e = err as { code?: string; message?: string };
          if (e.code === UrlGuardErrorCodes.BlockedAddress)
            throw new W365Error(UrlGuardErrorCodes.BlockedAddress, e.message ?? 'blocked');
          throw classifyTransportError(err, request.url);
        }
      },
      {
        result: (r): AttemptOutcome => ({ kind: 'response', status: r.status, retryAfter: r.headers['retry-after'] }),
        error: (err): AttemptOutcome | undefined => {
          if (!(err instanceof W365Error) || !err.retryable) return undefined;
          const cause = err.cause as { code?: string } | undefined;
          return {
            kind: 'network',
            code: err.code === HttpErrorCodes.Timeout ? 'ETIMEDOUT' : (cause?.code ?? 'ECONNRESET'),
          };
        },
      },
      { ...retry, signal: request.signal },
    );
  }
}
