/**
 * Shared budgets: how many requests the workers of the service send to one target (a Dataverse
 * environment, a distributor credential) at once and per window, whichever worker sends them. The
 * design and its trade-offs are in docs/scale-out.md.
 *
 * A budget is a gate with the shape of `plugins/dataverse/semaphore.ts` (`run(fn)`), so the Dataverse
 * client and the connectors can take one instead of their local semaphore.
 */

export interface Gate {
  /** Runs `fn` once the budget allows one more request; `signal` cancels the wait (not `fn`). */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export interface SharedBudget extends Gate {
  /**
   * A target answered 429 (or 503) with Retry-After: no worker sends to it again before then. Call
   * it from the retry policy's `onRetry`; it is cheap and may be called by many requests at once.
   */
  reportRetryAfter(delayInMs: number): void;
  snapshot(): BudgetSnapshot;
  /** Gives back whatever this worker holds of the budget. */
  close(): Promise<void>;
}

export interface BudgetLimits {
  /** Requests in flight at once, across every worker. */
  maxConcurrentRequests: number;
  /** Requests per window, across every worker. */
  maxRequestsPerWindow: number;
  /** Summed request durations per window, across every worker (Dataverse's execution-time limit). */
  maxExecutionInMsPerWindow?: number;
  windowInMs: number;
}

export interface BudgetSnapshot {
  /** Fraction of the budget this worker holds now (0 to 1). */
  share: number;
  /** Requests this worker may have in flight now. */
  concurrency: number;
  active: number;
  waiting: number;
  /** No request before this time (epoch ms), because a target asked to wait; 0 when none. */
  pausedUntil: number;
  /** Slots held, for a slot-lease budget. */
  slots?: number;
}

/**
 * Dataverse's service protection limits per user per web server (api-limits.md: 52 concurrent,
 * 6,000 requests and 1,200,000 ms of execution time per 300 s), less a margin of about 10 %: the
 * limits are per web server, we cannot see which server answers, and Retry-After must stay the
 * exception, not the way we learn the limit.
 */
export const DATAVERSE_BUDGET: BudgetLimits = {
  maxConcurrentRequests: 48,
  maxRequestsPerWindow: 5_400,
  maxExecutionInMsPerWindow: 1_080_000,
  windowInMs: 300_000,
};

/** Blob-safe budget names: one per Dataverse environment, one per distributor credential. */
export const budgetName = {
  dataverse: (environment: string) => `dataverse-${environment}`,
  /** The provider row id names the credential (its secret never appears in a name). */
  distributor: (environment: string, providerId: string) => `distributor-${environment}-${providerId}`,
} as const;
