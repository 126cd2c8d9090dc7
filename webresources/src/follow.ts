/**
 * Following a job until it ends: read it after 1 s, then wait 1.5 times longer each time up to 5 s, so
 * a quick Verify Connectivity answers within a second or two while a long subscription sync costs one
 * read every 5 s. After the timeout the command stops watching; the job does not stop.
 */
import type { CommandDeps, PollPolicy } from './deps';
import { isFinal, readJob, type JobSnapshot } from './jobs';

export type FollowResult =
  | { readonly kind: 'final'; readonly job: JobSnapshot }
  | { readonly kind: 'timeout'; readonly job?: JobSnapshot }
  | { readonly kind: 'lost'; readonly reason: string };

/** Xrm.WebApi rejects with `{ errorCode, message }`, not an Error; both carry a message. */
export function reasonOf(error: unknown): string {
  const message =
    error && typeof error === 'object' && 'message' in error ? (error as { message: unknown }).message : undefined;
  return typeof message === 'string' && message ? message : String(error);
}

export async function followJob(
  deps: CommandDeps,
  jobId: string,
  policy: PollPolicy,
  onUpdate: (job: JobSnapshot) => void,
): Promise<FollowResult> {
  const startedAt = deps.now();
  let delayInMs = policy.initialDelayInMs;
  let failures = 0;
  let last: JobSnapshot | undefined;
  for (;;) {
    const remainingInMs = policy.timeoutInMs - (deps.now() - startedAt);
    if (remainingInMs <= 0) return { kind: 'timeout', ...(last ? { job: last } : {}) };
    // The last wait is cut short so that the final read happens at the deadline, not after it.
    await deps.sleep(Math.min(delayInMs, remainingInMs));
    delayInMs = Math.min(policy.maxDelayInMs, delayInMs * policy.growthFactor);
    try {
      last = await readJob(deps.xrm, jobId);
      failures = 0;
    } catch (error) {
      failures++;
      if (failures >= policy.maxConsecutiveFailures) return { kind: 'lost', reason: reasonOf(error) };
      continue;
    }
    onUpdate(last);
    if (isFinal(last.status)) return { kind: 'final', job: last };
  }
}
