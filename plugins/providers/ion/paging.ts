/**
 * Ion's two paging styles [C]: a cursor for customers (pageSize + pageToken, answered with
 * nextPageToken; the SDK loops while it is non-empty), and offsets for subscriptions
 * (pagination.limit + pagination.offset, answered with paginationResponse.totalSize). Cursor pages can
 * only be read one after another; offset pages are known once the first page gives the total, so they
 * are fetched several at a time (bounded) and handed out in order (../common/paging's pagesInOrder).
 * Also: a bounded, order-keeping map for the per-customer cloud profile reads.
 */
import { W365Error } from '../../../common/errors';
import { MAX_PAGES, pagesInOrder } from '../common/paging';
import { IonErrorCodes } from './errors';
import { Failures } from './strings';

export async function* cursorPages<P extends { nextPageToken?: string }>(
  fetchPage: (pageToken: string | undefined, page: number) => Promise<P>,
  what: string,
  signal?: AbortSignal,
): AsyncGenerator<{ page: number; body: P }> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 1; ; page++) {
    signal?.throwIfAborted();
    if (page > MAX_PAGES) throw new W365Error(IonErrorCodes.DistributorError, Failures.tooManyPages(what));
    const body = await fetchPage(token, page);
    yield { page, body };
    token = body.nextPageToken;
    if (!token) return;
    // A cursor that comes back would loop for ever.
    if (seen.has(token))
      throw new W365Error(IonErrorCodes.DistributorError, Failures.repeatedPageToken(what), { retryable: true });
    seen.add(token);
  }
}

export interface OffsetPage {
  items: unknown[];
  totalSize?: number;
}

/**
 * Pages at offsets 0, limit, 2×limit, ... With a totalSize on the first page, the rest are fetched
 * `concurrency` at a time; without one, one by one until a short page (the SDK stops on an empty one).
 * Every page must report the same totalSize: if it moves, lines shifted between pages and some may have
 * been skipped, so the listing is refused rather than letting a skipped line count as gone [I].
 */
export async function* offsetPages(
  fetchPage: (offset: number, signal: AbortSignal) => Promise<OffsetPage>,
  limit: number,
  what: string,
  options: { concurrency: number; signal?: AbortSignal },
): AsyncGenerator<{ offset: number; body: OffsetPage }> {
  const first = await fetchPage(0, options.signal ?? new AbortController().signal);
  if (first.totalSize === undefined) {
    yield { offset: 0, body: first };
    let page = first;
    for (let offset = limit, n = 1; page.items.length >= limit; offset += limit, n++) {
      if (n >= MAX_PAGES) throw new W365Error(IonErrorCodes.DistributorError, Failures.tooManyPages(what));
      page = await fetchPage(offset, options.signal ?? new AbortController().signal);
      if (page.items.length) yield { offset, body: page };
    }
    return;
  }
  const total = first.totalSize;
  const totalPages = Math.max(1, Math.ceil(total / limit));
  if (totalPages > MAX_PAGES) throw new W365Error(IonErrorCodes.DistributorError, Failures.tooManyPages(what));
  const pages = pagesInOrder<OffsetPage>({
    fetchPage: async (page, signal) => {
      if (page === 1) return first;
      const body = await fetchPage((page - 1) * limit, signal);
      if (body.totalSize !== undefined && body.totalSize !== total) {
        throw new W365Error(
          IonErrorCodes.DistributorError,
          Failures.unreadable(what, `the total moved from ${total} to ${body.totalSize} while paging`),
          { retryable: true },
        );
      }
      return body;
    },
    totalPages: () => totalPages,
    concurrency: options.concurrency,
    signal: options.signal,
  });
  for await (const { page, body } of pages) yield { offset: (page - 1) * limit, body };
}

/** `fn` over `items` with at most `concurrency` running, results in the items' order. */
export async function mapInOrder<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After a failure nobody starts more work: the caller is about to give up.
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
  return results;
}
