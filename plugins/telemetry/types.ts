/**
 * What the service tells its operators: a trace per job and per work item (connector calls and
 * Dataverse batches as child spans), and metrics for jobs by status, items, Dataverse requests, 429s
 * and waits, and distributor latency. The engine is given a `Telemetry`; it never sees OpenTelemetry,
 * so tests pass the no-op one and the service picks Application Insights, OTLP or nothing at start.
 *
 * Attribute values are redacted (the Redactor's secrets and secret-named keys) before they leave the
 * process, whatever a caller passes.
 */

export type TelemetryValue = string | number | boolean;
export type TelemetryAttributes = Record<string, TelemetryValue | undefined>;

export interface ActiveSpan {
  setAttributes(attributes: TelemetryAttributes): void;
  addEvent(name: string, attributes?: TelemetryAttributes): void;
}

export interface SpanOptions {
  /** W3C traceparent to continue (from a work-item envelope), when there is no active span. */
  traceparent?: string;
  /** `internal` (default), `client` for outgoing calls (Dataverse, a distributor), `consumer` for a queue message. */
  kind?: 'internal' | 'client' | 'consumer';
}

export interface Telemetry {
  /** Runs `fn` inside a span, a child of the active one; a thrown error marks the span failed and is rethrown. */
  span<T>(
    name: string,
    attributes: TelemetryAttributes,
    fn: (span: ActiveSpan) => Promise<T>,
    options?: SpanOptions,
  ): Promise<T>;
  /** The active span as a W3C traceparent, to put in a work-item envelope; undefined outside a span. */
  traceparent(): string | undefined;
  /** A job reached a final status. */
  jobFinished(attributes: { operation: string; status: string; environment?: string }): void;
  /** Work items (or records) processed, by outcome (`done`, `failed`, `poisoned`, ...). */
  itemsProcessed(count: number, attributes: { outcome: string; kind?: string; environment?: string }): void;
  /** One Dataverse request (a `$batch` is one), with its HTTP status and duration. */
  dataverseRequest(attributes: { environment: string; status: number; durationInMs: number; operation?: string }): void;
  /** A target answered 429 (or 503 with Retry-After). */
  throttled(attributes: { target: string; retryAfterInMs?: number }): void;
  /** Time spent waiting before a request: for Retry-After, or for a shared budget. */
  waited(attributes: { target: string; reason: 'retry-after' | 'budget'; waitInMs: number }): void;
  /** One distributor call, by connector and operation. */
  distributorCall(attributes: { distributor: string; operation: string; durationInMs: number; outcome: string }): void;
  /** Sends what is buffered. */
  flush(): Promise<void>;
  /** Flushes and stops exporting. */
  shutdown(): Promise<void>;
}

/** Metric names, in one place (they are what dashboards and alerts are built on). */
export const MetricNames = {
  jobs: 'w365.jobs',
  items: 'w365.items',
  dataverseRequests: 'w365.dataverse.requests',
  dataverseDuration: 'w365.dataverse.request.duration',
  throttled: 'w365.throttled',
  waits: 'w365.wait.duration',
  distributorDuration: 'w365.distributor.call.duration',
} as const;
