/**
 * The Dataverse access layer's transport and operations, over axios rather than dynamics-web-api: we
 * need one retry policy across every call (dynamics-web-api does not retry 429s by design, #101), the
 * raw per-operation answers of `$batch` with continue-on-error, request accounting for benchmarks, and an
 * AbortSignal everywhere. Operations are thin: paging, CRUD, upsert and batch.
 */
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import type { Logger } from '../shared/logger';
import { withRetry, type AttemptOutcome, type RetryOptions } from '../shared/retry';
import type { TokenProvider } from './auth';
import { W365Error } from '../../common/errors';
import type {
  DataverseApi,
  PageOptions,
  SingleWriteOptions,
  SingleWriteResult,
  TableRef,
  WriteResult,
  WriteUnit,
  WriteUnitsOptions,
} from './api';
import { buildBatchBody, parseBatchResponse, type BatchOperationResult, type BatchPart } from './batch';
import { idInEntityId, writeChangeSets } from './change-sets';
import { DataverseError, DataverseErrorCodes, parseErrorBody, summarise } from './errors';
import { toOperation, type WriteIntent } from './intents';
import type { RequestObserver } from './observer';
import { queryString, recordPath, type KeyValue, type QueryOptions } from './odata';
import { Semaphore } from './semaphore';

export type Row = Record<string, unknown>;

export interface DataverseClientOptions {
  /** `https://<org>.crm.dynamics.com/api/data/v9.2` */
  webApiUrl: string;
  tokenProvider: TokenProvider;
  /** Extra CA (PEM) to trust, e.g. the local emulator's. */
  ca?: string;
  /** Per attempt. Default 120 000 ms (a large $batch can take a while). */
  timeoutInMs?: number;
  retry?: RetryOptions;
  /** Default 16; Dataverse's limit is 52 concurrent requests per user. */
  maxConcurrentRequests?: number;
  /**
   * A budget shared with the other workers on this environment, in place of the local bound
   * (`maxConcurrentRequests` is then ignored): every request waits for it, and a Retry-After heard
   * here holds every worker.
   */
  gate?: RequestGate;
  logger?: Logger;
  /** Told about every request, retry, write and page (benchmarks, tests, telemetry). */
  observer?: RequestObserver;
}

/** What bounds this client's requests: a local semaphore, or a budget shared by every worker. */
export interface RequestGate {
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** A 429/503 with Retry-After was heard: nobody sends before it passes. */
  reportRetryAfter?(delayInMs: number): void;
}

/** An entity set name, from a table or as given. */
function setOf(table: TableRef | string): string {
  return typeof table === 'string' ? table : table.entitySetName;
}

