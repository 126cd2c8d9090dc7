/**
 * The system views every custom table needs, copied in kind and shape from a real export (Microsoft's
 * UpsertSample: Active / Inactive public views, Quick Find, Advanced Find, Associated, Lookup), with
 * the grid columns that make each table readable.
 */
import { CUSTOM_TABLES, Tables, type TableDef } from '../../schema';
import type { ViewColumn, ViewDef } from '../types';

const w = (column: string, widthInPx = 150): ViewColumn => ({ column, widthInPx });

/** Grid columns per table; the first is the primary name (the link that opens the row). */
const GRID_COLUMNS: Readonly<Record<string, readonly ViewColumn[]>> = {
  [Tables.provider.logicalName]: [
    w(Tables.provider.col.name, 200),
    w(Tables.provider.col.internalName, 220),
    w(Tables.provider.col.providerType, 120),
    w(Tables.provider.col.connectivityStatus, 130),
    w(Tables.provider.col.lastAccountSyncOn, 150),
    w(Tables.provider.col.lastSubscriptionSyncOn, 150),
  ],
  [Tables.providerProperty.logicalName]: [
    w(Tables.providerProperty.col.name, 200),
    w(Tables.providerProperty.col.value, 300),
    w(Tables.providerProperty.col.provider, 180),
  ],
  [Tables.providerAccount.logicalName]: [
    w(Tables.providerAccount.col.name, 220),
    w(Tables.providerAccount.col.provider, 150),
    w(Tables.providerAccount.col.tenantId, 220),
    w(Tables.providerAccount.col.primaryDomain, 180),
    w(Tables.providerAccount.col.account, 200),
    w(Tables.providerAccount.col.mappingStatus, 110),
    w(Tables.providerAccount.col.syncEnabled, 90),
  ],
  [Tables.billingContract.logicalName]: [
    w(Tables.billingContract.col.name, 200),
    w(Tables.billingContract.col.customer, 200),
    w(Tables.billingContract.col.isDefault, 80),
    w(Tables.billingContract.col.billingFrequency, 120),
    w(Tables.billingContract.col.startDate, 110),
  ],
  [Tables.productMapping.logicalName]: [
    w(Tables.productMapping.col.name, 220),
    w(Tables.productMapping.col.provider, 150),
    w(Tables.productMapping.col.providerSku, 180),
    w(Tables.productMapping.col.product, 200),
    w(Tables.productMapping.col.mappingStatus, 110),
  ],
  [Tables.subscription.logicalName]: [
    w(Tables.subscription.col.name, 220),
    w(Tables.subscription.col.customer, 180),
    w(Tables.subscription.col.product, 180),
    w(Tables.subscription.col.quantity, 80),
    w(Tables.subscription.col.subscriptionStatus, 110),
    w(Tables.subscription.col.billingContract, 180),
    w(Tables.subscription.col.renewalDate, 110),
  ],
  [Tables.licenseChangeLog.logicalName]: [
    w(Tables.licenseChangeLog.col.name, 220),
    { column: Tables.subscription.col.customer, widthInPx: 180, via: Tables.licenseChangeLog.col.subscription },
    w(Tables.licenseChangeLog.col.changeType, 110),
    w(Tables.licenseChangeLog.col.quantityDelta, 90),
    w(Tables.licenseChangeLog.col.quantityAfter, 90),
    w(Tables.licenseChangeLog.col.effectiveDate, 140),
    w(Tables.licenseChangeLog.col.source, 110),
    w(Tables.licenseChangeLog.col.provisioningStatus, 150),
  ],
  [Tables.syncJob.logicalName]: [
    w(Tables.syncJob.col.name, 220),
    w(Tables.syncJob.col.operation, 170),
    w(Tables.syncJob.col.jobStatus, 150),
    w(Tables.syncJob.col.progress, 80),
    w(Tables.syncJob.col.startedOn, 140),
    w(Tables.syncJob.col.finishedOn, 140),
  ],
  // The invoice's Variances subgrid (the associated view) shows what a reviewer decides on: the type,
  // the amount and the review status, not only the name.
  [Tables.variance.logicalName]: [
    w(Tables.variance.col.name, 260),
    w(Tables.variance.col.varianceType, 140),
    w(Tables.variance.col.reviewStatus, 110),
    w(Tables.variance.col.amountAtStake, 120),
    w(Tables.variance.col.currencyCode, 80),
  ],
  [Tables.syncJobItem.logicalName]: [
    w(Tables.syncJobItem.col.severity, 100),
    w(Tables.syncJobItem.col.code, 180),
    w(Tables.syncJobItem.col.name, 260),
    w(Tables.syncJobItem.col.recordType, 140),
    w(Tables.syncJobItem.col.recordName, 200),
  ],
};

