/**
 * A subscription that is no longer listed at the distributor: Suspended and marked Removed At
 * Provider (kept, never deleted), with a Suspend entry in the License Change Log when it was live.
 * Only a complete, clean listing may say a subscription is gone (the operation decides that).
 */
import { Choices, Tables } from '../../../../solution/schema';
import { updateRow } from '../../../dataverse/intents';
import type { ExistingSubscription } from '../existing';
import { etagVersion, logEntryIntent } from '../license-log';
import { LIVE, type Decision } from './decision';

const S = Tables.subscription;

export function decideGone(existing: ExistingSubscription, jobId: string | undefined, now: Date): Decision | undefined {
  const live = LIVE.has(existing.status);
  if (existing.removed && !live) return undefined;
  const nowIso = now.toISOString();
  const update = updateRow(
    S,
    existing.id,
    {
      values: {
        [S.col.subscriptionStatus]: Choices.subscriptionStatus.Suspended,
        [S.col.removedAtProvider]: true,
        [S.col.lastSyncedOn]: nowIso,
      },
    },
    { etag: existing.etag },
  );
  const suspend = logEntryIntent({
    subscriptionId: existing.id,
    subscriptionName: existing.name,
    changeType: 'Suspend',
    quantityDelta: 0,
    quantityAfter: existing.quantity,
    changeKey: `${existing.id}:v${etagVersion(existing.etag)}:gone`,
    jobId,
    effectiveDate: nowIso,
  });
  return {
    kind: 'update',
    subscriptionId: existing.id,
    name: existing.name,
    intents: live ? [update, suspend] : [update],
    items: [],
    change: { quantityFrom: existing.quantity, quantityTo: existing.quantity, suspended: live, reactivated: false },
  };
}
