/** The operations that split into work items (`jobs/split.ts`), by operation name, for the item runner. */
import type { SplitOperation } from '../jobs/split';
import type { OperationName } from '../jobs/types';
import type { SyncDeps } from './deps';
import { accountSplit } from './accounts/split';
import { subscriptionSplit } from './subscriptions/split';

export function buildSplits(deps: SyncDeps): Partial<Record<OperationName, SplitOperation>> {
  return {
    SyncSubscriptions: subscriptionSplit(deps, deps.items),
    SyncProviderAccounts: accountSplit(deps, deps.items),
  };
}
