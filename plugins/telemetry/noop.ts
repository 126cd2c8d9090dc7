/**
 * Telemetry that records nothing: the default when neither Application Insights nor an OTLP endpoint
 * is configured, and what tests pass.
 */
import type { ActiveSpan, Telemetry } from './types';

const NOOP_SPAN: ActiveSpan = {
  setAttributes: () => undefined,
  addEvent: () => undefined,
};

export class NoopTelemetry implements Telemetry {
  span<T>(_name: string, _attributes: unknown, fn: (span: ActiveSpan) => Promise<T>): Promise<T> {
    return fn(NOOP_SPAN);
  }
  traceparent(): string | undefined {
    return undefined;
  }
  jobFinished(): void {}
  itemsProcessed(): void {}
  dataverseRequest(): void {}
  throttled(): void {}
  waited(): void {}
  distributorCall(): void {}
  async flush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