/** The entity set a Web API path writes to (`w365_subscriptions(…)` -> `w365_subscriptions`). */
function entitySetOfPath(path: string): string {
  return path.replace(/^\/+/, '').split(/[(?/]/)[0];
}

export interface DvResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface SendOptions {
  body?: unknown;
  /** Already-serialised body (a $batch). */
  rawBody?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for a retrieve). */
  accept?: readonly number[];
  /** Operations inside a `$batch` (its span says how much work one request carried). */
  operations?: number;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export class DataverseClient implements DataverseApi {
  readonly webApiUrl: string;
  private readonly http: AxiosInstance;
  private readonly gate: RequestGate;
  private readonly observe: (event: Parameters<RequestObserver['observe']>[0]) => void;

  constructor(private readonly options: DataverseClientOptions) {
    this.webApiUrl = options.webApiUrl.replace(/\/+$/, '');
    this.http = axios.create({
      httpsAgent: new https.Agent({ keepAlive: true, ...(options.ca ? { ca: options.ca } : {}) }),
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (d) => d,
      maxRedirects: 0,
      proxy: false,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
      transitional: { clarifyTimeoutError: true },
    });
    this.gate = options.gate ?? new Semaphore(options.maxConcurrentRequests ?? 16);
    const observer = options.observer;
    this.observe = observer ? (event) => observer.observe(event) : () => undefined;
  }

  private url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.webApiUrl}/${path.replace(/^\//, '')}`;
  }

  /** One request with the token, the retry policy and the concurrency bound. Throws DataverseError. */
  send(method: string, path: string, options: SendOptions = {}): Promise<DvResponse> {
    // The observer may wrap the whole request (every attempt and wait) in a span: telemetry.
    const observer = this.options.observer;
    const run = () => this.sendWithRetry(method, path, options);
    const request = { method, path, ...(options.operations !== undefined ? { operations: options.operations } : {}) };
    return observer?.around ? observer.around(request, run) : run();
  }

  private async sendWithRetry(method: string, path: string, options: SendOptions): Promise<DvResponse> {
    const url = this.url(path);
    const body = options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
    const response = await withRetry<DvResponse>(
      () =>
        this.gate.run(async () => {
          const token = await this.options.tokenProvider.getToken(options.signal);
          this.observe({ type: 'request', method, path });
          if (WRITE_METHODS.has(method) && !path.endsWith('$batch'))
            this.observe({ type: 'write', entitySet: entitySetOfPath(path) });
          const startedAt = Date.now();
          try {
            const res = await this.http.request<string>({
              method,
              url,
              data: body,
              signal: options.signal,
              timeout: this.options.timeoutInMs ?? 120_000,
              headers: {
                Authorization: `Bearer ${token}`,
                Accept: 'application/json',
                'OData-MaxVersion': '4.0',
                'OData-Version': '4.0',
                ...(body !== undefined && !options.rawBody
                  ? { 'Content-Type': 'application/json; charset=utf-8' }
                  : {}),
                ...options.headers,
              },
            });
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v != null) headers[k.toLowerCase()] = String(v);
            this.observe({ type: 'response', method, path, status: res.status, durationInMs: Date.now() - startedAt });
            return { status: res.status, headers, text: typeof res.data === 'string' ? res.data : '' };
          } catch (err) {
            if (options.signal?.aborted) throw err;
            const code = (err as { code?: string }).code;
            throw new W365Error(
              DataverseErrorCodes.Unreachable,
              `${summarise(method, url)}: Dataverse cannot be reached (${code ?? 'network error'}).`,
              {
                cause: err,
                retryable: true,
                details: { networkCode: code },
              },
            );
          }
        }, options.signal),
      {
        result: (r): AttemptOutcome => ({ kind: 'response', status: r.status, retryAfter: r.headers['retry-after'] }),
        error: (e): AttemptOutcome | undefined =>
          e instanceof W365Error && e.code === DataverseErrorCodes.Unreachable
            ? { kind: 'network', code: (e.details?.networkCode as string | undefined) ?? 'ECONNRESET' }
            : undefined,
      },
      {
        maxTries: 6,
        // Service protection answers 429 with Retry-After: wait it out (up to a window, 300 s, per wait)
        // for as long as 20 minutes per request, the job's own cancellation aside; only then fail.
        throttleBudgetInMs: 1_200_000,
        maxRetryAfterInMs: 300_000,
        ...this.options.retry,
        signal: options.signal,
        onRetry: (info) => {
          this.observe({ type: 'retry', method, path, delayInMs: info.delayInMs, reason: info.reason });
          if (/Retry-After/.test(info.reason)) this.gate.reportRetryAfter?.(info.delayInMs);
          this.options.logger?.debug({ ...info, request: summarise(method, url) }, 'retrying Dataverse request');
          this.options.retry?.onRetry?.(info);
        },
      },
    );
    if (response.status >= 400 && !options.accept?.includes(response.status)) {
      const e = parseErrorBody(response.text);
      throw new DataverseError(response.status, e.code, e.message, summarise(method, url));
    }
    return response;
  }

  async getJson<T = Row>(path: string, options: SendOptions = {}): Promise<T> {
    const res = await this.send('GET', path, options);
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw new W365Error(
        DataverseErrorCodes.BadResponse,
        `${summarise('GET', this.url(path))}: the answer is not JSON.`,
      );
    }
  }

  /**
   * Every row matching `query`, page by page, following `@odata.nextLink` untouched and resending the
   * same `odata.maxpagesize` as Dataverse requires. ($top is ignored by Dataverse when a page size is set.)
   */
  async *pages(table: TableRef | string, query: QueryOptions = {}, options: PageOptions = {}): AsyncIterable<Row[]> {
    const prefer = [`odata.maxpagesize=${options.pageSize ?? 5000}`];
    if (options.annotations) prefer.push('odata.include-annotations="*"');
    let next: string | undefined = `${setOf(table)}${queryString(query)}`;
    while (next) {
      const page: { value: Row[]; '@odata.nextLink'?: string } = await this.getJson(next, {
        headers: { Prefer: prefer.join(',') },
        signal: options.signal,
      });
      this.observe({ type: 'rows', count: page.value.length });
      yield page.value;
      next = page['@odata.nextLink'];
    }
  }

  async *rows(table: TableRef | string, query: QueryOptions = {}, options: PageOptions = {}): AsyncIterable<Row> {
    for await (const page of this.pages(table, query, options)) yield* page;
  }

  async all(table: TableRef | string, query: QueryOptions = {}, options: PageOptions = {}): Promise<Row[]> {
    const out: Row[] = [];
    for await (const page of this.pages(table, query, options)) out.push(...page);
    return out;
  }

  /** One row, or undefined when it does not exist. */
  async retrieve(
    table: TableRef | string,
    idOrKey: string | Record<string, KeyValue>,
    select?: readonly string[],
    signal?: AbortSignal,
  ): Promise<Row | undefined> {
    const res = await this.send('GET', `${recordPath(setOf(table), idOrKey)}${queryString({ select })}`, {
      signal,
      accept: [404],
    });
    if (res.status === 404) return undefined;
    return JSON.parse(res.text) as Row;
  }

  /** One write intent on its own (not in a `$batch`). */
  async write(intent: WriteIntent, options: SingleWriteOptions = {}): Promise<SingleWriteResult> {
    const op = toOperation(intent);
    const select = options.returnColumns ?? (options.returnVersion ? [intent.table.primaryIdAttribute] : undefined);
    const res = await this.send(op.method, select ? `${op.path}${queryString({ select })}` : op.path, {
      body: op.body,
      signal: options.signal,
      headers: {
        ...op.headers,
        // [C] With return=representation Dataverse answers 200/201 with the row (as $select asks: the
        // id by default, never a secured column we did not name) and its ETag.
        ...(select ? { Prefer: 'return=representation' } : {}),
      },
    });
    const row = select ? safeJson(res.text) : undefined;
    return {
      id: idInEntityId(res.headers['odata-entityid']),
      etag: res.headers.etag ?? (row?.['@odata.etag'] as string | undefined),
      ...(options.returnColumns && row ? { row } : {}),
    };
  }

  async writeUnits<T>(units: readonly WriteUnit<T>[], options: WriteUnitsOptions = {}): Promise<WriteResult<T>[]> {
    return writeChangeSets((parts, signal) => this.batch(parts, { continueOnError: true, signal }), units, options);
  }

  /** Creates a row and returns its id (from OData-EntityId). */
  async create(table: TableRef | string, body: Row, signal?: AbortSignal): Promise<string> {
    const res = await this.send('POST', setOf(table), { body, signal });
    return idFromEntityId(res.headers['odata-entityid']);
  }

  /** Updates an existing row; `ifMatch` an etag for optimistic concurrency, default `*` (never creates). */
  async update(
    table: TableRef | string,
    idOrKey: string | Record<string, KeyValue>,
    body: Row,
    options: { ifMatch?: string; signal?: AbortSignal } = {},
  ): Promise<void> {
    await this.send('PATCH', recordPath(setOf(table), idOrKey), {
      body,
      signal: options.signal,
      headers: { 'If-Match': options.ifMatch ?? '*' },
    });
  }

  /** PATCH without conditions: creates or updates (Dataverse upsert). Returns the row id. */
  async upsert(
    table: TableRef | string,
    idOrKey: string | Record<string, KeyValue>,
    body: Row,
    signal?: AbortSignal,
  ): Promise<string> {
    const res = await this.send('PATCH', recordPath(setOf(table), idOrKey), { body, signal });
    return idFromEntityId(res.headers['odata-entityid']);
  }

  /** Sends one `$batch`; returns every operation's answer. Without continue-on-error Dataverse stops at the first failure. */
  async batch(
    parts: readonly BatchPart[],
    options: { continueOnError?: boolean; signal?: AbortSignal } = {},
  ): Promise<BatchOperationResult[]> {
    const webApiPath = new URL(this.webApiUrl).pathname;
    const { contentType, body } = buildBatchBody(webApiPath, parts);
    const operations = parts.reduce((n, p) => n + ('get' in p ? 1 : p.changeSet.length), 0);
    this.observe({ type: 'batch', operations });
    for (const p of parts)
      if (!('get' in p))
        for (const op of p.changeSet) this.observe({ type: 'write', entitySet: entitySetOfPath(op.path) });
    const res = await this.send('POST', '$batch', {
      rawBody: body,
      operations,
      signal: options.signal,
      // A batch that stopped at a failing operation answers 4xx with the multipart body; read it.
      accept: [400, 404, 412],
      headers: {
        'Content-Type': contentType,
        ...(options.continueOnError ? { Prefer: 'odata.continue-on-error' } : {}),
      },
    });
    const ct = res.headers['content-type'] ?? '';
    if (!/multipart\/mixed/i.test(ct)) {
      const e = parseErrorBody(res.text);
      throw new DataverseError(res.status, e.code, e.message, 'POST /$batch');
    }
    return parseBatchResponse(ct, res.text);
  }

  async whoAmI(signal?: AbortSignal): Promise<{ UserId: string; BusinessUnitId: string; OrganizationId: string }> {
    return this.getJson('WhoAmI', { signal });
  }
}

function safeJson(text: string): Row | undefined {
  try {
    return JSON.parse(text) as Row;
  } catch {
    return undefined;
  }
}

/** `https://org/api/data/v9.2/accounts(00000000-...)` -> the GUID. */
export function idFromEntityId(entityId: string | undefined): string {
  const id = idInEntityId(entityId);
  if (!id)
    throw new W365Error(
      DataverseErrorCodes.BadResponse,
      `Dataverse did not return the id of the written row (OData-EntityId: ${entityId ?? 'missing'}).`,
    );
  return id;
}
