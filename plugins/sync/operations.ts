/** The operation handlers the job runner knows, by operation name. */
import type { OperationHandler, OperationName } from '../jobs/types';
import type { SyncDeps } from './deps';
import { syncProviderAccountsOperation } from './accounts/operation';
import { importInvoiceOperation } from './invoice-import/operation';
import { migrateManualSubscriptionsOperation } from './migration/operation';
import { reconcileOperation } from './reconcile-job/operation';
import { syncSubscriptionsOperation } from './subscriptions/operation';
import { verifyConnectivityOperation } from './verify';

export function buildOperations(deps: SyncDeps): Partial<Record<OperationName, OperationHandler>> {
  return {
    VerifyConnectivity: verifyConnectivityOperation(deps),
    SyncProviderAccounts: syncProviderAccountsOperation(deps),
    SyncSubscriptions: syncSubscriptionsOperation(deps),
    MigrateManualSubscriptions: migrateManualSubscriptionsOperation(deps),
    ImportInvoice: importInvoiceOperation(deps),
    Reconcile: reconcileOperation(deps),
  };
}
