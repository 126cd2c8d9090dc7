/**
 * A budget shared by many worker processes through leases: the budget is cut into N slots (default
 * 12), each a lease (`<name>/slot-<i>`) that at most one worker holds. A worker's requests in flight
 * are its slots x (concurrency / N), enforced by its LocalGate; since a slot has one holder at a time,
 * the workers' concurrency never adds up to more than the whole, however many workers there are.
 *
 * The window's limits (requests and execution time per 300 s, counted over a sliding window as
 * Dataverse does: `window-usage.ts`) are shared by figures, not slots: every beat, each worker
 * publishes what it sent in the window and takes its part (by demand) of what nobody used. A worker
 * alone may so send all of a window's requests in a burst, where a share of a token bucket held a job
 * of a few hundred requests to a trickle. Without the others' figures (no PresenceBoard, or Storage
 * not answering), a worker's window share is its slots' share.
 *
 * A worker takes its first slot when it first needs one (waiting, if all are taken, until one frees),
 * takes more whenever its gate is saturated and requests wait (as many as its waiting requests need,
 * at once), gives back what it holds beyond its equal part (below) after `idleReleaseInMs` without a
 * request, and everything after a minute. A dead worker's slots lapse with their leases (15 to 60 s).
 *
 * Fair parts: with a PresenceBoard, every worker that used the budget in the last minute says so
 * every second, with its demand (the most requests it had in flight or waiting meanwhile).
 * Each keeps an equal part of the slots (slots / live workers) even while idle, so that its next work
 * item does not wait for a handover, and a busy one may hold more, by demand, of what the others'
 * parts leave; slots beyond its part are given back at once. Without it the first busy worker took
 * every slot and kept them while it stayed busy, and the others waited: four workers ran a job 2-4
 * times slower than one.
 *
 * Retry-After: `reportRetryAfter` pauses this worker's gate at once and publishes the pause on the
 * PauseBoard; every worker holding slots reads it every `pauseSyncIntervalInMs` and when it takes its
 * first slot. docs/scale-out.md weighs this against the alternatives.
 */
import { W365Error, errorMessage } from '../../../common/errors';
import { delay } from '../../shared/abort';
import { silentLogger, type Logger } from '../../shared/logger';
import { DistributedErrorCodes } from '../distributed-errors';
import { BudgetMessages } from '../distributed-strings';
import type { Lease, LeaseStore } from '../lease';
import { LocalGate } from './local-gate';
import type { PauseBoard } from './pause-board';
import type { PresenceBoard } from './presence';
import type { BudgetLimits, BudgetSnapshot, SharedBudget } from './types';
import { WindowAllowance } from './window-usage';

export interface SlotLeaseBudgetOptions {
  /** The budget's name, e.g. `budgetName.dataverse('contoso')`. */
  name: string;
  limits: BudgetLimits;
  leases: LeaseStore;
  /** Where Retry-After pauses are shared; without one, a pause holds for this worker only. */
  pauses?: PauseBoard;
  /** Where workers say they want the budget, for their fair parts; without one, a worker may hold all. */
  presence?: { board: PresenceBoard; workerId: string };
  /** Slots the budget is cut into. Default 12 (48 concurrent requests: 4 per slot). */
  slots?: number;
  /** Most slots one worker may hold. Default all. */
  maxSlotsPerWorker?: number;
  /** Give the slots back after this long without a request. Default 5 s. */
  idleReleaseInMs?: number;
  /** Wait between tries when no slot is free, and at least between two tries for one more. Default 500 ms. */
  acquireRetryInMs?: number;
  /**
   * How often a live worker beats (its presence, figures and part) and reads the shared pause. Default
   * 1 s: a newcomer waits for the holders' next beat to find its part free (at 2 s four workers joined
   * a job 2 to 8 s late); each beat is a write, a listing and a read on Storage (docs/scale-out.md).
   */
  pauseSyncIntervalInMs?: number;
  logger?: Logger;
  now?: () => number;
}

