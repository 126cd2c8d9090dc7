/**
 * A subscription Dataverse already holds: the distributor's facts follow the distributor, the tracked
 * columns follow the sync only while nobody edited them, and every quantity or status change gets its
 * License Change Log entry in the same change set. The update is conditional on the version read, so a
 * person saving the row in the meantime fails the change set instead of losing their edit.
 */
import { Tables } from '../../../../solution/schema';
import { holds, diff } from '../../../dataverse/diff';
import { bind, updateRow, type Changes } from '../../../dataverse/intents';
import type { DistributorSubscription } from '../../../providers/types';
import type { ExistingSubscription } from '../existing';
import { etagVersion, logEntryIntent, type LogEntryInput } from '../license-log';
import {
  LIVE,
  STATUS_VALUES,
  displayNameOf,
  productOf,
  type Decision,
  type DecisionInput,
  type SubscriptionChange,
} from './decision';
import { distributorFacts } from './facts';
import { fillMoney, followLookup, type UpdateDraft } from './hand-edits';

const S = Tables.subscription;

export function decideUpdate(input: DecisionInput, existing: ExistingSubscription): Decision {
  const { sub, account } = input;
  const product = productOf(input.product);
  const draft: UpdateDraft = {
    values: { ...distributorFacts(sub) },
    lookups: {
      [S.col.providerAccount]: bind(Tables.providerAccount, account.id),
      [S.col.customer]: account.accountId ? bind(Tables.account, account.accountId) : undefined,
    },
    synced: { ...existing.synced },
    items: [],
  };
  followLookup(draft, existing, account, 'productId', product?.id);
  followLookup(
    draft,
    existing,
    account,
    'billingContractId',
    input.contract.kind === 'default' ? input.contract.id : undefined,
  );
  fillMoney(draft, existing, account, 'unitPrice', product?.price, sub.unitPrice);
  fillMoney(draft, existing, account, 'unitCost', product?.cost, sub.unitCost);
  // Sync Description Always On: the name follows the distributor's description on every sync (that is
  // the setting's purpose); Always Off: the name was set on create and is left to people.
  if (account.syncDescriptionOn) {
    draft.values[S.col.name] = displayNameOf(sub);
    draft.synced.name = displayNameOf(sub);
  }
  const change = changeOf(existing, sub);
  const changes = diff(S, existing.row, draft);
  if (!changes)
    return {
      kind: 'unchanged',
      subscriptionId: existing.id,
      name: existing.name,
      intents: [],
      items: draft.items,
      change: { ...change, suspended: false, reactivated: false },
    };
  const name = String(draft.values[S.col.name] ?? existing.name);
  bookkeeping(changes, existing, draft, input.now);
  const logs = changeLog(existing, sub, change, name, input);
  return {
    kind: 'update',
    subscriptionId: existing.id,
    name,
    intents: [updateRow(S, existing.id, changes, { etag: existing.etag }), ...logs.map(logEntryIntent)],
    items: draft.items,
    change,
  };
}

function changeOf(existing: ExistingSubscription, sub: DistributorSubscription): SubscriptionChange {
  const statusTo = STATUS_VALUES[sub.status];
  return {
    quantityFrom: existing.quantity,
    quantityTo: sub.quantity,
    suspended: LIVE.has(existing.status) && !LIVE.has(statusTo),
    reactivated: !LIVE.has(existing.status) && LIVE.has(statusTo),
  };
}

/** When the sync last wrote, and what it wrote to the tracked columns (only when that changed). */
function bookkeeping(changes: Changes, existing: ExistingSubscription, draft: UpdateDraft, now: Date): void {
  changes.values[S.col.lastSyncedOn] = now.toISOString();
  const syncedJson = JSON.stringify(draft.synced);
  if (!holds(S, existing.row, S.col.syncedValues, syncedJson)) changes.values[S.col.syncedValues] = syncedJson;
}

/**
 * The log entries of a quantity and a status change. Their keys carry the version of the row they
 * change, so a retried change set rewrites the same entries and two real changes never share a key.
 */
function changeLog(
  existing: ExistingSubscription,
  sub: DistributorSubscription,
  change: SubscriptionChange,
  name: string,
  input: DecisionInput,
): LogEntryInput[] {
  const version = etagVersion(existing.etag);
  const base = {
    subscriptionId: existing.id,
    subscriptionName: name,
    jobId: input.jobId,
    effectiveDate: input.now.toISOString(),
  };
  const logs: LogEntryInput[] = [];
  if (existing.quantity !== sub.quantity)
    logs.push({
      ...base,
      changeType: sub.quantity > existing.quantity ? 'Increase' : 'Decrease',
      quantityDelta: sub.quantity - existing.quantity,
      quantityAfter: sub.quantity,
      changeKey: `${existing.id}:v${version}:quantity`,
    });
  if (change.suspended || change.reactivated)
    logs.push({
      ...base,
      changeType: change.suspended ? 'Suspend' : 'Reactivate',
      quantityDelta: 0,
      quantityAfter: sub.quantity,
      changeKey: `${existing.id}:v${version}:status`,
    });
  return logs;
}
