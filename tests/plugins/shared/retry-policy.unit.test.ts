import { decideRetry, parseRetryAfterInMs, withRetry, type AttemptOutcome } from '../../../plugins/shared/retry';

describe('retry policy', () => {
  it('honours Retry-After in seconds and as an HTTP date on 429 and 503', () => {
    expect(decideRetry({ kind: 'response', status: 429, retryAfter: '7' }, 1)).toMatchObject({
      retry: true,
      delayInMs: 7000,
    });
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(parseRetryAfterInMs('Sat, 21 Nov 2026 10:00:03 GMT', now)).toBe(3000);
    expect(decideRetry({ kind: 'response', status: 503, retryAfter: '2' }, 1).delayInMs).toBe(2000);
  });

  it('caps a long Retry-After at the maximum delay', () => {
    expect(
      decideRetry({ kind: 'response', status: 429, retryAfter: '3600' }, 1, { maxRetryDelayInMs: 60_000 }).delayInMs,
    ).toBe(60_000);
  });

  it('backs off exponentially with jitter for 5xx and network errors, but not 4xx, 501 or unknown network codes', () => {
    const d1 = decideRetry({ kind: 'response', status: 500 }, 1, { retryDelayInMs: 100, random: () => 0.5 });
    const d3 = decideRetry({ kind: 'response', status: 502 }, 3, { retryDelayInMs: 100, random: () => 0.5 });
    expect(d1).toMatchObject({ retry: true, delayInMs: 100 });
    expect(d3).toMatchObject({ retry: true, delayInMs: 400 });
    expect(decideRetry({ kind: 'response', status: 400 }, 1).retry).toBe(false);
    expect(decideRetry({ kind: 'response', status: 501 }, 1).retry).toBe(false);
    expect(decideRetry({ kind: 'network', code: 'ECONNRESET' }, 1).retry).toBe(true);
    expect(decideRetry({ kind: 'network', code: 'CERT_HAS_EXPIRED' }, 1).retry).toBe(false);
  });

  it('stops after maxTries and returns the last answer', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        return { status: 429 };
      },
      {
        result: (r): AttemptOutcome => ({ kind: 'response', status: r.status, retryAfter: '1' }),
        error: () => undefined,
      },
      { maxTries: 3, sleep: async (ms) => void waits.push(ms) },
    );
    expect(calls).toBe(3);
    expect(waits).toEqual([1000, 1000]);
    expect(result.status).toBe(429);
  });

  it('retries a thrown network error and then succeeds', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
        return 'ok';
      },
      {
        result: () => ({ kind: 'response', status: 200 }),
        error: (e) => ({ kind: 'network', code: (e as { code: string }).code }),
      },
      { sleep: async () => undefined },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const p = withRetry(
      async () => ({ status: 503 }),
      {
        result: (r): AttemptOutcome => ({ kind: 'response', status: r.status, retryAfter: '30' }),
        error: () => undefined,
      },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(p).rejects.toThrow('stop');
  });
});

describe('throttling is waited out within a budget (issue 13, fault 6)', () => {
  const throttled: AttemptOutcome = { kind: 'response', status: 429, retryAfter: '1' };

  it('keeps waiting as asked past maxTries while the throttle budget lasts, then succeeds', async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await withRetry(
      async () => (++calls <= 12 ? { status: 429 } : { status: 204 }),
      { result: (r) => ({ kind: 'response', status: r.status, retryAfter: '1' }), error: () => undefined },
      { maxTries: 5, throttleBudgetInMs: 60_000, sleep: async (ms) => void waits.push(ms) },
    );
    expect(result.status).toBe(204);
    expect(calls).toBe(13);
    expect(waits).toEqual(Array(12).fill(1000));
  });

  it('gives up once the budget is spent (and then counts attempts as before)', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => (++calls, { status: 429 }),
      { result: (r) => ({ kind: 'response', status: r.status, retryAfter: '1' }), error: () => undefined },
      { maxTries: 3, throttleBudgetInMs: 4_000, sleep: async () => undefined },
    );
    expect(result.status).toBe(429);
    // 4 throttled waits within the 4 s budget, then 2 counted retries (maxTries 3).
    expect(calls).toBe(7);
  });

  it('a throttle budget never stretches failures that are not throttling', () => {
    expect(decideRetry({ kind: 'response', status: 500 }, 5, { maxTries: 5, throttleBudgetInMs: 60_000 }).retry).toBe(
      false,
    );
    expect(decideRetry(throttled, 5, { maxTries: 5, throttleBudgetInMs: 60_000 }).retry).toBe(true);
  });
});
