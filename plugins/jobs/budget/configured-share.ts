/**
 * The simplest shared budget: no coordination at all. Each of `workers` processes takes
 * floor(limit / workers) of every limit and never more, so the total stays under the limit however
 * the work is spread. What it costs: a worker with nothing to do leaves its share unused, and the
 * worker count must be configured (and lowered before scaling out, raised after scaling in).
 * docs/scale-out.md compares it with the slot-lease budget.
 */
import { LocalGate } from './local-gate';
import { BudgetMessages } from '../distributed-strings';
import type { BudgetLimits, BudgetSnapshot, SharedBudget } from './types';

export class ConfiguredShareBudget implements SharedBudget {
  private readonly gate: LocalGate;
  private readonly now: () => number;

  constructor(limits: BudgetLimits, workers: number, now: () => number = Date.now) {
    this.now = now;
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(BudgetMessages.badWorkers(workers));
    const concurrency = Math.max(1, Math.floor(limits.maxConcurrentRequests / workers));
    this.gate = new LocalGate({ limits, share: 1 / workers, concurrency, now });
  }

  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.gate.run(fn, signal);
  }

  /** A pause holds for this worker only: with no shared store, the others learn from their own 429s. */
  reportRetryAfter(delayInMs: number): void {
    this.gate.pauseUntil(this.now() + Math.max(0, delayInMs));
  }

  snapshot(): BudgetSnapshot {
    return this.gate.snapshot();
  }

  async close(): Promise<void> {
    // nothing held
  }
}
