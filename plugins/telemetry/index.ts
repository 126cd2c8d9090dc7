export type { ActiveSpan, SpanOptions, Telemetry, TelemetryAttributes, TelemetryValue } from './types';
export { MetricNames } from './types';
export { NoopTelemetry } from './noop';
export { OtelTelemetry } from './otel';
export { chooseTelemetryDestination, createTelemetry, type TelemetryDestination } from './setup';
export { redactAttributes, RedactingSpanProcessor } from './redaction';
export { TracedHttpClient } from './traced-http';
export { TracingRequestObserver } from './dataverse-observer';
export { TimedBudget } from './timed-budget';
