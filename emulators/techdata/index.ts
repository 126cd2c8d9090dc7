/** The TechData StreamOne sandbox: a local stand-in for the legacy partner API. Never imported by product code. */
export {
  startTechDataSandbox,
  type TechDataSandbox,
  type TechDataSandboxInfo,
  type TechDataSandboxOptions,
} from './server';
export {
  generateTechDataDataset,
  REFERENCE_DATE,
  type SandboxCustomer,
  type SandboxLineStatus,
  type SandboxSubscription,
  type TechDataDataset,
} from './dataset';
export { catalogSkus, CATALOG } from './catalog';
export { ANCHOR_NAMES, slugOf } from '../sandbox-kit/names';
export type { FaultRule, RequestKind, TechDataFaults } from './faults';
export type { TechDataSandboxStats } from './state';
export type { QuantityChange } from './store';
export { TechDataSandboxControl } from './control-client';
export { TOKEN_PATH } from './api-routes';
