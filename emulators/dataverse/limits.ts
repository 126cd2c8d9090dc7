/**
 * Service protection limits [C api-limits.md]: per user, over a sliding window (Dataverse: 300 s),
 *   - requests: 6000 -> 0x80072322 "Number of requests exceeded the limit of 6000 over time window of 300 seconds."
 *   - execution time: 1,200,000 ms -> 0x80072321 "Combined execution time of incoming requests exceeded limit of ..."
 *   - concurrent requests: 52 -> 0x80072326 "Number of concurrent requests exceeded the limit of 52."
 * Answered with 429 and Retry-After in seconds. A $batch counts as one request; its whole execution
 * time counts. Off by default; tests and benchmarks switch it on with their own (small) numbers.
 * [I] Throttled requests still count towards the request limit ("continuing to send extends the wait").
 */
import { PlatformErrorCodes, DataverseError } from './errors';

export interface LimitsConfig {
  requestsPerWindow?: number;
  windowInMs?: number;
  maxConcurrent?: number;
  executionTimeInMsPerWindow?: number;
}

/** Dataverse's published values. */
export const DATAVERSE_LIMITS: Required<LimitsConfig> = {
  requestsPerWindow: 6000,
  windowInMs: 300_000,
  maxConcurrent: 52,
  executionTimeInMsPerWindow: 1_200_000,
};

interface UserState {
  requests: number[];
  executions: { at: number; ms: number }[];
  concurrent: number;
}

export type Admission =
  | { ok: true; release: (executionInMs: number) => void; headers: Record<string, string> }
  | { ok: false; error: DataverseError };

const fmt = (n: number) => n.toLocaleString('en-US');

export class ServiceProtection {
  private config: Required<LimitsConfig> | undefined;
  private readonly users = new Map<string, UserState>();

  constructor(
    config?: LimitsConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.set(config);
  }

  set(config: LimitsConfig | undefined): void {
    this.config = config ? { ...DATAVERSE_LIMITS, ...config } : undefined;
    this.users.clear();
  }

  get current(): Required<LimitsConfig> | undefined {
    return this.config ? { ...this.config } : undefined;
  }

  private throttle(code: string, message: string, retryAfterInMs: number): Admission {
    const seconds = Math.max(1, Math.ceil(retryAfterInMs / 1000));
    return { ok: false, error: new DataverseError(429, code, message, { 'Retry-After': String(seconds) }) };
  }

  enter(userId: string): Admission {
    const c = this.config;
    if (!c) return { ok: true, release: () => undefined, headers: {} };
    const now = this.now();
    let u = this.users.get(userId);
    if (!u) {
      u = { requests: [], executions: [], concurrent: 0 };
      this.users.set(userId, u);
    }
    const from = now - c.windowInMs;
    while (u.requests.length && u.requests[0] <= from) u.requests.shift();
    while (u.executions.length && u.executions[0].at <= from) u.executions.shift();
    const seconds = Math.round(c.windowInMs / 1000);
    if (u.concurrent >= c.maxConcurrent) {
      return this.throttle(
        PlatformErrorCodes.ConcurrencyLimit,
        `Number of concurrent requests exceeded the limit of ${c.maxConcurrent}.`,
        1000,
      );
    }
    u.requests.push(now);
    if (u.requests.length > c.requestsPerWindow) {
      const oldest = u.requests[u.requests.length - 1 - c.requestsPerWindow];
      return this.throttle(
        PlatformErrorCodes.RequestsLimit,
        `Number of requests exceeded the limit of ${fmt(c.requestsPerWindow)} over time window of ${seconds} seconds.`,
        oldest + c.windowInMs - now,
      );
    }
    const used = u.executions.reduce((n, e) => n + e.ms, 0);
    if (used >= c.executionTimeInMsPerWindow) {
      let freed = used;
      let until = now;
      for (const e of u.executions) {
        freed -= e.ms;
        until = e.at + c.windowInMs;
        if (freed < c.executionTimeInMsPerWindow) break;
      }
      return this.throttle(
        PlatformErrorCodes.ExecutionTimeLimit,
        `Combined execution time of incoming requests exceeded limit of ${fmt(c.executionTimeInMsPerWindow)} milliseconds over time window of ${seconds} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.`,
        until - now,
      );
    }
    u.concurrent += 1;
    const state = u;
    // [C] debugging headers; clients must not drive logic from them.
    const headers = {
      'x-ms-ratelimit-burst-remaining-xrm-requests': String(Math.max(0, c.requestsPerWindow - u.requests.length)),
      'x-ms-ratelimit-time-remaining-xrm-requests': String(Math.max(0, c.executionTimeInMsPerWindow - used)),
    };
    return {
      ok: true,
      headers,
      release: (executionInMs: number) => {
        state.concurrent -= 1;
        state.executions.push({ at: this.now(), ms: executionInMs });
      },
    };
  }
}
