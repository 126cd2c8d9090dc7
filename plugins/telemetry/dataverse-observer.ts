/**
 * Dataverse requests as telemetry: each request (all its attempts and waits) a client span, a child of
 * the job or work item that sent it, named by method and entity set (`dataverse POST $batch`,
 * `dataverse GET w365_providers`), with its final status, and its retries and 429 waits as events; and
 * the request, 429 and wait metrics.
 *
 * Only what this file chooses leaves: the method, the entity set (never the path's key, query or a
 * header), the status, the retry's delay and reason. The telemetry redacts every attribute again.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { requestTarget, type RequestEvent, type RequestObserver } from '../dataverse/observer';
import type { ActiveSpan, Telemetry } from './types';

const RETRY_AFTER = /Retry-After/;

export class TracingRequestObserver implements RequestObserver {
  /** The span of the request whose events arrive: requests of one job run at once, each in its own context. */
  private readonly current = new AsyncLocalStorage<ActiveSpan>();

  constructor(
    private readonly telemetry: Telemetry,
    /** The environment's name (`default` for a single-environment service). */
    private readonly environment: string,
  ) {}

  around<T>(request: { method: string; path: string; operations?: number }, send: () => Promise<T>): Promise<T> {
    // Outside a job or work item (the poller, the nightly scheduler, readiness) a request is counted
    // in the metrics only: a trace of its own every poll would bury the jobs' traces.
    if (!this.telemetry.traceparent()) return send();
    const target = requestTarget(request.path);
    return this.telemetry.span(
      `dataverse ${request.method} ${target}`,
      {
        'http.request.method': request.method,
        'w365.dataverse.target': target,
        'w365.environment': this.environment,
        // How much one $batch carried: up to 1,000 writes in a single span.
        ...(request.operations !== undefined ? { 'w365.dataverse.batch_operations': request.operations } : {}),
      },
      (span) => this.current.run(span, send),
      { kind: 'client' },
    );
  }

  observe(event: RequestEvent): void {
    const span = this.current.getStore();
    if (event.type === 'response') {
      const target = requestTarget(event.path);
      span?.setAttributes({ 'http.response.status_code': event.status });
      this.telemetry.dataverseRequest({
        environment: this.environment,
        status: event.status,
        durationInMs: event.durationInMs,
        operation: `${event.method} ${target}`,
      });
      if (event.status === 429) this.telemetry.throttled({ target: 'dataverse' });
    } else if (event.type === 'retry') {
      span?.addEvent('retry', { 'w365.retry.delay_ms': event.delayInMs, 'w365.retry.reason': event.reason });
      if (RETRY_AFTER.test(event.reason))
        this.telemetry.waited({ target: 'dataverse', reason: 'retry-after', waitInMs: event.delayInMs });
    }
  }
}
