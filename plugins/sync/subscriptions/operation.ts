/**
 * Sync Subscriptions as a job, for a whole provider (nightly or from the provider) or for one billing
 * contract (only that contract's customer). Two ways to run it, with the same decisions and writes:
 * - as a split job (`split.ts`, when the service runs work items): planned into parts of a few
 *   customers each that any number of workers run through the queue;
 * - here, in one process (the embedded default, a direct call): the whole listing streamed
 *   (`whole.ts`). Either way memory stays flat however many subscriptions a provider has, and the
 *   final step (`final.ts`) does what needs every subscription seen.
 */
import type { OperationHandler, JobContext, OperationResult } from '../../jobs/types';
import type { SyncDeps } from '../deps';
import { syncSubscriptionsWhole } from './whole';

export { SubscriptionErrorCodes } from './setup';

export function syncSubscriptions(deps: SyncDeps, ctx: JobContext): Promise<OperationResult> {
  return syncSubscriptionsWhole(deps, ctx);
}

export function syncSubscriptionsOperation(deps: SyncDeps): OperationHandler {
  return (ctx) => syncSubscriptions(deps, ctx);
}
