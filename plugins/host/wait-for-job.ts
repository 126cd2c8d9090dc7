/**
 * Waiting for a job to reach a final status (tests, the demo, the CLI): woken by the runner's
 * "finished" event in this process, and polling the row every second for jobs another instance runs.
 */
import type { EventEmitter } from 'node:events';
import type { JobStore } from '../jobs/store';
import { FINAL_STATUSES, type JobRecord } from '../jobs/types';

export function jobWaiter(store: JobStore, events: EventEmitter) {
  return (jobId: string, timeoutInMs = 120_000): Promise<JobRecord> =>
    new Promise((resolve, reject) => {
      let done = false;
      const finish = (result: JobRecord | Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(poll);
        events.off('finished', onFinished);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const check = async () => {
        const job = await store.get(jobId).catch(() => undefined);
        if (job && FINAL_STATUSES.has(job.status)) finish(job);
      };
      const onFinished = (id: string) => {
        if (id === jobId) void check();
      };
      events.on('finished', onFinished);
      const poll = setInterval(() => void check(), 1000);
      const timer = setTimeout(
        () => finish(new Error(`Job ${jobId} did not finish within ${timeoutInMs} ms`)),
        timeoutInMs,
      );
      void check();
    });
}
