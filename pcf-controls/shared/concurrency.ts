/**
 * Runs `worker` over `items` with at most `limit` in flight, reporting progress after each one.
 * Why bounded: Dataverse refuses more than 52 concurrent requests per user (service protection) and
 * a browser opens only ~6 connections per host anyway; a few parallel writes give most of the speed
 * without throttling the person's other tabs. Results keep the input order; a worker that throws
 * does not stop the others (its error is its result).
 */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export async function runBounded<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
  onProgress?: (done: number, total: number) => void,
): Promise<Settled<R>[]> {
  const results: Settled<R>[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await worker(items[index], index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
      done++;
      onProgress?.(done, items.length);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}
