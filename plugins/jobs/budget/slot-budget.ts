/**
 * A budget shared by many worker processes through leases: the budget is cut into N slots (default
 * 12), each a lease (`<name>/slot-<i>`) that at most one worker holds. A worker's share of the budget
 * is the slots it holds: slots x (concurrency / N) requests in flight, and slots / N of the request
 * and execution-time allowance per window, enforced by its LocalGate. Since a slot has one holder at
 * a time, the workers' shares never add up to more than the whole, however many workers there are.
 *
 * A worker takes its first slot when it first needs one (waiting, if all are taken, until one frees),
 * takes more whenever its gate is saturated and requests wait (as many as its waiting requests need,
 * at once), and gives them all back after `idleReleaseInMs` without a request. A dead worker's slots
 * lapse with their leases (15 to 60 s).
 *
 * Fair parts: with a PresenceBoard, a worker that wants the budget says so every couple of seconds,
 * with its demand (the most requests it had in flight or waiting meanwhile), and holds at most its
 * part of the slots (in proportion to its demand among the workers that want the budget, at least
 * one), giving back what it holds beyond that. Without it the first busy worker took every slot and kept them while it
 * stayed busy, and the others waited: four workers ran a job 2-4 times slower than one.
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
  /** Wait between tries when no slot is free, and at least between two tries for one more. Default 1 s. */
  acquireRetryInMs?: number;
  /** How often a worker holding slots reads the shared pause. Default 2 s. */
  pauseSyncIntervalInMs?: number;
  logger?: Logger;
  now?: () => number;
}

export class SlotLeaseBudget implements SharedBudget {
  private readonly gate: LocalGate;
  private readonly held = new Map<number, Lease>();
  private readonly slots: number;
  private readonly perSlot: number;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;
  private acquiring?: Promise<void>;
  private lastUse = 0;
  private lastGrowAttempt = 0;
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
    this.gate = new LocalGate({ limits: o.limits, share: 0, concurrency: 0, now: this.now });
    const tick = Math.min(o.pauseSyncIntervalInMs ?? 2_000, (o.idleReleaseInMs ?? 5_000) / 2);
    this.timer = setInterval(() => void this.housekeeping(), tick);
    this.timer.unref();
  }

  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.closed)
      return Promise.reject(new W365Error(DistributedErrorCodes.BudgetUnavailable, BudgetMessages.closed));
    this.lastUse = this.now();
    const s = this.gate.snapshot();
    this.demand = Math.max(this.demand, s.active + s.waiting + 1);
    const result = this.gate.run(async () => {
      try {
        return await fn();
      } finally {
        this.lastUse = this.now();
      }
    }, signal);
    if (this.held.size === 0) void this.acquire(true);
    else this.maybeGrow();
    return result;
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
    return { ...this.gate.snapshot(), slots: this.held.size };
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
    // A worker about to want the budget says so first, so that the others make room for it.
    if (this.held.size === 0) await this.refreshPart();
    for (;;) {
      if (this.closed || (await this.tryMore(this.slotsWanted())) > 0 || !untilOne || this.held.size > 0) return;
      if (this.gate.snapshot().waiting === 0) return; // nobody needs it any more
      await delay(this.o.acquireRetryInMs ?? 1_000);
    }
  }

  /** Slots for the requests waiting now (at least one), within this worker's part. */
  private slotsWanted(): number {
    const waiting = this.gate.snapshot().waiting;
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
   * Says this worker wants the budget and how much, and learns its fair part: the slots in proportion
   * to its demand among the workers that want the budget (at least one). Slots held beyond it are
   * given back at once, for the workers that need them.
   */
  private async refreshPart(): Promise<void> {
    const presence = this.o.presence;
    if (!presence) return;
    const interval = this.o.pauseSyncIntervalInMs ?? 2_000;
    this.lastBeat = this.now();
    const s = this.gate.snapshot();
    const mine = Math.max(1, this.demand, s.active + s.waiting);
    this.demand = 0;
    try {
      await presence.board.beat(this.o.name, presence.workerId, mine);
      const all = await presence.board.demands(this.o.name, 3 * interval + 1_000);
      const total = Math.max(
        mine,
        all.reduce((n, d) => n + d, 0),
      );
      const part = Math.max(1, Math.floor((this.slots * mine) / total));
      this.cap = Math.min(this.o.maxSlotsPerWorker ?? this.slots, part);
    } catch (err) {
      this.logger.warn({ budget: this.o.name, err: errorMessage(err) }, 'could not share budget presence');
      return;
    }
    const excess = [...this.held.entries()].slice(this.cap);
    for (const [i] of excess) this.held.delete(i);
    if (excess.length) this.applyShare();
    await Promise.allSettled(excess.map(([, lease]) => lease.release()));
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
        if (this.held.size === 0 && this.gate.snapshot().waiting > 0) void this.acquire(true);
      },
      { once: true },
    );
    this.applyShare();
  }

  private applyShare(): void {
    this.gate.setShare(this.held.size / this.slots, this.held.size * this.perSlot);
  }

  /**
   * One more slot when this worker's requests queue behind its own share: all its requests in flight,
   * or its share of the window's requests spent (a worker on one slot has 1/12 of the window).
   */
  private maybeGrow(): void {
    const s = this.gate.snapshot();
    if (s.waiting === 0 || s.pausedUntil > this.now() || this.acquiring || this.held.size >= this.cap) return;
    if (this.now() - this.lastGrowAttempt < (this.o.acquireRetryInMs ?? 1_000)) return;
    this.lastGrowAttempt = this.now();
    void this.acquire(false);
  }

  private async housekeeping(): Promise<void> {
    const s = this.gate.snapshot();
    const idleFor = this.now() - this.lastUse;
    if (this.held.size > 0 && s.active === 0 && s.waiting === 0 && idleFor >= (this.o.idleReleaseInMs ?? 5_000)) {
      await this.releaseAll();
      return;
    }
    const interval = this.o.pauseSyncIntervalInMs ?? 2_000;
    if (this.held.size > 0 && this.now() - this.lastPauseSync >= interval) {
      await this.syncPause();
    }
    const wanted = s.active > 0 || s.waiting > 0 || idleFor < interval;
    if (wanted && this.now() - this.lastBeat >= interval) await this.refreshPart();
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

  private async releaseAll(): Promise<void> {
    const leases = [...this.held.values()];
    this.held.clear();
    this.applyShare();
    await Promise.allSettled(leases.map((l) => l.release()));
  }
}