/** A worker whose demand outgrows its part asks again this soon, not only at the next beat. */
const REPLAN_MIN_MS = 250;
/** A worker that has not used the budget for this long gives back every slot and stops saying it is live. */
const WARM_FOR_MS = 60_000;

export class SlotLeaseBudget implements SharedBudget {
  /** Requests in flight (the slots' concurrency) and Retry-After pauses. */
  private readonly gate: LocalGate;
  /** Requests and execution time per window (its own part of the whole, or its slots' share alone). */
  private readonly window: WindowAllowance;
  /** True while the window follows the others' figures (the last beat went through). */
  private planned = false;
  private readonly held = new Map<number, Lease>();
  private readonly slots: number;
  private readonly perSlot: number;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;
  /** The options' intervals, defaults applied. */
  private readonly beatInMs: number;
  private readonly retryInMs: number;
  private readonly idleReleaseInMs: number;
  private acquiring?: Promise<void>;
  private lastUse = 0;
  private lastGrowAttempt = 0;
  private lastGrowFound = true;
  /** Slots this worker keeps while idle: its equal part among the live workers (with a PresenceBoard). */
  private guaranteed = 0;
  private lastPauseSync = 0;
  private lastRaised = 0;
  private lastBeat = 0;
  /** The most requests in flight or waiting since the last beat. */
  private demand = 0;
  /** The most slots this worker may hold now: its fair part (or `maxSlotsPerWorker`). */
  private cap: number;
  private closed = false;

