/**
 * The in-process half of a budget: a semaphore whose limit can change, token buckets for requests and
 * execution time per window, and a pause (Retry-After). A worker's gate enforces the share of the
 * budget the worker holds; on its own, with a fixed share (`1 / workers`), it is the "configured
 * shares" scheme of docs/scale-out.md.
 *
 * Buckets hold at most `burstFraction` of the share's allowance and refill the rest evenly over the
 * window, so that no window (sliding, as Dataverse's is) sees more than the share's allowance:
 * burst + rate x window = allowance. Execution time is charged after each request (its duration is
 * only known then) and may go into debt; no new request starts while it is in debt.
 *
 * Hand-written: p-limit and bottleneck come close, but neither changes its limits while requests wait
 * (which holding more or fewer slots needs) nor charges a cost known only afterwards.
 */
import { W365Error } from '../../../common/errors';
import { DistributedErrorCodes } from '../distributed-errors';
import { BudgetMessages } from '../distributed-strings';
import type { BudgetLimits, BudgetSnapshot, Gate } from './types';

export interface LocalGateOptions {
  limits: BudgetLimits;
  /** Fraction of the limits this gate may use. Default 1; 0 admits nothing until `setShare`. */
  share?: number;
  /** Requests in flight at this share. Default floor(maxConcurrentRequests x share). */
  concurrency?: number;
  /** Part of a window's allowance a bucket may hold as burst. Default 0.1. */
  burstFraction?: number;
  now?: () => number;
}

class TokenBucket {
  private tokens = 0;
  private capacity = 0;
  private ratePerMs = 0;
  private last: number;

  constructor(private readonly now: () => number) {
    this.last = now();
  }

  /** New capacity and rate; `grant` tokens are added (a larger share brings its burst with it). */
  configure(capacity: number, ratePerMs: number, grant: number): void {
    this.refill();
    this.capacity = capacity;
    this.ratePerMs = ratePerMs;
    this.tokens = Math.min(capacity, this.tokens + Math.max(0, grant));
  }

  take(amount: number): void {
    this.refill();
    this.tokens -= amount;
  }

  /** Milliseconds until the bucket holds at least `amount` (Infinity when it never will). */
  msUntil(amount: number): number {
    this.refill();
    if (this.tokens >= amount) return 0;
    if (this.ratePerMs <= 0 || amount > this.capacity) return Infinity;
    return Math.ceil((amount - this.tokens) / this.ratePerMs);
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (t - this.last) * this.ratePerMs);
    this.last = t;
  }
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
  detach: () => void;
}

export class LocalGate implements Gate {
  private active = 0;
  private readonly waiters: Waiter[] = [];
  private concurrency = 0;
  private share = 0;
  private pausedUntil = 0;
  private timer?: NodeJS.Timeout;
  private readonly requests: TokenBucket;
  private readonly execution?: TokenBucket;
  private readonly now: () => number;
  private readonly burst: number;

  constructor(private readonly o: LocalGateOptions) {
    this.now = o.now ?? Date.now;
    this.burst = o.burstFraction ?? 0.1;
    this.requests = new TokenBucket(this.now);
    if (o.limits.maxExecutionInMsPerWindow) this.execution = new TokenBucket(this.now);
    this.setShare(o.share ?? 1, o.concurrency);
  }

  /** Changes the share this gate enforces; requests in flight beyond a smaller limit finish normally. */
  setShare(share: number, concurrency?: number): void {
    const { limits } = this.o;
    const grown = Math.max(0, share - this.share);
    this.share = Math.max(0, Math.min(1, share));
    this.concurrency = concurrency ?? Math.floor(limits.maxConcurrentRequests * this.share);
    const configure = (bucket: TokenBucket, allowance: number, minCapacity: number) => {
      const capacity = this.share > 0 ? Math.max(minCapacity, allowance * this.share * this.burst) : 0;
      bucket.configure(
        capacity,
        (allowance * this.share * (1 - this.burst)) / limits.windowInMs,
        allowance * grown * this.burst,
      );
    };
    configure(this.requests, limits.maxRequestsPerWindow, 1);
    if (this.execution) configure(this.execution, limits.maxExecutionInMsPerWindow ?? 0, 0);
    this.pump();
  }

  /** No request starts before `epochMs` (a later pause wins; an earlier one changes nothing). */
  pauseUntil(epochMs: number): void {
    if (epochMs <= this.pausedUntil) return;
    this.pausedUntil = epochMs;
    this.pump();
  }

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.admit(signal);
    const started = this.now();
    try {
      return await fn();
    } finally {
      this.active--;
      this.execution?.take(this.now() - started);
      this.pump();
    }
  }

  snapshot(): BudgetSnapshot {
    return {
      share: this.share,
      concurrency: this.concurrency,
      active: this.active,
      waiting: this.waiters.length,
      pausedUntil: this.pausedUntil > this.now() ? this.pausedUntil : 0,
    };
  }

  private admit(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(this.cancelled());
    if (this.waiters.length === 0 && this.blockedForMs() === 0) {
      this.grant();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(this.cancelled());
      };
      const waiter: Waiter = {
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** 0 when a request may start now; otherwise how long until it may (Infinity: until a slot frees). */
  private blockedForMs(): number {
    const t = this.now();
    if (t < this.pausedUntil) return this.pausedUntil - t;
    if (this.active >= this.concurrency) return Infinity;
    return Math.max(this.requests.msUntil(1), this.execution?.msUntil(0) ?? 0);
  }

  private grant(): void {
    this.active++;
    this.requests.take(1);
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.waiters.length > 0) {
      const wait = this.blockedForMs();
      if (wait === 0) {
        const w = this.waiters.shift() as Waiter;
        w.detach();
        this.grant();
        w.resolve();
        continue;
      }
      if (Number.isFinite(wait)) this.timer = setTimeout(() => this.pump(), wait);
      break;
    }
  }

  private cancelled(): W365Error {
    return new W365Error(DistributedErrorCodes.BudgetUnavailable, BudgetMessages.cancelled);
  }
}
