/** What the sync operations need, passed in by the service (or a test). */
import type { DataverseApi } from '../dataverse/api';
import type { ConnectorRegistry } from '../providers/registry';
import type { ConnectorDeps } from '../providers/types';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';

export interface SyncDeps {
  dv: DataverseApi;
  connectors: ConnectorRegistry;
  /**
   * Builds the HTTP client, token store etc. for a connector, with the job's logger; `scope.providerId`
   * names the distributor credential (the service gives each its own request budget).
   */
  connectorDeps: (log: Logger, scope?: { providerId?: string }) => ConnectorDeps;
  redactor: Redactor;
  now?: () => Date;
  /** Batch tuning; defaults are Dataverse's maximum (1,000 operations) and 4 batches in flight. */
  writes?: { maxOperationsPerBatch?: number; concurrentBatches?: number; flushAtOperations?: number };
  /**
   * How a subscription sync is cut into parts: customers per part (default 25), customers of a part
   * listed at once (default 4), and parts run at once when the operation is called directly (default 8).
   */
  items?: { customersPerItem?: number; listConcurrency?: number; accountsPerItem?: number };
}
