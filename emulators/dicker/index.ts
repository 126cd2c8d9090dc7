/** The Dicker Data sandbox: the B2B handshake and a CSP feed of our design. Never imported by product code. */
export {
  startDickerSandbox,
  DICKER_SANDBOX_INTERNAL_NAME,
  type DickerSandbox,
  type DickerSandboxInfo,
  type DickerSandboxOptions,
} from './server';
export {
  generateDickerDataset,
  REFERENCE_DATE,
  type DickerAnchorTenant,
  type DickerDataset,
  type DickerLineStatus,
  type DickerSandboxLine,
  type DickerSandboxTenant,
} from './dataset';
export { ACCESS_KEY_PATH, FEED_PATH } from './routes';
export { exportDate, LINE_MALFORMATIONS, type LineMalformation } from './wire';
export type { DickerFaultRule, DickerFaults, DickerRequestKind } from './faults';
export type { DickerSandboxStats } from './state';
export { dickerInvoiceOf, INVOICE_LINE_MALFORMATIONS, type DickerInvoice, type DickerInvoiceLine } from './invoice';
export { INVOICE_PATH } from './invoice-routes';
