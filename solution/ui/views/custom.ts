/**
 * The working views of product.md: the lists a person opens to find what needs doing.
 */
import { Choices, Tables } from '../../schema';
import type { ViewDef } from '../types';
import { gridColumns } from './defaults';

const pa = Tables.providerAccount.col;
const s = Tables.subscription.col;
const j = Tables.syncJob.col;
const l = Tables.licenseChangeLog.col;

/** Accounts still at the distributor that no one has mapped or excluded yet. */
export const unmappedProviderAccounts: ViewDef = {
  key: `${Tables.providerAccount.logicalName}.unmapped`,
  table: Tables.providerAccount,
  name: 'Unmapped Provider Accounts',
  description: 'Provider accounts not yet mapped to a CRM account or excluded, with any suggestion automap made.',
  kind: 'public',
  isDefault: false,
  columns: [
    { column: pa.name, widthInPx: 220 },
    { column: pa.provider, widthInPx: 150 },
    { column: pa.tenantId, widthInPx: 220 },
    { column: pa.primaryDomain, widthInPx: 180 },
    { column: pa.mappingStatus, widthInPx: 110 },
    { column: pa.suggestedAccount, widthInPx: 200 },
    { column: pa.matchScore, widthInPx: 90 },
    { column: pa.matchReason, widthInPx: 220 },
  ],
  orders: [
    { column: pa.provider, descending: false },
    { column: pa.name, descending: false },
  ],
  filter: {
    type: 'and',
    conditions: [
      { attribute: 'statecode', operator: 'eq', value: 0 },
      {
        attribute: pa.mappingStatus,
        operator: 'in',
        values: [Choices.mappingStatus.NotSetup, Choices.mappingStatus.Suggested],
      },
      { attribute: pa.removedAtProvider, operator: 'eq', value: 0 },
    ],
  },
};

export const activeSubscriptions: ViewDef = {
  key: `${Tables.subscription.logicalName}.activesubscriptions`,
  table: Tables.subscription,
  // Not "Active Subscriptions": that is the default view's name (records in the Active state), and two
  // views of one table with the same name cannot be told apart in the view picker.
  name: 'Subscriptions with Status Active',
  description: 'Subscriptions whose subscription status is Active.',
  kind: 'public',
  isDefault: false,
  columns: [
    ...gridColumns(Tables.subscription),
    { column: s.unitPrice, widthInPx: 100 },
    { column: s.provider, widthInPx: 140 },
  ],
  orders: [{ column: s.name, descending: false }],
  filter: {
    type: 'and',
    conditions: [
      { attribute: 'statecode', operator: 'eq', value: 0 },
      { attribute: s.subscriptionStatus, operator: 'eq', value: Choices.subscriptionStatus.Active },
    ],
  },
};

/** product.md flow 7: subscriptions that lack a billing contract, a product or a price. */
export const subscriptionsNeedingAttention: ViewDef = {
  key: `${Tables.subscription.logicalName}.needingattention`,
  table: Tables.subscription,
  name: 'Subscriptions Needing Attention',
  description: 'Active subscriptions without a billing contract, a product or a unit price.',
  kind: 'public',
  isDefault: false,
  columns: [
    { column: s.name, widthInPx: 220 },
    { column: s.customer, widthInPx: 180 },
    { column: s.provider, widthInPx: 140 },
    { column: s.providerPartNumber, widthInPx: 180 },
    { column: s.billingContract, widthInPx: 180 },
    { column: s.product, widthInPx: 180 },
    { column: s.unitPrice, widthInPx: 100 },
  ],
  orders: [{ column: s.name, descending: false }],
  filter: {
    type: 'and',
    conditions: [{ attribute: 'statecode', operator: 'eq', value: 0 }],
    filters: [
      {
        type: 'or',
        conditions: [
          { attribute: s.billingContract, operator: 'null' },
          { attribute: s.product, operator: 'null' },
          { attribute: s.unitPrice, operator: 'null' },
        ],
      },
    ],
  },
};

/** Jobs of the last seven days, newest first. */
export const recentSyncJobs: ViewDef = {
  key: `${Tables.syncJob.logicalName}.recent`,
  table: Tables.syncJob,
  name: 'Recent Sync Jobs',
  description: 'Sync jobs created in the last seven days, newest first.',
  kind: 'public',
  isDefault: false,
  columns: [
    { column: j.name, widthInPx: 220 },
    { column: j.operation, widthInPx: 170 },
    { column: j.provider, widthInPx: 150 },
    { column: j.jobStatus, widthInPx: 150 },
    { column: j.progress, widthInPx: 80 },
    { column: j.startedOn, widthInPx: 140 },
    { column: j.finishedOn, widthInPx: 140 },
    { column: j.createdCount, widthInPx: 80 },
    { column: j.updatedCount, widthInPx: 80 },
    { column: j.failedCount, widthInPx: 80 },
    { column: j.warningCount, widthInPx: 80 },
  ],
  orders: [{ column: 'createdon', descending: true }],
  filter: { type: 'and', conditions: [{ attribute: 'createdon', operator: 'last-x-days', value: 7 }] },
};

/** Jobs that failed, newest first, with the code and the summary that say why. */
export const failedSyncJobs: ViewDef = {
  key: `${Tables.syncJob.logicalName}.failed`,
  table: Tables.syncJob,
  name: 'Failed Sync Jobs',
  description: 'Sync jobs that ended Failed, newest first, with their error code.',
  kind: 'public',
  isDefault: false,
  columns: [
    { column: j.name, widthInPx: 240 },
    { column: j.operation, widthInPx: 170 },
    { column: j.provider, widthInPx: 150 },
    { column: j.errorCode, widthInPx: 200 },
    { column: j.finishedOn, widthInPx: 140 },
    { column: j.trigger, widthInPx: 90 },
  ],
  orders: [{ column: 'createdon', descending: true }],
  filter: {
    type: 'and',
    conditions: [{ attribute: j.jobStatus, operator: 'eq', value: Choices.syncJobStatus.Failed }],
  },
};

/** License changes of the last 30 days with the customer they bill (through the subscription). */
export const recentLicenseChanges: ViewDef = {
  key: `${Tables.licenseChangeLog.logicalName}.recent`,
  table: Tables.licenseChangeLog,
  name: 'Recent License Changes',
  description: 'License changes of the last 30 days, newest first, with the subscription’s customer.',
  kind: 'public',
  isDefault: false,
  columns: [
    { column: l.name, widthInPx: 240 },
    { column: Tables.subscription.col.customer, widthInPx: 180, via: l.subscription },
    { column: l.subscription, widthInPx: 200 },
    { column: l.changeType, widthInPx: 110 },
    { column: l.quantityDelta, widthInPx: 90 },
    { column: l.quantityAfter, widthInPx: 90 },
    { column: l.effectiveDate, widthInPx: 140 },
    { column: l.source, widthInPx: 110 },
  ],
  orders: [{ column: 'createdon', descending: true }],
  filter: { type: 'and', conditions: [{ attribute: 'createdon', operator: 'last-x-days', value: 30 }] },
};

export const CUSTOM_VIEWS: readonly ViewDef[] = [
  unmappedProviderAccounts,
  activeSubscriptions,
  subscriptionsNeedingAttention,
  recentSyncJobs,
  failedSyncJobs,
  recentLicenseChanges,
];