  constructor(private readonly o: SlotLeaseBudgetOptions) {
    this.slots = o.slots ?? 12;
    this.perSlot = Math.floor(o.limits.maxConcurrentRequests / this.slots);
    if (!Number.isInteger(this.slots) || this.slots < 1 || this.perSlot < 1) {
      throw new RangeError(BudgetMessages.badSlots(this.slots, o.limits.maxConcurrentRequests));
    }
    this.logger = o.logger ?? silentLogger();
    this.now = o.now ?? Date.now;
    this.cap = Math.min(o.maxSlotsPerWorker ?? this.slots, this.slots);
    // The gate keeps only the concurrency bound and pauses; the window's limits are the window's job.
    const concurrencyOnly = { ...o.limits, maxRequestsPerWindow: Number.MAX_SAFE_INTEGER };
    delete concurrencyOnly.maxExecutionInMsPerWindow;
    this.gate = new LocalGate({ limits: concurrencyOnly, share: 0, concurrency: 0, now: this.now });
    this.window = new WindowAllowance(o.limits, this.now);
    this.beatInMs = o.pauseSyncIntervalInMs ?? 1_000;
    this.retryInMs = o.acquireRetryInMs ?? 500;
    this.idleReleaseInMs = o.idleReleaseInMs ?? 5_000;
    this.timer = setInterval(() => void this.housekeeping(), Math.min(this.beatInMs, this.idleReleaseInMs / 2));
    this.timer.unref();
  }

  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.closed)
      return Promise.reject(new W365Error(DistributedErrorCodes.BudgetUnavailable, BudgetMessages.closed));
    this.lastUse = this.now();
    const s = this.snapshot();
    this.demand = Math.max(this.demand, s.active + s.waiting + 1);
    const result = this.admitted(signal).then(() =>
      this.gate.run(async () => {
        const started = this.now();
        try {
          return await fn();
        } finally {
          this.lastUse = this.now();
          this.window.usage.addExecution(this.lastUse - started);
        }
      }, signal),
    );
    if (this.held.size === 0) void this.acquire(true);
    else this.maybeGrow();
    return result;
  }

  /** Once the window has room for one more request (counted then). */
  private async admitted(signal?: AbortSignal): Promise<void> {
    try {
      await this.window.admit(signal, this.beatInMs);
    } catch (err) {
      if (signal?.aborted) throw new W365Error(DistributedErrorCodes.BudgetUnavailable, BudgetMessages.cancelled);
      throw err;
    }
  }

  reportRetryAfter(delayInMs: number): void {
    const until = this.now() + Math.max(0, delayInMs);
    this.gate.pauseUntil(until);
    // Many requests see the same 429 at once: publish once per second at most.
    if (!this.o.pauses || until <= this.lastRaised + 1_000) return;
    this.lastRaised = until;
    this.o.pauses.raise(this.o.name, until).catch((err: unknown) => {
      this.logger.warn({ budget: this.o.name, err: errorMessage(err) }, 'could not share a Retry-After pause');
    });
  }

  snapshot(): BudgetSnapshot {
    const g = this.gate.snapshot();
    return { ...g, waiting: g.waiting + this.window.waiting, slots: this.held.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.acquiring;
    await this.releaseAll();
    if (this.o.presence) await this.o.presence.board.leave(this.o.name, this.o.presence.workerId);
  }

  private acquire(untilOne: boolean): Promise<void> {
    this.acquiring ??= this.acquireLoop(untilOne).finally(() => (this.acquiring = undefined));
    return this.acquiring;
  }

  private async acquireLoop(untilOne: boolean): Promise<void> {
    // A worker about to want the budget (or more of it than its part) says so first, so that the
    // others make room for it; at most every REPLAN_MIN_MS, not only at the next beat.
    if ((this.held.size === 0 || this.held.size >= this.cap) && this.now() - this.lastBeat >= REPLAN_MIN_MS)
      await this.refreshPart();
    for (;;) {
      const taken = this.closed ? 0 : await this.tryMore(this.slotsWanted());
      this.lastGrowFound = taken > 0;
      if (this.closed || taken > 0 || !untilOne || this.held.size > 0) return;
      if (this.waitingForSlots() === 0) return; // nobody needs it any more
      await delay(this.retryInMs);
    }
  }

  /**
   * Requests that more slots would let go: those waiting for concurrency; and, while this worker holds
   * no slot, those the window holds too (its share is nothing until it has one).
   */
  private waitingForSlots(): number {
    return this.gate.snapshot().waiting + (this.held.size === 0 ? this.window.waiting : 0);
  }

  /** Slots for the requests waiting now (at least one), within this worker's part. */
  private slotsWanted(): number {
    const waiting = this.waitingForSlots();
    return Math.max(0, Math.min(this.cap - this.held.size, Math.max(1, Math.ceil(waiting / this.perSlot))));
  }

  /** Takes up to `wanted` free slots; how many it took. */
  private async tryMore(wanted: number): Promise<number> {
    let taken = 0;
    // Start at a random slot, so that workers starting together do not all queue for slot 0.
    const start = Math.floor(Math.random() * this.slots);
    for (let k = 0; k < this.slots && taken < wanted; k++) {
      const i = (start + k) % this.slots;
      if (this.held.has(i)) continue;
      let lease: Lease | undefined;
      try {
        lease = await this.o.leases.tryAcquire(`${this.o.name}/slot-${i}`);
      } catch (err) {
        this.logger.warn({ budget: this.o.name, err: errorMessage(err) }, 'budget slot store not reachable');
        return taken;
      }
      if (!lease) continue;
      if (this.closed) {
        await lease.release();
        return taken;
      }
      if (this.held.size === 0) await this.syncPause();
      this.hold(i, lease);
      taken++;
    }
    return taken;
  }

  /**
   * Says this worker wants the budget and how much, and learns its part: an equal part of the slots
   * among the live workers, or more by demand out of what the others' equal parts leave; and its part
   * of the window. Slots held beyond it are given back at once, for the workers that need them.
   */
  private async refreshPart(): Promise<void> {
    const presence = this.o.presence;
    if (!presence) return;
    this.lastBeat = this.now();
    const s = this.snapshot();
    const mine = Math.max(1, this.demand, s.active + s.waiting);
    this.demand = 0;
    try {
      const sent = this.window.usage.totals();
      await presence.board.beat(this.o.name, { workerId: presence.workerId, demand: mine, ...sent });
      const others = (await presence.board.workers(this.o.name, 3 * this.beatInMs + 1_000)).filter(
        (w) => w.workerId !== presence.workerId,
      );
      const total = others.reduce((n, w) => n + w.demand, mine);
      // Every live worker keeps an equal part however idle (no handover wait when its next item comes),
      // and a busy one may hold more, by demand, of what the others leave free.
      this.guaranteed = Math.floor(this.slots / (others.length + 1));
      // Never into the others' equal parts: a newcomer must find its part free.
      const byDemand = Math.min(Math.floor((this.slots * mine) / total), this.slots - this.guaranteed * others.length);
      this.cap = Math.min(this.o.maxSlotsPerWorker ?? this.slots, Math.max(1, this.guaranteed, byDemand));
      const othersSent = others.reduce(
        (t, w) => ({ requests: t.requests + w.requests, executionInMs: t.executionInMs + w.executionInMs }),
        { requests: 0, executionInMs: 0 },
      );
      this.window.plan(othersSent, mine / total);
      this.planned = true;
    } catch (err) {
      this.logger.warn({ budget: this.o.name, err: errorMessage(err) }, 'could not share budget presence');
      this.planned = false;
      this.applyShare();
      return;
    }
    await this.releaseDownTo(this.cap);
  }

  private hold(i: number, lease: Lease): void {
    this.held.set(i, lease);
    lease.signal.addEventListener(
      'abort',
      () => {
        if (this.held.get(i) !== lease) return; // released by us
        this.held.delete(i);
        this.logger.warn({ budget: this.o.name, slot: i }, 'budget slot lost');
        this.applyShare();
        if (this.held.size === 0 && this.waitingForSlots() > 0) void this.acquire(true);
      },
      { once: true },
    );
    this.applyShare();
  }

  private applyShare(): void {
    this.gate.setShare(this.held.size / this.slots, this.held.size * this.perSlot);
    // Without the others' figures, the window's share is the slots' (they never add up to more than all).
    if (!this.planned) this.window.setShare(this.held.size / this.slots);
  }

  /**
   * More slots when this worker's requests queue behind its concurrency (all its slots' requests in
   * flight), or it has none; never past its part.
   */
  private maybeGrow(): void {
    const s = this.gate.snapshot();
    if (this.waitingForSlots() === 0 || s.pausedUntil > this.now() || this.acquiring) return;
    // Right after a try that found slots, try again soon; after one that found none, wait.
    const spacing = this.lastGrowFound ? REPLAN_MIN_MS : this.retryInMs;
    if (this.now() - this.lastGrowAttempt < spacing) return;
    this.lastGrowAttempt = this.now();
    void this.acquire(false);
  }

  private async housekeeping(): Promise<void> {
    const s = this.snapshot();
    const idleFor = this.now() - this.lastUse;
    const idle = s.active === 0 && s.waiting === 0;
    if (this.held.size > 0 && idle && idleFor >= WARM_FOR_MS) {
      await this.releaseAll();
      return;
    }
    if (this.held.size > this.guaranteed && idle && idleFor >= this.idleReleaseInMs)
      await this.releaseDownTo(this.guaranteed);
    if (this.held.size > 0 && this.now() - this.lastPauseSync >= this.beatInMs) {
      await this.syncPause();
    }
    // A worker that used the budget lately is live: it says so, and keeps its equal part.
    const live = this.lastUse > 0 && idleFor < WARM_FOR_MS;
    if (live && this.now() - this.lastBeat >= this.beatInMs) await this.refreshPart();
    this.maybeGrow();
  }

  private async syncPause(): Promise<void> {
    if (!this.o.pauses) return;
    this.lastPauseSync = this.now();
    try {
      this.gate.pauseUntil(await this.o.pauses.read(this.o.name));
    } catch (err) {
      this.logger.warn({ budget: this.o.name, err: errorMessage(err) }, 'could not read the shared pause');
    }
  }

  private releaseAll(): Promise<void> {
    return this.releaseDownTo(0);
  }

  private async releaseDownTo(keep: number): Promise<void> {
    const excess = [...this.held.entries()].slice(Math.max(0, keep));
    if (!excess.length) return;
    for (const [i] of excess) this.held.delete(i);
    this.applyShare();
    await Promise.allSettled(excess.map(([, lease]) => lease.release()));
  }
}
