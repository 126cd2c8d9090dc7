/**
 * The nightly run: at the configured cron time in the configured time zone (default 02:00 UTC), one
 * Sync Subscriptions job (trigger Scheduled) for every active provider of type Automatic.
 */
import { Cron } from 'croner';
import { Choices, Tables } from '../../solution/schema';
import type { DataverseApi } from '../dataverse/api';
import { eq } from '../dataverse/odata';
import { errorMessage } from '../../common/errors';
import type { Logger } from '../shared/logger';
import type { JobQueue } from './queue';
import type { JobStore } from './store';

export interface NightlyRun {
  at: string;
  jobIds: string[];
  error?: string;
}

export interface NightlySchedulerOptions {
  cron: string;
  timeZone: string;
  dv: DataverseApi;
  store: JobStore;
  queue: JobQueue;
  logger: Logger;
}

export class NightlyScheduler {
  private job?: Cron;
  private last?: NightlyRun;

  constructor(private readonly options: NightlySchedulerOptions) {}

  start(): void {
    this.job = new Cron(
      this.options.cron,
      { timezone: this.options.timeZone, protect: true },
      () => void this.runNow(),
    );
  }

  stop(): void {
    this.job?.stop();
  }

  lastRun(): NightlyRun | undefined {
    return this.last;
  }

  nextRun(): Date | null {
    return this.job?.nextRun() ?? null;
  }

  /** Queues the nightly jobs now (also what the cron tick does). */
  async runNow(): Promise<NightlyRun> {
    const P = Tables.provider;
    const at = new Date().toISOString();
    const jobIds: string[] = [];
    try {
      const providers = await this.options.dv.all(P, {
        select: [P.col.id, P.col.name],
        filter: `${eq(P.col.providerType, Choices.providerType.Automatic)} and ${eq(P.col.stateCode, 0)}`,
      });
      for (const p of providers) {
        const id = await this.options.store.createJob({
          name: `Nightly subscription sync: ${String(p[P.col.name])}`,
          operation: 'SyncSubscriptions',
          providerId: String(p[P.col.id]),
          trigger: 'Scheduled',
        });
        jobIds.push(id);
        await this.options.queue.enqueue(id);
      }
      this.last = { at, jobIds };
      this.options.logger.info({ jobs: jobIds.length }, 'nightly sync queued');
    } catch (err) {
      this.last = { at, jobIds, error: errorMessage(err) };
      this.options.logger.error({ err }, 'nightly sync could not be queued');
    }
    return this.last;
  }
}
