/**
 * The sliding window a budget counts in (Dataverse's limits are over any 300 s): requests leave it a
 * window after the end of their second (never early), a worker alone may send a whole window's requests at once, and
 * workers planning from each other's figures never plan past the limit together.
 */
import { WindowAllowance, WindowUsage } from '../../../../plugins/jobs/budget/window-usage';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('WindowUsage', () => {
  it('counts requests and execution time over the trailing window, in seconds', () => {
    const c = clock();
    const u = new WindowUsage(10_000, c.now);
    u.addRequest();
    u.addExecution(300);
    c.advance(4_000);
    u.addRequest();
    expect(u.totals()).toEqual({ requests: 2, executionInMs: 300 });
    c.advance(6_000);
    expect(u.totals().requests).toBe(2); // 10 s after the first request, its second not yet
    c.advance(1_000); // the first second has left the 10 s window
    expect(u.totals()).toEqual({ requests: 1, executionInMs: 0 });
  });

  it('says when the window will have room again', () => {
    const c = clock();
    const u = new WindowUsage(10_000, c.now);
    for (let i = 0; i < 5; i++) u.addRequest();
    c.advance(3_000);
    for (let i = 0; i < 5; i++) u.addRequest();
    expect(u.msUntilBelow({ requests: 11, executionInMs: Infinity })).toBe(0);
    // Below 6: the first five must leave, a window after their second ended.
    expect(u.msUntilBelow({ requests: 6, executionInMs: Infinity })).toBe(8_000);
    c.advance(7_999);
    expect(u.totals().requests).toBe(10);
    c.advance(1);
    expect(u.totals().requests).toBe(5);
  });
});

describe('WindowAllowance', () => {
  const limits = { maxRequestsPerWindow: 100, maxExecutionInMsPerWindow: 60_000, windowInMs: 300_000 };

  it('lets a worker alone send the whole window at once, and not one more', async () => {
    const c = clock();
    const a = new WindowAllowance(limits, c.now);
    a.plan({ requests: 0, executionInMs: 0 }, 1);
    for (let i = 0; i < 100; i++) await a.admit(undefined, 10);
    expect(a.usage.totals().requests).toBe(100);
    const stop = new AbortController();
    const late = a.admit(stop.signal, 10);
    await new Promise((r) => setTimeout(r, 30));
    expect(a.waiting).toBe(1);
    stop.abort();
    await expect(late).rejects.toBeDefined();
  });

  it('two workers planning from each other’s figures stay within the limit together', async () => {
    const c = clock();
    const a = new WindowAllowance(limits, c.now);
    const b = new WindowAllowance(limits, c.now);
    a.plan({ requests: 0, executionInMs: 0 }, 1); // a alone first
    for (let i = 0; i < 60; i++) await a.admit(undefined, 10);
    // b arrives with as much demand as a: each gets half of what is left (40), so 80 + 20 = 100 in all.
    a.plan(b.usage.totals(), 0.5);
    b.plan(a.usage.totals(), 0.5);
    const tryAll = async (w: WindowAllowance) => {
      let sent = 0;
      for (let i = 0; i < 100; i++) {
        const stop = new AbortController();
        const admitted = w.admit(stop.signal, 5).then(
          () => true,
          () => false,
        );
        setTimeout(() => stop.abort(), 20);
        if (!(await admitted)) break;
        sent++;
      }
      return sent;
    };
    const [moreA, moreB] = [await tryAll(a), await tryAll(b)];
    expect(moreA).toBe(20);
    expect(moreB).toBe(20);
    expect(a.usage.totals().requests + b.usage.totals().requests).toBe(100);
  });

  it('holds back once the execution time of the window is spent', async () => {
    const c = clock();
    const a = new WindowAllowance(limits, c.now);
    a.setShare(1);
    await a.admit(undefined, 10);
    a.usage.addExecution(60_000);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 30);
    await expect(a.admit(stop.signal, 10)).rejects.toBeDefined();
    c.advance(301_000);
    await a.admit(undefined, 10);
    expect(a.usage.totals().requests).toBe(1);
  });
});
