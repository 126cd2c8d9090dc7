/**
 * The one write loop of the sync engine: a stream of write units in (a subscription and its License
 * Change Log entries, a provider account, a product mapping, a migration pair), batched change sets
 * out, each unit's result handed back as its batch answers. Memory stays flat however many units a
 * job writes: units are buffered only up to `flushAtOperations`.
 */
import type { DataverseApi, WriteResult, WriteUnit, WriteUnitsOptions } from './api';

export interface BatchedWriterOptions<T> extends WriteUnitsOptions {
  /** Operations buffered before a flush. Default 4,000: four $batch requests of 1,000 in flight. */
  flushAtOperations?: number;
  /** Each unit's result, as soon as its batch has answered. */
  onResult: (result: WriteResult<T>) => void;
  /**
   * Runs before every flush. A job that may no longer write (its lease was taken, or it was
   * cancelled) throws here, so nothing more is sent.
   */
  beforeFlush?: () => Promise<void>;
}

export interface WriterTotals {
  units: number;
  operations: number;
  failedUnits: number;
  /** Operations of the units that succeeded. */
  writtenOperations: number;
}

export class BatchedWriter<T> {
  private pending: WriteUnit<T>[] = [];
  private pendingOperations = 0;
  private readonly counts: WriterTotals = { units: 0, operations: 0, failedUnits: 0, writtenOperations: 0 };

  constructor(
    private readonly api: DataverseApi,
    private readonly options: BatchedWriterOptions<T>,
  ) {}

  /** Queues a unit (a unit with no intents is nothing to write); flushes once enough are waiting. */
  async add(unit: WriteUnit<T>): Promise<void> {
    if (!unit.intents.length) return;
    this.pending.push(unit);
    this.pendingOperations += unit.intents.length;
    if (this.pendingOperations >= (this.options.flushAtOperations ?? 4000)) await this.flush();
  }

  /** Writes everything queued and reports each unit's result. */
  async flush(): Promise<void> {
    if (!this.pending.length) return;
    await this.options.beforeFlush?.();
    const units = this.pending;
    this.pending = [];
    this.pendingOperations = 0;
    // Results come back in the order the units went in.
    const results = await this.api.writeUnits(units, this.options);
    results.forEach((r, i) => {
      this.count(r.ok, units[i].intents.length);
      this.options.onResult(r);
    });
  }

  totals(): WriterTotals {
    return { ...this.counts };
  }

  private count(ok: boolean, operations: number): void {
    this.counts.units++;
    this.counts.operations += operations;
    if (ok) this.counts.writtenOperations += operations;
    else this.counts.failedUnits++;
  }
}
