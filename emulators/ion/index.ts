/** The TD SYNNEX StreamOne Ion v3 sandbox: a local stand-in for Ion. Never imported by product code. */
export {
  startIonSandbox,
  ION_SANDBOX_INTERNAL_NAME,
  type IonSandbox,
  type IonSandboxInfo,
  type IonSandboxOptions,
} from './server';
export {
  generateIonDataset,
  REFERENCE_DATE,
  type IonAnchorCustomer,
  type IonDataset,
  type IonLineStatus,
  type IonSandboxCustomer,
  type IonSandboxSubscription,
} from './dataset';
export { TOKEN_ERROR } from './auth';
export { TOKEN_PATH, VALIDATE_PATH } from './routes';
export type { IonFaultRule, IonFaults, IonRequestKind } from './faults';
export type { IonSandboxStats } from './state';
export type { QuantityChange } from './store';
export { billingRows, invoiceNumberOf, type BillingRow, type BillingPeriod } from './billing';
export { LAST_PERIOD, stepsOf, type QuantityStep } from './history';
export {
  BILLING_REPORT_ID,
  CUSTOMER_REPORT_ID,
  BILLING_TEMPLATE,
  BILLING_COLUMNS,
  ROW_BREAKS,
  type RowBreak,
} from './reports';
