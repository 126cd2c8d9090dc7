/** Pure reconciliation of a distributor invoice (issue 17): no I/O; see README.md for the rules. */
export { reconcileInvoice } from './reconcile';
export { varianceWrite, varianceTypeValue, totalsOf, type VarianceTotals } from './writes';
export { timelineOf, quantityDays, quantityOn, type Step } from './timeline';
export { varianceKey, KEY_TAGS, MAX_KEY_LENGTH } from './keys';
export * from './types';
