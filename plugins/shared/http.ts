/**
 * The service's outbound HTTP client (axios), used by every distributor connector. It applies the URL
 * policy, timeouts and the one retry policy, counts requests, and turns transport failures into
 * W365Errors with stable codes. Non-2xx answers are returned, not thrown: each connector knows what its
 * distributor's error bodies mean.
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
} as const;

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
}

function classifyTransportError(err: unknown, url: string): W365Error {
  if (err instanceof W365Error) return err;
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
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

  constructor(options: HttpClientOptions) {
    this.options = options;
    const lookup = guardedLookup(options.urlPolicy) as unknown as http.AgentOptions['lookup'];
    this.axios = axios.create({
      httpAgent: new http.Agent({ keepAlive: true, lookup }),
      httpsAgent: new https.Agent({ keepAlive: true, lookup, ...(options.ca ? { ca: options.ca } : {}) }),
      // We read status codes ourselves and parse bodies ourselves (connectors know their formats).
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (data) => data,
      maxRedirects: 0,
      transitional: { clarifyTimeoutError: true },
      proxy: false,
    });
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
        try {
          const res = await this.axios.request<string>({
            method: request.method,
            url: request.url,
            headers,
            data,
            timeout: request.timeoutInMs ?? this.options.defaultTimeoutInMs ?? 30_000,
            signal: request.signal,
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
