/** The dashboard the app opens on: the solution's charts, two to a row. */
import * as charts from './charts';
import type { DashboardDef } from './types';

export const OPERATIONS_DASHBOARD: DashboardDef = {
  key: 'dashboard.operations',
  name: 'Work 365 Operations',
  description: 'Sync jobs, subscriptions, what is left to map and how licences change.',
  tiles: [
    { kind: 'chart', chart: charts.syncJobsPerDay },
    { kind: 'chart', chart: charts.licenseChangesPerWeek },
    { kind: 'chart', chart: charts.subscriptionsByProduct },
    { kind: 'chart', chart: charts.unmappedAccountsPerProvider },
    { kind: 'chart', chart: charts.unmappedSkusPerProvider },
    // Invoice reconciliation (a later issue) adds "Open Variances by Type" here, on its variance table.
    {
      kind: 'reserved',
      title: 'Open Variances by Type',
      reason: 'Comes with invoice reconciliation; its variance table does not exist yet.',
    },
  ],
};

export const DASHBOARDS: readonly DashboardDef[] = [OPERATIONS_DASHBOARD];
