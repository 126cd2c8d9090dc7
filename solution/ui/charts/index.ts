/** System charts and dashboards as typed data. */
export * from './types';
export { CHARTS } from './charts';
export { DASHBOARDS, OPERATIONS_DASHBOARD } from './dashboards';
