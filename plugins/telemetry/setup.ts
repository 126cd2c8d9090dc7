/**
 * Where telemetry goes, decided once at start from the environment, as Azure and OpenTelemetry
 * document their variables:
 * - `APPLICATIONINSIGHTS_CONNECTION_STRING` set: Application Insights, through Microsoft's
 *   distribution (`@azure/monitor-opentelemetry`);
 * - else `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) set: an OTLP/HTTP
 *   collector, JSON protocol (`OTEL_EXPORTER_OTLP_HEADERS` is read by the exporters themselves);
 * - else, or with `OTEL_SDK_DISABLED=true`: nothing (the no-op telemetry).
 *
 * The Azure Monitor distribution's automatic instrumentations are off: HTTP instrumentation would
 * trace every health probe and record URLs we did not choose to send; our own spans (jobs, items,
 * connector calls, Dataverse batches) say what matters, with redacted attributes.
 */
import { metrics, trace } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { W365Error } from '../../common/errors';
import type { Redactor } from '../shared/redact';
import { NoopTelemetry } from './noop';
import { OtelTelemetry } from './otel';
import { RedactingSpanProcessor } from './redaction';
import { TelemetryMessages } from './strings';
import type { Telemetry } from './types';

export type TelemetryDestination =
  | { kind: 'azure-monitor'; connectionString: string }
  | { kind: 'otlp'; tracesUrl: string; metricsUrl: string }
  | { kind: 'off' };

type Env = Record<string, string | undefined>;

/** The destination the environment asks for; throws CONFIG_INVALID naming a variable it cannot honour. */
export function chooseTelemetryDestination(env: Env): TelemetryDestination {
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return { kind: 'off' };
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (connectionString) {
    if (!/(^|;)\s*(InstrumentationKey|ConnectionString)\s*=/i.test(connectionString))
      throw new W365Error('CONFIG_INVALID', TelemetryMessages.badConnectionString);
    return { kind: 'azure-monitor', connectionString };
  }
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (!base && !traces) return { kind: 'off' };
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol && protocol !== 'http/json')
    throw new W365Error('CONFIG_INVALID', TelemetryMessages.badProtocol(protocol));
  const signalUrl = (explicit: string | undefined, path: string, variable: string): string => {
    const url = explicit || `${(base ?? '').replace(/\/+$/, '')}/${path}`;
    if (!/^https?:\/\/[^/]/.test(url)) throw new W365Error('CONFIG_INVALID', TelemetryMessages.badUrl(variable));
    return url;
  };
  return {
    kind: 'otlp',
    tracesUrl: signalUrl(
      traces,
      'v1/traces',
      traces ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT',
    ),
    metricsUrl: signalUrl(env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?.trim(), 'v1/metrics', 'OTEL_EXPORTER_OTLP_ENDPOINT'),
  };
}

export interface CreateTelemetryOptions {
  env: Env;
  redactor: Redactor;
  serviceVersion: string;
  /** This instance (`W365_WORKER_ID`), as `service.instance.id`. */
  instanceId?: string;
  /** How often metrics are sent. Default `OTEL_METRIC_EXPORT_INTERVAL` or 60 s. */
  metricIntervalInMs?: number;
}

const SERVICE_NAME = 'w365-provider-sync';

export async function createTelemetry(options: CreateTelemetryOptions): Promise<Telemetry> {
  const destination = chooseTelemetryDestination(options.env);
  if (destination.kind === 'off') return new NoopTelemetry();
  const resource = resourceFromAttributes({
    'service.name': SERVICE_NAME,
    'service.version': options.serviceVersion,
    ...(options.instanceId ? { 'service.instance.id': options.instanceId } : {}),
  });
  const intervalInMs = options.metricIntervalInMs ?? (Number(options.env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000);
  if (destination.kind === 'otlp') return otlpTelemetry(destination, resource, intervalInMs, options);
  return azureMonitorTelemetry(destination.connectionString, resource, options);
}

function otlpTelemetry(
  d: { tracesUrl: string; metricsUrl: string },
  resource: Resource,
  intervalInMs: number,
  options: CreateTelemetryOptions,
): Telemetry {
  const tracerProvider = new NodeTracerProvider({
    resource,
    // The redacting processor first: it cleans each span before the exporting processor takes it.
    spanProcessors: [
      new RedactingSpanProcessor(options.redactor),
      new BatchSpanProcessor(new OTLPTraceExporter({ url: d.tracesUrl })),
    ],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: d.metricsUrl }),
        exportIntervalMillis: intervalInMs,
        exportTimeoutMillis: Math.min(30_000, intervalInMs),
      }),
    ],
  });
  return new OtelTelemetry({
    tracer: tracerProvider.getTracer(SERVICE_NAME, options.serviceVersion),
    meter: meterProvider.getMeter(SERVICE_NAME, options.serviceVersion),
    redactor: options.redactor,
    flush: async () => {
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  });
}

async function azureMonitorTelemetry(
  connectionString: string,
  resource: Resource,
  options: CreateTelemetryOptions,
): Promise<Telemetry> {
  // Loaded only when asked for: the distribution is large and registers global providers.
  const azure = await import('@azure/monitor-opentelemetry');
  const off = { enabled: false };
  azure.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    resource,
    enableLiveMetrics: false,
    // Every trace: jobs are few (a work item joins its job's trace), and a sampled-out job would
    // leave an operator with nothing. The distribution's default rate limit (5 traces/s) starts empty.
    samplingRatio: 1,
    tracesPerSecond: 0,
    instrumentationOptions: {
      http: off,
      azureSdk: off,
      mongoDb: off,
      mySql: off,
      postgreSql: off,
      redis: off,
      redis4: off,
      bunyan: off,
      winston: off,
    },
    spanProcessors: [new RedactingSpanProcessor(options.redactor)],
  });
  const flushable = (p: unknown) => p as { forceFlush?: () => Promise<void>; getDelegate?: () => unknown };
  return new OtelTelemetry({
    tracer: trace.getTracer(SERVICE_NAME, options.serviceVersion),
    meter: metrics.getMeter(SERVICE_NAME, options.serviceVersion),
    redactor: options.redactor,
    flush: async () => {
      const tracerProvider = flushable(flushable(trace.getTracerProvider()).getDelegate?.());
      await Promise.all([tracerProvider.forceFlush?.(), flushable(metrics.getMeterProvider()).forceFlush?.()]);
    },
    shutdown: () => azure.shutdownAzureMonitor(),
  });
}
