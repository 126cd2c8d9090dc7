/**
 * The one retry policy of the service (Dataverse and distributors alike), after Azure SDK's
 * core-rest-pipeline: throttling (429/503 honouring Retry-After), exponential back-off with jitter for
 * 408, 5xx (except 501/505) and network errors, a cap on attempts, and an AbortSignal. Nothing else in
 * the service retries.
 */
import { delay } from './abort';

export interface RetryOptions {
  /** Attempts in all, the first included. 1 means no retry. Default 5. */
  maxTries?: number;
  /** Base of the exponential back-off. Default 500 ms. */
  retryDelayInMs?: number;
  /** Cap of one back-off wait. Default 60 000 ms. */
  maxRetryDelayInMs?: number;
  /**
   * Throttling (429/503 with Retry-After) is waited out rather than counted as a failure: such waits
   * do not use up `maxTries` while their total stays within this budget. Default 0 (they count).
   * Dataverse's service protection asks clients to wait, not to give up; the budget is what a job
   * allows itself before it reports how far it got.
   */
  throttleBudgetInMs?: number;
  /** Cap of one Retry-After wait. Default `maxRetryDelayInMs`; Dataverse's window is 300 s. */
  maxRetryAfterInMs?: number;
  signal?: AbortSignal;
  /** Injected for tests; defaults to a real, abortable timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each wait, for logging and request accounting. */
  onRetry?: (info: { attempt: number; delayInMs: number; reason: string }) => void;
  random?: () => number;
}

/** What an attempt produced, as far as the policy needs to know. */
export type AttemptOutcome =
  { kind: 'response'; status: number; retryAfter?: string | null } | { kind: 'network'; code?: string };

/** Node's network error codes worth another try (as core-rest-pipeline's `isSystemError`). */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

export function isRetryableNetworkCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterInMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}

export interface RetryDecision {
  retry: boolean;
  delayInMs: number;
  reason: string;
}

/** Decide whether the outcome of attempt number `attempt` (1-based) deserves another try, and when. */
export function decideRetry(
  outcome: AttemptOutcome,
  attempt: number,
  options: RetryOptions = {},
  throttledSoFarInMs = 0,
): RetryDecision {
  const maxTries = options.maxTries ?? 5;
  const base = options.retryDelayInMs ?? 500;
  const cap = options.maxRetryDelayInMs ?? 60_000;
  const random = options.random ?? Math.random;
  const throttle = throttleWait(outcome, options, throttledSoFarInMs);
  if (throttle) return throttle;
  if (attempt >= maxTries) return { retry: false, delayInMs: 0, reason: 'attempts exhausted' };
  if (outcome.kind === 'network') {
    if (!isRetryableNetworkCode(outcome.code))
      return { retry: false, delayInMs: 0, reason: `network error ${outcome.code ?? ''}` };
  } else if (!isRetryableStatus(outcome.status)) {
    return { retry: false, delayInMs: 0, reason: `status ${outcome.status}` };
  }
  if (outcome.kind === 'response' && (outcome.status === 429 || outcome.status === 503)) {
    const after = parseRetryAfterInMs(outcome.retryAfter);
    if (after !== undefined)
      return {
        retry: true,
        delayInMs: Math.min(after, options.maxRetryAfterInMs ?? cap),
        reason: `status ${outcome.status}, Retry-After`,
      };
  }
  // Exponential back-off with jitter, so that retries from many clients do not arrive together.
  const exponential = base * 2 ** (attempt - 1);
  const jittered = exponential * (0.8 + 0.4 * random());
  const reason = outcome.kind === 'network' ? `network error ${outcome.code}` : `status ${outcome.status}`;
  return { retry: true, delayInMs: Math.min(Math.round(jittered), cap), reason };
}

/** A throttling answer waited out within the throttle budget (not counted against maxTries), if it is one. */
function throttleWait(
  outcome: AttemptOutcome,
  options: RetryOptions,
  throttledSoFarInMs: number,
): (RetryDecision & { throttled: true }) | undefined {
  if (outcome.kind !== 'response' || (outcome.status !== 429 && outcome.status !== 503)) return undefined;
  const after = parseRetryAfterInMs(outcome.retryAfter);
  if (after === undefined) return undefined;
  const delayInMs = Math.min(after, options.maxRetryAfterInMs ?? options.maxRetryDelayInMs ?? 60_000);
  if (throttledSoFarInMs + delayInMs > (options.throttleBudgetInMs ?? 0)) return undefined;
  return { retry: true, delayInMs, reason: `status ${outcome.status}, Retry-After (throttled)`, throttled: true };
}

/**
 * Run `attempt` until it produces a final outcome. `classify` tells the policy what a result or a
 * thrown error was; a result that is not retried is returned, an error that is not retried is thrown.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  classify: { result: (value: T) => AttemptOutcome; error: (err: unknown) => AttemptOutcome | undefined },
  options: RetryOptions = {},
): Promise<T> {
  const sleep = options.sleep ?? delay;
  let throttledInMs = 0;
  let counted = 0;
  for (let n = 1; ; n++) {
    options.signal?.throwIfAborted();
    let outcome: AttemptOutcome;
    let value: T | undefined;
    let error: unknown;
    let failed = false;
    try {
      value = await attempt(n);
      outcome = classify.result(value);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const o = classify.error(err);
      if (!o) throw err;
      outcome = o;
      error = err;
      failed = true;
    }
    const decision: RetryDecision & { throttled?: boolean } =
      outcome.kind === 'response' && outcome.status < 400
        ? { retry: false, delayInMs: 0, reason: '' }
        : decideRetry(outcome, counted + 1, options, throttledInMs);
    if (!decision.retry) {
      if (failed) throw error;
      return value as T;
    }
    // A throttling wait within the budget is not a failed attempt: it does not use up maxTries.
    if (decision.throttled) throttledInMs += decision.delayInMs;
    else counted++;
    options.onRetry?.({ attempt: n, delayInMs: decision.delayInMs, reason: decision.reason });
    await sleep(decision.delayInMs, options.signal);
  }
}
