/**
 * The system charts the solution ships: what an operations person checks at a glance (product.md
 * flows 3, 6, 7): are syncs failing, what is sold, what is left to map, how licences move.
 */
import { Choices, Tables } from '../../schema';
import type { ChartDef } from './types';

const J = Tables.syncJob;
const S = Tables.subscription;
const PA = Tables.providerAccount;
const PM = Tables.productMapping;
const L = Tables.licenseChangeLog;
const V = Tables.variance;

export const syncJobsPerDay: ChartDef = {
  key: `${J.logicalName}.chart.perdaybystatus`,
  table: J,
  name: 'Sync Jobs per Day by Status',
  description: 'How many sync jobs ran each day, and how they ended.',
  kind: 'StackedColumn',
  category: { column: 'createdon', dateGrouping: 'day' },
  series: { column: J.col.jobStatus },
  measures: [{ column: J.col.id, aggregate: 'count', label: 'Jobs' }],
  viewKey: `${J.logicalName}.active`,
};

export const subscriptionsByProduct: ChartDef = {
  key: `${S.logicalName}.chart.byproduct`,
  table: S,
  name: 'Subscriptions and Seats by Product',
  description: 'Active subscriptions and their seats (quantity) per product.',
  kind: 'Bar',
  category: { column: S.col.product },
  measures: [
    { column: S.col.id, aggregate: 'count', label: 'Subscriptions' },
    { column: S.col.quantity, aggregate: 'sum', label: 'Seats' },
  ],
  filter: {
    type: 'and',
    conditions: [
      { attribute: 'statecode', operator: 'eq', value: 0 },
      { attribute: S.col.subscriptionStatus, operator: 'eq', value: Choices.subscriptionStatus.Active },
    ],
  },
  viewKey: `${S.logicalName}.activesubscriptions`,
};

export const unmappedAccountsPerProvider: ChartDef = {
  key: `${PA.logicalName}.chart.unmappedperprovider`,
  table: PA,
  name: 'Unmapped Provider Accounts per Provider',
  description: 'Provider accounts not yet mapped or excluded, per provider, by mapping status.',
  kind: 'StackedColumn',
  category: { column: PA.col.provider },
  series: { column: PA.col.mappingStatus },
  measures: [{ column: PA.col.id, aggregate: 'count', label: 'Accounts' }],
  filter: {
    type: 'and',
    conditions: [
      { attribute: 'statecode', operator: 'eq', value: 0 },
      {
        attribute: PA.col.mappingStatus,
        operator: 'in',
        values: [Choices.mappingStatus.NotSetup, Choices.mappingStatus.Suggested],
      },
      { attribute: PA.col.removedAtProvider, operator: 'eq', value: 0 },
    ],
  },
  viewKey: `${PA.logicalName}.unmapped`,
};

export const unmappedSkusPerProvider: ChartDef = {
  key: `${PM.logicalName}.chart.unmappedperprovider`,
  table: PM,
  name: 'Unmapped SKUs per Provider',
  description: 'Distributor SKUs seen in subscriptions that no product is mapped to yet, per provider.',
  kind: 'Column',
  category: { column: PM.col.provider },
  measures: [{ column: PM.col.id, aggregate: 'count', label: 'SKUs' }],
  filter: {
    type: 'and',
    conditions: [
      { attribute: 'statecode', operator: 'eq', value: 0 },
      { attribute: PM.col.mappingStatus, operator: 'eq', value: Choices.productMappingStatus.NotMapped },
    ],
  },
  viewKey: `${PM.logicalName}.active`,
};

export const licenseChangesPerWeek: ChartDef = {
  key: `${L.logicalName}.chart.perweek`,
  table: L,
  name: 'License Changes per Week',
  description: 'License Change Log entries per week of their effective date, by change type.',
  kind: 'StackedColumn',
  category: { column: L.col.effectiveDate, dateGrouping: 'week' },
  series: { column: L.col.changeType },
  measures: [{ column: L.col.id, aggregate: 'count', label: 'Changes' }],
  viewKey: `${L.logicalName}.active`,
};

/** Issue 17: what reconciliation left for a person to review, by type. */
export const openVariancesByType: ChartDef = {
  key: `${V.logicalName}.chart.openbytype`,
  table: V,
  name: 'Open Variances by Type',
  description: 'Variances nobody has reviewed yet, per type: how many, and the amount at stake.',
  kind: 'Bar',
  category: { column: V.col.varianceType },
  measures: [
    { column: V.col.id, aggregate: 'count', label: 'Variances' },
    { column: V.col.amountAtStake, aggregate: 'sum', label: 'Amount at stake' },
  ],
  filter: {
    type: 'and',
    conditions: [
      { attribute: 'statecode', operator: 'eq', value: 0 },
      { attribute: V.col.reviewStatus, operator: 'eq', value: Choices.varianceReviewStatus.Open },
    ],
  },
  viewKey: `${V.logicalName}.openbytype`,
};

export const CHARTS: readonly ChartDef[] = [
  syncJobsPerDay,
  subscriptionsByProduct,
  unmappedAccountsPerProvider,
  unmappedSkusPerProvider,
  licenseChangesPerWeek,
  openVariancesByType,
];
