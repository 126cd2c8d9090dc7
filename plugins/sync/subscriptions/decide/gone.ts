/**
 * A subscription that is no longer listed at the distributor: marked Removed At Provider (kept, never
 * deleted); a live one is also Suspended, with a Suspend entry in the License Change Log.
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
  // A live subscription is suspended; one already Cancelled, Expired or Suspended keeps its status (a
  // cancelled subscription is not "suspended" by disappearing) and is only marked removed.
  const values = {
    [S.col.subscriptionStatus]: live ? Choices.subscriptionStatus.Suspended : undefined,
    [S.col.removedAtProvider]: true,
    [S.col.lastSyncedOn]: nowIso,
  };
  const update = updateRow(S, existing.id, { values }, { etag: existing.etag });
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
