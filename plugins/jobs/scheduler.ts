/**
 * The nightly run: at the configured cron time in the configured time zone (default 02:00 UTC), one
 * Sync Subscriptions job (trigger Scheduled) for every active provider of type Automatic. Where the
 * environment sets the schedule in Dynamics (environment variables), that wins; it is read at start and
 * at each run, and a change reschedules the next run.
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
  /** The schedule as the environment sets it (either part undefined: keep `cron` / `timeZone`). */
  settings?: () => Promise<{ cron?: string; timeZone?: string }>;
}

export class NightlyScheduler {
  private job?: Cron;
  private last?: NightlyRun;

  private schedule: { cron: string; timeZone: string };

  constructor(private readonly options: NightlySchedulerOptions) {
    this.schedule = { cron: options.cron, timeZone: options.timeZone };
  }

  start(): void {
    this.plan(this.schedule);
    void this.refresh();
  }

  /** Throws (keeping the current plan) when the cron expression or the time zone is not valid. */
  private plan(schedule: { cron: string; timeZone: string }): void {
    const job = new Cron(schedule.cron, { timezone: schedule.timeZone, protect: true }, () => void this.tick());
    this.job?.stop();
    this.job = job;
    this.schedule = schedule;
  }

  /** Re-reads the environment's schedule; a bad or unreadable one keeps the current (and is logged). */
  private async refresh(): Promise<void> {
    if (!this.options.settings || !this.job) return;
    try {
      const s = await this.options.settings();
      if (!this.job) return; // stopped while reading
      const next = { cron: s.cron ?? this.options.cron, timeZone: s.timeZone ?? this.options.timeZone };
      if (next.cron !== this.schedule.cron || next.timeZone !== this.schedule.timeZone) {
        this.plan(next);
        this.options.logger.info({ schedule: next }, 'nightly schedule changed');
      }
    } catch (err) {
      this.options.logger.warn({ err }, 'nightly schedule could not be read; keeping the current one');
    }
  }

  private async tick(): Promise<void> {
    await this.runNow();
    await this.refresh();
  }

  stop(): void {
    this.job?.stop();
    this.job = undefined;
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
