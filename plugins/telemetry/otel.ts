/**
 * `Telemetry` on the OpenTelemetry API: a Tracer and a Meter from whichever providers the set-up made
 * (Azure Monitor's, or our own OTLP ones), so this file knows nothing of where the data goes.
 *
 * Parenting: the active span is kept in our own AsyncLocalStorage, so that nesting works whether or
 * not a global context manager is registered (our OTLP set-up registers none; Azure Monitor's does),
 * and is also made the OpenTelemetry active context, so instrumentation libraries nest under it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  context as otelContext,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Counter,
  type Histogram,
  type Meter,
  type Tracer,
} from '@opentelemetry/api';
import { errorMessage } from '../../common/errors';
import type { Redactor } from '../shared/redact';
import { redactAttributes } from './redaction';
import { formatTraceparent, parseTraceparent } from './traceparent';
import { MetricNames, type ActiveSpan, type SpanOptions, type Telemetry, type TelemetryAttributes } from './types';

export interface OtelTelemetryOptions {
  tracer: Tracer;
  meter: Meter;
  redactor: Redactor;
  flush: () => Promise<void>;
  shutdown: () => Promise<void>;
}

const KINDS = { internal: SpanKind.INTERNAL, client: SpanKind.CLIENT, consumer: SpanKind.CONSUMER } as const;

export class OtelTelemetry implements Telemetry {
  private readonly active = new AsyncLocalStorage<Context>();
  private readonly jobs: Counter;
  private readonly items: Counter;
  private readonly dvRequests: Counter;
  private readonly dvDuration: Histogram;
  private readonly throttles: Counter;
  private readonly waits: Histogram;
  private readonly distributorDuration: Histogram;

  constructor(private readonly o: OtelTelemetryOptions) {
    const m = o.meter;
    this.jobs = m.createCounter(MetricNames.jobs, { description: 'Sync Jobs that reached a final status' });
    this.items = m.createCounter(MetricNames.items, { description: 'Work items and records processed' });
    this.dvRequests = m.createCounter(MetricNames.dataverseRequests, {
      description: 'Dataverse requests ($batch = 1)',
    });
    this.dvDuration = m.createHistogram(MetricNames.dataverseDuration, {
      unit: 'ms',
      description: 'Dataverse request duration',
    });
    this.throttles = m.createCounter(MetricNames.throttled, { description: '429 (and 503 with Retry-After) answers' });
    this.waits = m.createHistogram(MetricNames.waits, { unit: 'ms', description: 'Waits before a request' });
    this.distributorDuration = m.createHistogram(MetricNames.distributorDuration, {
      unit: 'ms',
      description: 'Distributor API call duration',
    });
  }

  async span<T>(
    name: string,
    attributes: TelemetryAttributes,
    fn: (span: ActiveSpan) => Promise<T>,
    options: SpanOptions = {},
  ): Promise<T> {
    const parent = this.parentContext(options.traceparent);
    const span = this.o.tracer.startSpan(
      name,
      { attributes: redactAttributes(this.o.redactor, attributes), kind: KINDS[options.kind ?? 'internal'] },
      parent,
    );
    const ctx = trace.setSpan(parent, span);
    const handle: ActiveSpan = {
      setAttributes: (a) => span.setAttributes(redactAttributes(this.o.redactor, a)),
      addEvent: (n, a) => span.addEvent(n, a ? redactAttributes(this.o.redactor, a) : undefined),
    };
    try {
      const result = await this.active.run(ctx, () => otelContext.with(ctx, () => fn(handle)));
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (err) {
      const message = this.o.redactor.redactString(errorMessage(err));
      const code = (err as { code?: unknown })?.code;
      span.recordException({
        name: (err as Error)?.name ?? 'Error',
        message,
        ...(typeof code === 'string' ? { code } : {}),
      });
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      throw err;
    } finally {
      span.end();
    }
  }

  traceparent(): string | undefined {
    const span = trace.getSpan(this.active.getStore() ?? otelContext.active());
    return span ? formatTraceparent(span.spanContext()) : undefined;
  }

  jobFinished(a: { operation: string; status: string; environment?: string }): void {
    this.jobs.add(1, this.clean(a));
  }

  itemsProcessed(count: number, a: { outcome: string; kind?: string; environment?: string }): void {
    if (count > 0) this.items.add(count, this.clean(a));
  }

  dataverseRequest(a: { environment: string; status: number; durationInMs: number; operation?: string }): void {
    const attrs = this.clean({ environment: a.environment, status: a.status, operation: a.operation });
    this.dvRequests.add(1, attrs);
    this.dvDuration.record(a.durationInMs, attrs);
  }

  throttled(a: { target: string; retryAfterInMs?: number }): void {
    this.throttles.add(1, this.clean({ target: a.target }));
  }

  waited(a: { target: string; reason: 'retry-after' | 'budget'; waitInMs: number }): void {
    this.waits.record(a.waitInMs, this.clean({ target: a.target, reason: a.reason }));
  }

  distributorCall(a: { distributor: string; operation: string; durationInMs: number; outcome: string }): void {
    this.distributorDuration.record(
      a.durationInMs,
      this.clean({ distributor: a.distributor, operation: a.operation, outcome: a.outcome }),
    );
  }

  flush(): Promise<void> {
    return this.o.flush();
  }

  shutdown(): Promise<void> {
    return this.o.shutdown();
  }

  private parentContext(traceparent?: string): Context {
    const current = this.active.getStore() ?? otelContext.active();
    if (trace.getSpan(current)) return current;
    const remote = parseTraceparent(traceparent);
    return remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : current;
  }

  private clean(attributes: TelemetryAttributes) {
    return redactAttributes(this.o.redactor, attributes);
  }
}
