/**
 * Jobs left Running by a worker that died. At start, a job Running under this worker's own id is from
 * this worker's previous life and is marked Failed (interrupted) at once; a job of any worker whose
 * heartbeat is older than `staleAfterInMs` is marked too. Either can simply be started again: syncs are
 * idempotent, so a rerun picks up where the data stands and writes no duplicates.
 *
 * The mark is conditional on the row version read: a heartbeat that lands in between wins, and the
 * job stays Running (its worker was slow, not dead).
 */
import type { Logger } from '../shared/logger';
import { JobErrorCodes } from './errors';
import type { JobStore } from './store';
import { zeroCounts } from './tally';
import type { JobRecord } from './types';

export const INTERRUPTED_SUMMARY =
  'Failed (interrupted): the service stopped while this job was running. Start it again: it continues from where the data stands, without duplicates (what it wrote before it stopped is kept).';

export interface RecoveryOptions {
  /** At start: this worker's id, whose Running jobs are from its previous life. Omit when polling. */
  ownWorkerId?: string;
  staleAfterInMs: number;
  now?: () => Date;
  logger: Logger;
  skip?: (jobId: string) => boolean;
}

function isInterrupted(job: JobRecord, options: RecoveryOptions, nowInMs: number): boolean {
  if (options.skip?.(job.id)) return false;
  if (options.ownWorkerId !== undefined && job.workerId === options.ownWorkerId) return true;
  const heartbeat = Date.parse(job.heartbeatOn ?? job.startedOn ?? '') || 0;
  return nowInMs - heartbeat >= options.staleAfterInMs;
}

export async function recoverInterruptedJobs(store: JobStore, options: RecoveryOptions): Promise<JobRecord[]> {
  const nowInMs = (options.now ?? (() => new Date()))().getTime();
  const interrupted: JobRecord[] = [];
  for (const job of await store.findRunning()) {
    if (!isInterrupted(job, options, nowInMs)) continue;
    const marked = await store.finish(job, {
      status: 'Failed',
      summary: INTERRUPTED_SUMMARY,
      counts: zeroCounts(),
      warnings: 0,
      errorCode: JobErrorCodes.Interrupted,
    });
    if (!marked) {
      options.logger.info({ jobId: job.id }, 'job moved on while being marked interrupted; left running');
      continue;
    }
    options.logger.warn({ jobId: job.id, workerId: job.workerId }, 'marked interrupted job as failed');
    interrupted.push(job);
  }
  return interrupted;
}
