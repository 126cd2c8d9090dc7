/**
 * A shared budget's waits reach the wait metric: the time a request waited for its slot is recorded
 * under `reason: budget` and its target, and the request itself, its answer and the budget's other
 * duties are the inner budget's.
 */
import type { BudgetSnapshot, SharedBudget } from '../../../plugins/jobs/budget/types';
import { delay } from '../../../plugins/shared/abort';
import { MetricNames, TimedBudget } from '../../../plugins/telemetry';
import { memoryTelemetry } from './helpers/memory';

/** One slot: a second request waits for the first to finish. */
class OneSlotBudget implements SharedBudget {
  private tail: Promise<unknown> = Promise.resolve();
  readonly pauses: number[] = [];
  run<T>(fn: () => Promise<T>): Promise<T> {
    const mine = this.tail.then(fn);
    this.tail = mine.catch(() => undefined);
    return mine;
  }
  reportRetryAfter(delayInMs: number): void {
    this.pauses.push(delayInMs);
  }
  snapshot(): BudgetSnapshot {
    return { share: 1, concurrency: 1, active: 0, waiting: 0, pausedUntil: 0 };
  }
  async close(): Promise<void> {}
}

test('waits for a slot are measured by target; the answers and Retry-After reports pass through', async () => {
  const m = memoryTelemetry();
  const inner = new OneSlotBudget();
  const budget = new TimedBudget(inner, m.telemetry, 'distributor');
  const answers = await Promise.all([
    budget.run(async () => {
      await delay(60);
      return 'first';
    }),
    budget.run(async () => 'second'),
  ]);
  expect(answers).toEqual(['first', 'second']);
  budget.reportRetryAfter(2_000);
  expect(inner.pauses).toEqual([2_000]);

  const [point] = (await m.metrics())[MetricNames.waits];
  expect(point).toEqual({ attributes: { target: 'distributor', reason: 'budget' }, value: 2 });
});
