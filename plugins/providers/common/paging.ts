/**
 * Paging shared by the connectors. Numbered pages (TechData's page in the path, Dicker's PageNumber,
 * Ion's offsets once the total is known) are fetched several at a time (bounded), but handed out
 * strictly in page order, so records come out in the distributor's order and a failing page stops the
 * listing at that point. A page that fails makes the listing incomplete, and its error says so.
 */
import { W365Error } from '../../../common/errors';
import type { RetryOptions } from '../../shared/retry';

/**
 * More pages than this is not a real account (10 million records at the usual page sizes) but a broken
 * total or cursor, which would otherwise send the listing into millions of requests.
 */
export const MAX_PAGES = 100_000;

export interface PagesInOrderOptions<P> {
  /** Fetch one page; `signal` aborts when the listing stops early. */
  fetchPage: (page: number, signal: AbortSignal) => Promise<P>;
  /** The page count that page 1 announces. */
  totalPages: (first: P) => number;
  /** Pages in flight at once (page 1 is always alone). Default 4. */
  concurrency?: number;
  signal?: AbortSignal;
}

export async function* pagesInOrder<P>(options: PagesInOrderOptions<P>): AsyncGenerator<{ page: number; body: P }> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const controller = new AbortController();
  const outer = options.signal;
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  const inFlight = new Map<number, Promise<P>>();
  try {
    const first = await options.fetchPage(1, controller.signal);
    const total = options.totalPages(first);
    yield { page: 1, body: first };
    let next = 2;
    const launch = () => {
      while (next <= total && inFlight.size < concurrency) {
        const page = next++;
        const pending = options.fetchPage(page, controller.signal);
        // Failures are rethrown when the page's turn comes; until then they must not count as unhandled.
        pending.catch(() => undefined);
        inFlight.set(page, pending);
      }
    };
    for (let page = 2; page <= total; page++) {
      launch();
      const body = await (inFlight.get(page) as Promise<P>);
      inFlight.delete(page);
      // Refill before handing the page out, so fetching overlaps with the consumer's work.
      launch();
      yield { page, body };
    }
  } finally {
    // Stop pages nobody will read (the consumer broke off, or a page failed).
    controller.abort();
    outer?.removeEventListener('abort', onAbort);
  }
}

/** The per-page request options a connector was given (page timeout and retries), as request options. */
export function pageRequestOptions(options: { pageTimeoutInMs?: number; pageRetry?: RetryOptions }): {
  timeoutInMs?: number;
  retry?: RetryOptions;
} {
  return {
    ...(options.pageTimeoutInMs !== undefined ? { timeoutInMs: options.pageTimeoutInMs } : {}),
    ...(options.pageRetry ? { retry: options.pageRetry } : {}),
  };
}

/**
 * Keep the code that says what to fix, and add that the listing is incomplete (`sentence`, in the
 * distributor's words) and where it stopped (`where`: kind, page, ...).
 */
export function listingIncomplete(err: W365Error, sentence: string, where: Record<string, unknown>): W365Error {
  return new W365Error(err.code, `${err.message} ${sentence}`, {
    cause: err,
    retryable: err.retryable,
    details: { ...err.details, ...where, listingIncomplete: true },
  });
}
