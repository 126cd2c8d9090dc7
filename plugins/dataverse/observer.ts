/**
 * What the Dataverse client tells whoever wants to know about its traffic (benchmarks, tests,
 * telemetry), through a hook passed in, so that the transport keeps no counters of its own.
 */

export type RequestEvent =
  /** A request on the wire, retries included; a `$batch` is one. */
  | { type: 'request'; method: string; path: string }
  /** An attempt that will be retried after `delayInMs` (429 with Retry-After, 5xx, network). */
  | { type: 'retry'; method: string; path: string; delayInMs: number; reason: string }
  /** A `$batch` sent with `operations` operations in it. */
  | { type: 'batch'; operations: number }
  /** A write operation (on its own or inside a `$batch`) to `entitySet`. */
  | { type: 'write'; entitySet: string }
  /** Rows a paged read returned. */
  | { type: 'rows'; count: number }
  /** An answer: its status and how long the attempt took. */
  | { type: 'response'; method: string; path: string; status: number; durationInMs: number };

/**
 * What a request is to: `$batch`, or the entity set of a relative path or an absolute URL (a nextLink),
 * never its key, query or host. For observers that name requests (telemetry), without the wire format.
 */
export function requestTarget(path: string): string {
  const relative = path.replace(/^https?:\/\/[^/]+/i, '').replace(/^\/*(api\/data\/v[0-9.]+\/)?/i, '');
  return relative.split(/[(?/]/)[0] || '(root)';
}

export interface RequestObserver {
  observe(event: RequestEvent): void;
  /**
   * Runs one request (all its attempts and waits) inside `send`, so that the events it causes are
   * observed within it: telemetry makes it a span. Optional; most observers only count.
   */
  around?<T>(request: { method: string; path: string; operations?: number }, send: () => Promise<T>): Promise<T>;
}

export interface DataverseStats {
  /** Requests sent on the wire, retries included; a $batch is one. */
  requests: number;
  batches: number;
  batchOperations: number;
  /** Write operations (single or inside batches). */
  writes: number;
  retries: number;
  /** Rows returned by paged reads. */
  rowsRead: number;
  /** Write operations by entity set (single or inside batches), e.g. to tell data from job bookkeeping. */
  writesByEntitySet: Record<string, number>;
  /** Answers 429 (service protection). */
  throttled: number;
}

const zero = (): DataverseStats => ({
  requests: 0,
  batches: 0,
  batchOperations: 0,
  writes: 0,
  retries: 0,
  rowsRead: 0,
  writesByEntitySet: {},
  throttled: 0,
});

/** Counts requests, writes and retries: what the benchmarks and tests read. */
export class RequestCounter implements RequestObserver {
  private counters = zero();

  observe(event: RequestEvent): void {
    const c = this.counters;
    switch (event.type) {
      case 'request':
        c.requests++;
        break;
      case 'retry':
        c.retries++;
        break;
      case 'batch':
        c.batches++;
        c.batchOperations += event.operations;
        break;
      case 'write':
        c.writes++;
        c.writesByEntitySet[event.entitySet] = (c.writesByEntitySet[event.entitySet] ?? 0) + 1;
        break;
      case 'rows':
        c.rowsRead += event.count;
        break;
      case 'response':
        if (event.status === 429) c.throttled++;
        break;
    }
  }

  stats(): DataverseStats {
    return { ...this.counters, writesByEntitySet: { ...this.counters.writesByEntitySet } };
  }

  reset(): void {
    this.counters = zero();
  }
}

/** Several observers as one. */
export function observeAll(...observers: (RequestObserver | undefined)[]): RequestObserver {
  const list = observers.filter((o): o is RequestObserver => Boolean(o));
  const wrappers = list.filter((o) => o.around);
  return {
    observe: (event) => list.forEach((o) => o.observe(event)),
    // Each wrapping observer around the next, the first outermost.
    around: <T>(request: { method: string; path: string }, send: () => Promise<T>): Promise<T> =>
      wrappers.reduceRight<() => Promise<T>>(
        (inner, o) => () => (o.around ? o.around(request, inner) : inner()),
        send,
      )(),
  };
}

/**
 * Remembers when Dataverse last answered 429. A job's bookkeeping (progress, item writes) backs off
 * while the environment is throttling us, so that the budget goes to the data.
 */
export class ThrottleMonitor implements RequestObserver {
  private lastThrottledAt = -Infinity;

  constructor(
    /** How long after a 429 we count as throttled. Default 30,000 ms. */
    private readonly windowInMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  observe(event: RequestEvent): void {
    if (event.type === 'response' && event.status === 429) this.lastThrottledAt = this.now();
  }

  throttled(): boolean {
    return this.now() - this.lastThrottledAt < this.windowInMs;
  }
}
