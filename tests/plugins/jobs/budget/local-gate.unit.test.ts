/**
 * The in-process half of a budget, on jest's fake clock: concurrency that follows the share held,
 * a request allowance no sliding window exceeds, execution-time debt, and Retry-After pauses.
 */
import { LocalGate } from '../../../../plugins/jobs/budget/local-gate';
import { ConfiguredShareBudget } from '../../../../plugins/jobs/budget/configured-share';
import { DATAVERSE_BUDGET, type BudgetLimits } from '../../../../plugins/jobs/budget/types';

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts `count` calls of `durationInMs` each and records when each started. */
function burst(gate: { run: LocalGate['run'] }, count: number, durationInMs: number) {
  const starts: number[] = [];
  let inFlight = 0;
  let peak = 0;
  const done = Promise.all(
    Array.from({ length: count }, () =>
      gate.run(async () => {
        starts.push(Date.now());
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(durationInMs);
        inFlight--;
      }),
    ),
  );
  return { starts, done, peak: () => peak };
}

const roomy: BudgetLimits = { maxConcurrentRequests: 1000, maxRequestsPerWindow: 1_000_000, windowInMs: 300_000 };

describe('LocalGate', () => {
  test('never more in flight than the share allows, and waiting calls follow a share that grows or shrinks', async () => {
    const gate = new LocalGate({ limits: { ...roomy, maxConcurrentRequests: 12 }, share: 0.25 });
    expect(gate.snapshot().concurrency).toBe(3);
    const b = burst(gate, 30, 100);
    await jest.advanceTimersByTimeAsync(250);
    expect(b.peak()).toBe(3);
    gate.setShare(0.5);
    await jest.advanceTimersByTimeAsync(0);
    expect(gate.snapshot().active).toBe(6);
    gate.setShare(0, 0);
    await jest.advanceTimersByTimeAsync(150);
    expect(gate.snapshot().active).toBe(0); // those in flight finished; nobody new started
    const waiting = gate.snapshot().waiting;
    expect(waiting).toBeGreaterThan(0);
    gate.setShare(1);
    await jest.advanceTimersByTimeAsync(1_000);
    await b.done;
    expect(b.starts).toHaveLength(30);
  });

  test('no sliding window sees more requests than the allowance, a burst included', async () => {
    const limits: BudgetLimits = { maxConcurrentRequests: 100, maxRequestsPerWindow: 20, windowInMs: 1_000 };
    const gate = new LocalGate({ limits });
    const b = burst(gate, 60, 10);
    await jest.advanceTimersByTimeAsync(10_000);
    await b.done;
    const perWindow = b.starts.map((t) => b.starts.filter((s) => s >= t && s < t + limits.windowInMs).length);
    expect(Math.max(...perWindow)).toBeLessThanOrEqual(20);
    // ...and the allowance is used: the 60 calls took about three windows, not many more.
    expect(b.starts[59] - b.starts[0]).toBeLessThan(3_500);
  });

  test('a half share gets half the allowance', async () => {
    const limits: BudgetLimits = { maxConcurrentRequests: 100, maxRequestsPerWindow: 40, windowInMs: 1_000 };
    const gate = new LocalGate({ limits, share: 0.5 });
    const b = burst(gate, 60, 1);
    await jest.advanceTimersByTimeAsync(10_000);
    await b.done;
    const perWindow = b.starts.map((t) => b.starts.filter((s) => s >= t && s < t + limits.windowInMs).length);
    expect(Math.max(...perWindow)).toBeLessThanOrEqual(20);
  });

  test('execution time is charged after each call: a long call puts the gate in debt until it is earned back', async () => {
    const limits: BudgetLimits = { ...roomy, maxExecutionInMsPerWindow: 1_000, windowInMs: 1_000 };
    const gate = new LocalGate({ limits });
    const long = burst(gate, 1, 300);
    await jest.advanceTimersByTimeAsync(300);
    await long.done;
    const end = Date.now();
    const next = burst(gate, 1, 1);
    await jest.advanceTimersByTimeAsync(1_000);
    await next.done;
    // Burst 100 ms, refill 0.9 ms per ms: the 200 ms of debt take about 222 ms to pay back.
    expect(next.starts[0] - end).toBeGreaterThanOrEqual(222);
    expect(next.starts[0] - end).toBeLessThan(300);
  });

  test('a Retry-After pause holds every call until it ends; an earlier pause does not shorten it', async () => {
    const gate = new LocalGate({ limits: DATAVERSE_BUDGET });
    const pausedUntil = Date.now() + 5_000;
    gate.pauseUntil(pausedUntil);
    gate.pauseUntil(Date.now() + 1_000);
    expect(gate.snapshot().pausedUntil).toBe(pausedUntil);
    const b = burst(gate, 5, 1);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(b.starts).toEqual([]);
    await jest.advanceTimersByTimeAsync(100);
    await b.done;
    expect(Math.min(...b.starts)).toBeGreaterThanOrEqual(pausedUntil);
  });

  test('a cancelled wait rejects with JOB_BUDGET_UNAVAILABLE and frees its place', async () => {
    const gate = new LocalGate({ limits: { ...roomy, maxConcurrentRequests: 1 } });
    const first = burst(gate, 1, 1_000);
    const abort = new AbortController();
    const waiting = gate.run(async () => 'never', abort.signal);
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'JOB_BUDGET_UNAVAILABLE' });
    expect(gate.snapshot().waiting).toBe(0);
    await jest.advanceTimersByTimeAsync(1_000);
    await first.done;
  });
});

describe('ConfiguredShareBudget', () => {
  test('each of N workers takes floor(limit / N) concurrent requests', async () => {
    const budget = new ConfiguredShareBudget(DATAVERSE_BUDGET, 5);
    expect(budget.snapshot().concurrency).toBe(9);
    const b = burst(budget, 40, 100);
    await jest.advanceTimersByTimeAsync(2_000);
    await b.done;
    expect(b.peak()).toBe(9);
    expect(() => new ConfiguredShareBudget(DATAVERSE_BUDGET, 0)).toThrow(RangeError);
  });
});
