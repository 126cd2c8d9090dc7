/** Every savedquery the solution ships: the system views of each custom table, then the working views. */
import type { ViewDef } from '../types';
import { CUSTOM_VIEWS } from './custom';
import { DEFAULT_VIEWS } from './defaults';
import { INVOICE_VIEWS } from './variances';

export const VIEWS: readonly ViewDef[] = [...DEFAULT_VIEWS, ...CUSTOM_VIEWS, ...INVOICE_VIEWS];

export { CUSTOM_VIEWS, DEFAULT_VIEWS, INVOICE_VIEWS };
export { openVariancesByAmount, openVariancesByCustomer, openVariancesByType, recentAlerts } from './variances';
export {
  activeSubscriptions,
  failedSyncJobs,
  recentLicenseChanges,
  recentSyncJobs,
  subscriptionsNeedingAttention,
  unmappedProviderAccounts,
} from './custom';
export { defaultViews, gridColumns, viewKey } from './defaults';