/** Columns the Quick Find box searches besides the primary name. */
const FIND_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  [Tables.provider.logicalName]: [Tables.provider.col.internalName],
  [Tables.providerAccount.logicalName]: [
    Tables.providerAccount.col.providerSpecificId,
    Tables.providerAccount.col.tenantId,
    Tables.providerAccount.col.primaryDomain,
  ],
  [Tables.productMapping.logicalName]: [
    Tables.productMapping.col.providerSku,
    Tables.productMapping.col.microsoftOfferId,
  ],
  [Tables.subscription.logicalName]: [
    Tables.subscription.col.providerSubscriptionId,
    Tables.subscription.col.microsoftSubscriptionId,
    Tables.subscription.col.providerPartNumber,
  ],
  [Tables.syncJobItem.logicalName]: [Tables.syncJobItem.col.code, Tables.syncJobItem.col.recordName],
};

/** Newest first where time matters more than the name. */
const NEWEST_FIRST = new Set<string>([
  Tables.syncJob.logicalName,
  Tables.syncJobItem.logicalName,
  Tables.licenseChangeLog.logicalName,
]);

export const viewKey = (table: TableDef, kind: string): string => `${table.logicalName}.${kind}`;

export function gridColumns(table: TableDef): readonly ViewColumn[] {
  return GRID_COLUMNS[table.logicalName] ?? [w(table.primaryNameAttribute, 300), w('createdon', 125)];
}

function orders(table: TableDef) {
  return NEWEST_FIRST.has(table.logicalName)
    ? [{ column: 'createdon', descending: true }]
    : [{ column: table.primaryNameAttribute, descending: false }];
}

const active = { type: 'and' as const, conditions: [{ attribute: 'statecode', operator: 'eq' as const, value: 0 }] };
const inactive = { type: 'and' as const, conditions: [{ attribute: 'statecode', operator: 'eq' as const, value: 1 }] };

export function defaultViews(table: TableDef): ViewDef[] {
  const columns = gridColumns(table);
  const base = { table, columns, orders: orders(table), isDefault: true };
  const plural = table.pluralDisplayName;
  return [
    { ...base, key: viewKey(table, 'active'), name: `Active ${plural}`, kind: 'public', filter: active },
    {
      ...base,
      key: viewKey(table, 'inactive'),
      name: `Inactive ${plural}`,
      kind: 'public',
      isDefault: false,
      filter: inactive,
    },
    {
      ...base,
      key: viewKey(table, 'quickfind'),
      name: `Quick Find Active ${plural}`,
      kind: 'quickFind',
      filter: active,
      findColumns: [table.primaryNameAttribute, ...(FIND_COLUMNS[table.logicalName] ?? [])],
    },
    {
      ...base,
      key: viewKey(table, 'advancedfind'),
      name: `${table.displayName} Advanced Find View`,
      kind: 'advancedFind',
    },
    {
      ...base,
      key: viewKey(table, 'associated'),
      name: `${table.displayName} Associated View`,
      kind: 'associated',
      filter: active,
    },
    {
      ...base,
      key: viewKey(table, 'lookup'),
      name: `${table.displayName} Lookup View`,
      kind: 'lookup',
      columns: columns.slice(0, 3),
      filter: active,
    },
  ];
}

export const DEFAULT_VIEWS: readonly ViewDef[] = CUSTOM_TABLES.flatMap(defaultViews);
