/** The sync operations' dependencies as the service builds them, for a benchmark's own DataverseClient. */
import type { DataverseClient } from '../../plugins/dataverse/client';
import { defaultConnectorRegistry } from '../../plugins/providers';
import { AxiosHttpClient } from '../../plugins/shared/http';
import type { Redactor } from '../../plugins/shared/redact';
import type { SyncDeps } from '../../plugins/sync/deps';

export function benchDeps(dv: DataverseClient, redactor: Redactor): SyncDeps {
  return {
    dv,
    redactor,
    connectors: defaultConnectorRegistry(),
    connectorDeps: (log) => ({
      http: new AxiosHttpClient({
        urlPolicy: { allowLoopback: true, allowPrivateNetworks: false },
        defaultTimeoutInMs: 60_000,
      }),
      logger: log,
      redactor,
    }),
  };
}

/** Writes to synced data, leaving out the job and provider bookkeeping (Last Sync times, job rows). */
export function dataWrites(byEntitySet: Record<string, number>): number {
  return Object.entries(byEntitySet)
    .filter(([set]) => !['w365_providers', 'w365_syncjobs', 'w365_syncjobitems'].includes(set))
    .reduce((n, [, v]) => n + v, 0);
}
