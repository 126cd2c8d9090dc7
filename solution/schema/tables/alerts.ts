/**
 * Alerts (issue 17): one row per cause that needed a person (a cancellation window closing after a
 * seat increase, a renewal that will not auto-renew, an unmapped account or SKU, a distributor cost
 * change, a job that failed twice in a row, credentials about to expire). The alert key (an alternate
 * key, derived from the cause, never from when it was seen) is what makes an alert fire once: the
 * service writes the row and its in-app notifications together, and a cause whose row exists is not
 * alerted again. Never deleted.
 */
import { col, customLookup, defineChoice, defineTable, optionValue as v } from '../define';

/** What an alert is about; plugins/sync/alerts/README.md has each cause's rule. */
export const alertKind = defineChoice('w365_alertkind', 'Alert Kind', {
  CancellationWindowClosing: [v(0), 'Cancellation Window Closing'],
  RenewalWithoutAutoRenew: [v(1), 'Renewal Without Auto-Renew'],
  UnmappedAccount: [v(2), 'Unmapped Account'],
  UnmappedSku: [v(3), 'Unmapped SKU'],
  DistributorCostChange: [v(4), 'Distributor Cost Change'],
  JobFailedTwice: [v(5), 'Job Failed Twice'],
  CredentialsExpiring: [v(6), 'Credentials Expiring'],
});

export const alert = defineTable({
  logicalName: 'w365_alert',
  entitySetName: 'w365_alerts',
  displayName: 'Alert',
  pluralDisplayName: 'Alerts',
  description: 'One exception that needed a person, alerted once (in-app notification and Sync Job item).',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 400, { required: 'required' }),
    alertKey: col.string('w365_alertkey', 'Alert Key', 300, {
      required: 'required',
      description: 'What the alert is about (never when it was seen): the same cause is never alerted twice.',
    }),
    kind: col.choice('w365_alertkind', 'Alert Kind', alertKind, { required: 'required' }),
    provider: customLookup('w365_providerid', 'w365_ProviderId', 'Provider', 'w365_provider', 'w365_provider_alert'),
    syncJob: customLookup('w365_syncjobid', 'w365_SyncJobId', 'Sync Job', 'w365_syncjob', 'w365_syncjob_alert'),
    message: col.memo('w365_message', 'Message', 4000),
    recordType: col.string('w365_recordtype', 'Record Type', 100),
    recordId: col.string('w365_recordid', 'Record Id', 200),
    recordName: col.string('w365_recordname', 'Record Name', 400),
    firedOn: col.datetime('w365_firedon', 'Fired On'),
    recipients: col.integer('w365_recipients', 'Recipients Notified', { min: 0 }),
    inDigest: col.boolean('w365_indigest', 'In a Digest', {
      description: 'Notified as part of one digest notification, because many alerts fired at once.',
    }),
  },
  keys: [{ logicalName: 'w365_alert_alertkey', displayName: 'Alert Key', columns: ['alertKey'] }],
});
