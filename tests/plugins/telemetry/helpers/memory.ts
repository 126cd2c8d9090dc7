/**
 * Real OpenTelemetry providers that keep what they record in memory: `OtelTelemetry` as the service
 * builds it, minus the network, so unit tests can read the spans (with their parents) and the metrics.
 */
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { Redactor } from '../../../../plugins/shared/redact';
import { OtelTelemetry } from '../../../../plugins/telemetry';
import { RedactingSpanProcessor } from '../../../../plugins/telemetry/redaction';

export interface MemoryTelemetry {
  telemetry: OtelTelemetry;
  redactor: Redactor;
  spans(): ReadableSpan[];
  /** Every data point recorded so far, by metric name: its attributes and value (a sum or a histogram count). */
  metrics(): Promise<Record<string, { attributes: Record<string, unknown>; value: number }[]>>;
}

export function memoryTelemetry(): MemoryTelemetry {
  const redactor = new Redactor();
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new RedactingSpanProcessor(redactor), new SimpleSpanProcessor(spanExporter)],
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const telemetry = new OtelTelemetry({
    tracer: tracerProvider.getTracer('test'),
    meter: meterProvider.getMeter('test'),
    redactor,
    flush: async () => undefined,
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  });
  return {
    telemetry,
    redactor,
    spans: () => spanExporter.getFinishedSpans(),
    metrics: async () => {
      await reader.forceFlush();
      const out: Record<string, { attributes: Record<string, unknown>; value: number }[]> = {};
      const last = metricExporter.getMetrics().at(-1);
      for (const scope of last?.scopeMetrics ?? [])
        for (const m of scope.metrics)
          out[m.descriptor.name] = m.dataPoints.map((p) => ({
            attributes: { ...p.attributes },
            value: typeof p.value === 'number' ? p.value : (p.value as { count: number }).count,
          }));
      return out;
    },
  };
}
