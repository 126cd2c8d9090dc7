/**
 * Jobs left Running by a worker that died. At start, a job Running under this worker's own id is from
 * this worker's previous life and is marked Failed (interrupted) at once; a job of any worker whose
 * heartbeat is older than `staleAfterInMs` is marked too. Either can simply be started again: syncs are
 * idempotent, so a rerun picks up where the data stands and writes no duplicates.
 */
import type { Logger } from '../shared/logger';
import { JobErrorCodes } from './runner';
import type { DataverseJobStore } from './store';
import type { JobRecord } from './types';

export const INTERRUPTED_SUMMARY =
  'Failed (interrupted): the service stopped while this job was running. Nothing was lost: start it again and it continues from where the data stands, without duplicates.';

export async function recoverInterruptedJobs(
  store: DataverseJobStore,
  options: {
    /** At start: this worker's id, whose Running jobs are from its previous life. Omit when polling. */
    ownWorkerId?: string;
    staleAfterInMs: number;
    now?: () => Date;
    logger: Logger;
    skip?: (jobId: string) => boolean;
  },
): Promise<JobRecord[]> {
  const now = (options.now ?? (() => new Date()))().getTime();
  const interrupted: JobRecord[] = [];
  for (const job of await store.findRunning()) {
    if (options.skip?.(job.id)) continue;
    const heartbeat = Date.parse(job.heartbeatOn ?? job.startedOn ?? '') || 0;
    const mine = options.ownWorkerId !== undefined && job.workerId === options.ownWorkerId;
    if (!mine && now - heartbeat < options.staleAfterInMs) continue;
    await store.finish(job.id, {
      status: 'Failed',
      summary: INTERRUPTED_SUMMARY,
      counts: { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
      warnings: 0,
      errorCode: JobErrorCodes.Interrupted,
    });
    options.logger.warn({ jobId: job.id, workerId: job.workerId }, 'marked interrupted job as failed');
    interrupted.push(job);
  }
  return interrupted;
}
