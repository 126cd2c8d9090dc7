/**
 * What one worker sent to a target in the trailing window: requests and their execution time, in
 * buckets of a second. Dataverse counts its limits over a sliding window (6,000 requests and 1,200 s of
 * execution time in any 300 s), so this is counted the same way: a job may send 500 requests in ten
 * seconds, which the window allows, where a token bucket refilling over five minutes held it to a
 * trickle once its burst was spent.
 */
export interface WindowTotals {
  requests: number;
  executionInMs: number;
}

export class WindowUsage {
  /** [bucket start (epoch ms), requests, execution ms], oldest first. */
  private readonly buckets: [number, number, number][] = [];

  constructor(
    private readonly windowInMs: number,
    private readonly now: () => number = Date.now,
    private readonly bucketInMs = 1_000,
  ) {}

  /** Counts one request now (its execution time once it is known: `addExecution`). */
  addRequest(): void {
    this.bucket()[1]++;
  }

  addExecution(ms: number): void {
    this.bucket()[2] += Math.max(0, ms);
  }

  totals(): WindowTotals {
    this.expire();
    let requests = 0;
    let executionInMs = 0;
    for (const [, r, e] of this.buckets) {
      requests += r;
      executionInMs += e;
    }
    return { requests, executionInMs };
  }

  /**
   * Milliseconds until the window's totals are below both limits (0: now), as old buckets leave it;
   * at most the window.
   */
  msUntilBelow(limits: WindowTotals): number {
    let { requests, executionInMs } = this.totals();
    const below = () => requests < limits.requests && executionInMs < limits.executionInMs;
    if (below()) return 0;
    const t = this.now();
    for (const [start, r, e] of this.buckets) {
      requests -= r;
      executionInMs -= e;
      // A bucket leaves the window once the window has moved past its end.
      if (below()) return Math.max(1, start + this.bucketInMs + this.windowInMs - t);
    }
    return this.windowInMs;
  }

  private bucket(): [number, number, number] {
    const start = Math.floor(this.now() / this.bucketInMs) * this.bucketInMs;
    const last = this.buckets[this.buckets.length - 1];
    if (last && last[0] === start) return last;
    const b: [number, number, number] = [start, 0, 0];
    this.buckets.push(b);
    return b;
  }

  private expire(): void {
    const from = this.now() - this.windowInMs;
    while (this.buckets.length && this.buckets[0][0] + this.bucketInMs <= from) this.buckets.shift();
  }
}

/**
 * How much of a window's limits this worker may use: its own trailing-window totals may grow to
 * `allowed`. Alone (or without figures from the others) that is its share of the limits; with the
 * others' figures (`plan`) it is what it sent plus its part of what nobody has used: since the parts
 * of all workers add up to one, the workers together never plan past the limit, however the budget
 * moves between them, and a worker alone may use all of it at once.
 */
export class WindowAllowance {
  readonly usage: WindowUsage;
  private allowed: WindowTotals = { requests: 0, executionInMs: 0 };
  private readonly wakers = new Set<() => void>();
  private waitingCount = 0;

  constructor(
    private readonly limits: { maxRequestsPerWindow: number; maxExecutionInMsPerWindow?: number; windowInMs: number },
    now: () => number = Date.now,
  ) {
    this.usage = new WindowUsage(limits.windowInMs, now);
  }

  get waiting(): number {
    return this.waitingCount;
  }

  /** `share` (0 to 1) of each limit. */
  setShare(share: number): void {
    const s = Math.max(0, Math.min(1, share));
    this.set({
      requests: s * this.limits.maxRequestsPerWindow,
      executionInMs: s * (this.limits.maxExecutionInMsPerWindow ?? Infinity),
    });
  }

  /** What the other workers sent in the window (as they last said) and this worker's part (0 to 1) of what is left. */
  plan(others: WindowTotals, part: number): void {
    const own = this.usage.totals();
    const p = Math.max(0, Math.min(1, part));
    const left = (limit: number, o: number, m: number) => Math.max(0, limit - o - m);
    const execLimit = this.limits.maxExecutionInMsPerWindow ?? Infinity;
    this.set({
      requests: own.requests + p * left(this.limits.maxRequestsPerWindow, others.requests, own.requests),
      executionInMs: Number.isFinite(execLimit)
        ? own.executionInMs + p * left(execLimit, others.executionInMs, own.executionInMs)
        : Infinity,
    });
  }

  /** Waits until one more request fits, and counts it; `recheckInMs` bounds each wait (new figures may come). */
  async admit(signal: AbortSignal | undefined, recheckInMs: number): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      // One more fits while the count stays within the allowance: below its whole part.
      const below = { requests: Math.floor(this.allowed.requests), executionInMs: this.allowed.executionInMs };
      const waitInMs = this.usage.msUntilBelow(below);
      if (waitInMs === 0) {
        this.usage.addRequest();
        return;
      }
      this.waitingCount++;
      try {
        await new Promise<void>((resolve, reject) => {
          const done = () => {
            clearTimeout(timer);
            this.wakers.delete(done);
            signal?.removeEventListener('abort', abort);
            resolve();
          };
          const abort = () => {
            done();
            reject(signal?.reason);
          };
          const timer = setTimeout(done, Math.min(recheckInMs, waitInMs));
          this.wakers.add(done);
          signal?.addEventListener('abort', abort, { once: true });
        });
      } finally {
        this.waitingCount--;
      }
    }
  }

  private set(allowed: WindowTotals): void {
    this.allowed = allowed;
    for (const wake of [...this.wakers]) wake();
  }
}
