/**
 * Issue 17 review views: the open variances (what a person still has to look at) three ways, largest
 * amount first, by customer, and by type; and the alerts, newest first.
 */
import { Choices, Tables } from '../../schema';
import type { ViewDef } from '../types';

const v = Tables.variance.col;
const a = Tables.alert.col;

const COLUMNS: ViewDef['columns'] = [
  { column: v.name, widthInPx: 260 },
  { column: v.varianceType, widthInPx: 140 },
  { column: v.providerCustomerId, widthInPx: 140 },
  { column: v.sku, widthInPx: 160 },
  { column: v.expectedValue, widthInPx: 110 },
  { column: v.actualValue, widthInPx: 110 },
  { column: v.amountAtStake, widthInPx: 120 },
  { column: v.currencyCode, widthInPx: 80 },
  { column: v.invoice, widthInPx: 180 },
];

const OPEN: ViewDef['filter'] = {
  type: 'and',
  conditions: [
    { attribute: 'statecode', operator: 'eq', value: 0 },
    { attribute: v.reviewStatus, operator: 'eq', value: Choices.varianceReviewStatus.Open },
  ],
};

function openVariances(key: string, name: string, description: string, orders: ViewDef['orders']): ViewDef {
  return {
    key: `${Tables.variance.logicalName}.${key}`,
    table: Tables.variance,
    name,
    description,
    kind: 'public',
    isDefault: false,
    columns: COLUMNS,
    orders,
    filter: OPEN,
  };
}

export const openVariancesByAmount = openVariances(
  'openbyamount',
  'Open Variances by Amount',
  'Variances nobody has reviewed yet, the largest amount at stake first.',
  [{ column: v.amountAtStake, descending: true }],
);

export const openVariancesByCustomer = openVariances(
  'openbycustomer',
  'Open Variances by Customer',
  "Variances nobody has reviewed yet, by the distributor's customer id.",
  [
    { column: v.providerCustomerId, descending: false },
    { column: v.amountAtStake, descending: true },
  ],
);

export const openVariancesByType = openVariances(
  'openbytype',
  'Open Variances by Type',
  'Variances nobody has reviewed yet, by type, the largest amount first.',
  [
    { column: v.varianceType, descending: false },
    { column: v.amountAtStake, descending: true },
  ],
);

export const recentAlerts: ViewDef = {
  key: `${Tables.alert.logicalName}.recent`,
  table: Tables.alert,
  name: 'Recent Alerts',
  description: 'Exceptions the sync service alerted, newest first.',
  kind: 'public',
  isDefault: false,
  columns: [
    { column: a.name, widthInPx: 300 },
    { column: a.kind, widthInPx: 180 },
    { column: a.provider, widthInPx: 160 },
    { column: a.recordName, widthInPx: 200 },
    { column: a.firedOn, widthInPx: 140 },
  ],
  orders: [{ column: a.firedOn, descending: true }],
  filter: { type: 'and', conditions: [{ attribute: 'statecode', operator: 'eq', value: 0 }] },
};

export const INVOICE_VIEWS: readonly ViewDef[] = [
  openVariancesByAmount,
  openVariancesByCustomer,
  openVariancesByType,
  recentAlerts,
];
