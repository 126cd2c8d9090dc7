/**
 * Alerts into Dataverse, once per cause: the causes whose Alert row (by its alert key) exists already
 * are not alerted again; each new one gets its Alert row, a Sync Job item, and an in-app notification
 * (appnotification) to each recipient, or one digest for the lot when many fire at once. The Alert row
 * and its own notification are one change set, so a cause is never notified without its row (which
 * would notify it again on the next run). Alert writes are bookkeeping: they do not count in the job's
 * created/updated figures.
 */
import { Choices, Tables } from '../../../solution/schema';
import type { DataverseApi } from '../../dataverse/api';
import { BatchedWriter } from '../../dataverse/batched-writer';
import { bind, createRow, type WriteIntent } from '../../dataverse/intents';
import { eq, inList } from '../../dataverse/odata';
import type { JobItem } from '../../jobs/types';
import { stableId } from '../ids';
import { plannedNotifications, type PlannedNotification } from './digest';
import type { AlertCause, AlertKindName } from './types';

const A = Tables.alert;
const N = Tables.appNotification;
const KEYS_PER_READ = 50;
/** [C] appnotification's default time to live: 14 days. */
const NOTIFICATION_TTL_IN_SECONDS = 1_209_600;

export const AlertErrorCodes = {
  CancellationWindowClosing: 'ALERT_CANCELLATION_WINDOW_CLOSING',
  RenewalWithoutAutoRenew: 'ALERT_RENEWAL_WITHOUT_AUTO_RENEW',
  UnmappedAccount: 'ALERT_UNMAPPED_ACCOUNT',
  UnmappedSku: 'ALERT_UNMAPPED_SKU',
  DistributorCostChange: 'ALERT_DISTRIBUTOR_COST_CHANGE',
  JobFailedTwice: 'ALERT_JOB_FAILED_TWICE',
  CredentialsExpiring: 'ALERT_CREDENTIALS_EXPIRING',
  /** Info item: the alert check itself could not run (the job's own work is not affected). */
  CheckFailed: 'ALERT_CHECK_FAILED',
} as const satisfies Record<AlertKindName | 'CheckFailed', string>;

export interface RaiseInput {
  providerId: string;
  providerName: string;
  /** System user ids to notify; none: Alert rows and job items only. */
  recipients: readonly string[];
  maxSingleNotifications: number;
  now: Date;
}

export interface RaiseOutcome {
  raised: number;
  alreadyAlerted: number;
  notifications: number;
  failed: number;
}

async function alertedKeys(dv: DataverseApi, providerId: string, keys: readonly string[], signal?: AbortSignal) {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += KEYS_PER_READ) {
    const filter = `${eq(A.val.provider, { guid: providerId })} and ${inList(A.col.alertKey, keys.slice(i, i + KEYS_PER_READ))}`;
    for (const r of await dv.all(A, { select: [A.col.alertKey], filter }, { signal }))
      out.add(String(r[A.col.alertKey]));
  }
  return out;
}

function alertRow(a: AlertCause, input: RaiseInput, inDigest: boolean): WriteIntent {
  return createRow(A, {
    values: {
      [A.col.id]: stableId('alert', a.key),
      [A.col.name]: a.title.slice(0, 400),
      [A.col.alertKey]: a.key,
      [A.col.kind]: Choices.alertKind[a.kind],
      [A.col.message]: a.message.slice(0, 4000),
      [A.col.recordType]: a.record?.type,
      [A.col.recordId]: a.record?.id,
      [A.col.recordName]: a.record?.name.slice(0, 400),
      [A.col.firedOn]: input.now.toISOString(),
      [A.col.recipients]: input.recipients.length,
      [A.col.inDigest]: inDigest,
    },
    // The Sync Job lookup is left empty: a job run from the command line has no row to point at, and the
    // job's item names the alert's cause already.
    lookups: { [A.col.provider]: bind(Tables.provider, input.providerId) },
  });
}

function notificationsOf(p: PlannedNotification, recipients: readonly string[]): WriteIntent[] {
  return recipients.map((userId) =>
    createRow(N, {
      values: {
        [N.col.title]: p.title,
        [N.col.body]: p.body,
        [N.col.iconType]: Choices.appNotificationIcon.Warning,
        [N.col.toastType]: p.digest ? Choices.appNotificationToast.Hidden : Choices.appNotificationToast.Timed,
        [N.col.priority]: Choices.appNotificationPriority.Normal,
        [N.col.ttlInSeconds]: NOTIFICATION_TTL_IN_SECONDS,
      },
      lookups: { [N.col.owner]: bind(Tables.systemUser, userId) },
    }),
  );
}

/** Where alerts are reported: the running job (its items), or nothing once a job has ended. */
export interface AlertSink {
  item(item: JobItem): void;
  readonly signal?: AbortSignal;
}

export async function raiseAlerts(
  dv: DataverseApi,
  ctx: AlertSink,
  causes: readonly AlertCause[],
  input: RaiseInput,
): Promise<RaiseOutcome> {
  const unique = [...new Map(causes.map((c) => [c.key, c])).values()];
  const alerted = await alertedKeys(
    dv,
    input.providerId,
    unique.map((c) => c.key),
    ctx.signal,
  );
  const fresh = unique.filter((c) => !alerted.has(c.key));
  const outcome: RaiseOutcome = {
    raised: 0,
    alreadyAlerted: unique.length - fresh.length,
    notifications: 0,
    failed: 0,
  };
  if (!fresh.length) return outcome;
  const planned = plannedNotifications(fresh, input.providerName, input.maxSingleNotifications);
  const digest = planned.find((p) => p.digest);
  const writer = new BatchedWriter<{ alert?: AlertCause; notifications: number }>(dv, {
    signal: ctx.signal,
    onResult: (r) => {
      if (!r.ok) return void outcome.failed++;
      outcome.notifications += r.tag.notifications;
      if (!r.tag.alert) return;
      outcome.raised++;
      const a = r.tag.alert;
      // Info: the alert itself (its row and notification) is what asks for a person; the item records
      // that this job raised it without turning a sync that did its work into one "with warnings".
      ctx.item({
        severity: 'Info',
        code: AlertErrorCodes[a.kind],
        message: a.message,
        ...(a.record ? { recordType: a.record.type, recordId: a.record.id, recordName: a.record.name } : {}),
      });
    },
  });
  for (const a of fresh) {
    const own = digest
      ? []
      : notificationsOf(
          planned.find((p) => p.alerts[0] === a)!,
          input.recipients,
        );
    await writer.add({
      intents: [alertRow(a, input, Boolean(digest)), ...own],
      tag: { alert: a, notifications: own.length },
    });
  }
  await writer.flush();
  if (digest && outcome.raised > 0 && input.recipients.length) {
    const intents = notificationsOf(digest, input.recipients);
    await writer.add({ intents, tag: { notifications: intents.length } });
    await writer.flush();
  }
  return outcome;
}
