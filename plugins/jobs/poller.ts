/**
 * Rescues jobs whose webhook never arrived (Dataverse retries a failed webhook call only once, and
 * only on 502/503/504), and jobs whose worker died. Runs every `intervalInMs`; a Queued job gets
 * `webhookGraceInMs` to arrive through its webhook first.
 */
import type { Logger } from '../shared/logger';
import type { JobSink } from './queue';
import { recoverInterruptedJobs } from './recovery';
import type { JobStore } from './store';

export interface JobPollerOptions {
  store: JobStore;
  queue: JobSink;
  logger: Logger;
  intervalInMs?: number;
  webhookGraceInMs?: number;
  staleAfterInMs?: number;
  /** Jobs this process is running now (never "stale" to itself). */
  isRunningHere: (jobId: string) => boolean;
  /** The clock (tests pass a fake one). */
  now?: () => Date;
}

export class JobPoller {
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly options: JobPollerOptions) {}

  start(): void {
    const interval = this.options.intervalInMs ?? 30_000;
    this.timer = setInterval(() => void this.pollOnce(), interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One round; returns the ids it queued. */
  async pollOnce(): Promise<string[]> {
    if (this.busy) return [];
    this.busy = true;
    const { store, queue, logger } = this.options;
    try {
      await recoverInterruptedJobs(store, {
        staleAfterInMs: this.options.staleAfterInMs ?? 120_000,
        logger,
        skip: this.options.isRunningHere,
        now: this.options.now,
      });
      const now = (this.options.now ?? (() => new Date()))();
      const before = new Date(now.getTime() - (this.options.webhookGraceInMs ?? 20_000));
      const queued = await store.findQueued(before);
      for (const job of queued) {
        logger.info({ jobId: job.id }, 'picking up a queued job whose webhook did not arrive');
        await queue.enqueue(job.id);
      }
      return queued.map((j) => j.id);
    } catch (err) {
      logger.warn({ err }, 'job poll failed');
      return [];
    } finally {
      this.busy = false;
    }
  }
}
