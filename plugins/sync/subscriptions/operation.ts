/**
 * Sync Subscriptions as a job, for a whole provider (nightly or from the provider) or for one billing
 * contract (only that contract's customer). The job is planned into parts of a few customers each
 * (`split.ts`): through the queue, any number of workers run the parts; called directly (here), this
 * process runs them a few at a time. Either way each part streams its customers' subscriptions,
 * decides each one against Dataverse and writes change sets in $batch requests as it goes, so memory
 * stays flat however many subscriptions a provider has; the final step does what needs every part.
 */
import type { JobContext, OperationHandler, OperationResult } from '../../jobs/types';
import { runSplitInline } from '../../jobs/split';
import type { SyncDeps } from '../deps';
import { subscriptionSplit } from './split';

export { SubscriptionErrorCodes } from './setup';

export async function syncSubscriptions(deps: SyncDeps, ctx: JobContext): Promise<OperationResult> {
  return runSplitInline(subscriptionSplit(deps, deps.items), ctx, {
    concurrency: deps.items?.concurrency ?? 8,
    progress: { from: 15, to: 85, message: (done, total) => `${done} of ${total} parts of the customers done` },
  });
}

export function syncSubscriptionsOperation(deps: SyncDeps): OperationHandler {
  return (ctx) => syncSubscriptions(deps, ctx);
}
