/**
 * Request plumbing every connector repeats: the per-call options handed to the HTTP client, and one
 * shared request per key (a token or an access key fetched once, however many pages ask at once).
 */
import type { RetryOptions } from '../../shared/retry';

export interface CallOptions {
  signal?: AbortSignal;
  timeoutInMs?: number;
  retry?: RetryOptions | false;
}

/** The options of one call, for HttpClient.send: only those given (the client's defaults stand for the rest). */
export function sendOptions(options: CallOptions): CallOptions {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutInMs !== undefined ? { timeoutInMs: options.timeoutInMs } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
  };
}

/** Requests by key, so that callers asking at the same time share one (a token, an access key). */
export class SharedRequests<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** The request for `key` still running, if any. */
  current(key: string): Promise<T> | undefined {
    return this.running.get(key);
  }

  /** Start the request for `key` (replacing any running one for later callers); forgotten once it settles. */
  start(key: string, request: () => Promise<T>): Promise<T> {
    const run: Promise<T> = request().finally(() => {
      if (this.running.get(key) === run) this.running.delete(key);
    });
    this.running.set(key, run);
    return run;
  }
}
