/**
 * License Change Log entries written by the sync: one for every create, quantity change, suspension and
 * reactivation (source Provider Sync, provisioning status Not Applicable, since the change happened at
 * the provider). Each entry has a deterministic change key and id: a change set that is retried after a
 * crash can never write the same entry twice, and two real changes never share a key, because each
 * starts from a different row version of the subscription.
 */
import { Choices, Tables } from '../../../solution/schema';
import { bind, createRow, type WriteIntent } from '../../dataverse/intents';
import { stableId } from '../ids';

const L = Tables.licenseChangeLog;

export type ChangeTypeName = keyof typeof CHANGE_TYPES;
const CHANGE_TYPES = {
  Create: Choices.changeType.Create,
  Increase: Choices.changeType.Increase,
  Decrease: Choices.changeType.Decrease,
  Suspend: Choices.changeType.Suspend,
  Reactivate: Choices.changeType.Reactivate,
  PriceChange: Choices.changeType.PriceChange,
} as const;

export interface LogEntryInput {
  subscriptionId: string;
  subscriptionName: string;
  changeType: ChangeTypeName;
  quantityDelta: number;
  quantityAfter: number;
  changeKey: string;
  jobId?: string;
  effectiveDate: string;
  unitPrice?: number;
  source?: 'ProviderSync' | 'Manual' | 'Migration';
}

/** The create of one entry; its id follows from its change key, so a retried change set cannot write it twice. */
export function logEntryIntent(e: LogEntryInput): WriteIntent {
  const label = Choices.changeType.label(CHANGE_TYPES[e.changeType]);
  const sign = e.quantityDelta > 0 ? '+' : '';
  return createRow(L, {
    values: {
      [L.col.id]: stableId('lcl', e.changeKey),
      [L.col.name]: `${label}${e.quantityDelta ? ` ${sign}${e.quantityDelta}` : ''}: ${e.subscriptionName}`.slice(
        0,
        400,
      ),
      [L.col.changeType]: CHANGE_TYPES[e.changeType],
      [L.col.quantityDelta]: e.quantityDelta,
      [L.col.quantityAfter]: e.quantityAfter,
      [L.col.effectiveDate]: e.effectiveDate,
      [L.col.provisioningStatus]: Choices.provisioningStatus.NotApplicable,
      [L.col.source]: Choices.changeSource[e.source ?? 'ProviderSync'],
      [L.col.changeKey]: e.changeKey.slice(0, 300),
      [L.col.unitPrice]: e.unitPrice,
    },
    lookups: {
      [L.col.subscription]: bind(Tables.subscription, e.subscriptionId),
      [L.col.syncJob]: e.jobId ? bind(Tables.syncJob, e.jobId) : undefined,
    },
  });
}

/** The number inside a weak etag (`W/"12345"` -> `12345`). */
export function etagVersion(etag: string): string {
  return /(\d+)/.exec(etag)?.[1] ?? etag;
}
