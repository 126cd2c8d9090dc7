/**
 * A shared budget whose waits are measured: the time from asking for a slot to getting it goes to the
 * wait metric (`reason: budget`), so an operator can tell a job slowed by the budget (other workers,
 * a Retry-After pause) from one slowed by the target itself. Everything else is the inner budget's.
 */
import type { BudgetSnapshot, SharedBudget } from '../jobs/budget/types';
import type { Telemetry } from './types';

export class TimedBudget implements SharedBudget {
  constructor(
    private readonly inner: SharedBudget,
    private readonly telemetry: Telemetry,
    /** What the budget guards: `dataverse` or `distributor`. */
    private readonly target: string,
  ) {}

  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const askedAt = Date.now();
    return this.inner.run(() => {
      this.telemetry.waited({ target: this.target, reason: 'budget', waitInMs: Date.now() - askedAt });
      return fn();
    }, signal);
  }

  reportRetryAfter(delayInMs: number): void {
    this.inner.reportRetryAfter(delayInMs);
  }

  snapshot(): BudgetSnapshot {
    return this.inner.snapshot();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
