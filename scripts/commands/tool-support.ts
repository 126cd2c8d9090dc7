/** Shared by the Dataverse tools: connect, resolve a provider by id or name, and report errors with their code. */
import { Tables } from '../../solution/schema';
import type { DataverseClient } from '../../plugins/dataverse/client';
import { eq, isGuid } from '../../plugins/dataverse/odata';
import { defaultConnectorRegistry } from '../../plugins/providers';
import { AxiosHttpClient } from '../../plugins/shared/http';
import { errorMessage, isW365Error, W365Error } from '../../common/errors';
import { silentLogger } from '../../plugins/shared/logger';
import type { Redactor } from '../../plugins/shared/redact';
import type { SyncDeps } from '../../plugins/sync/deps';

export async function resolveProviderId(dv: DataverseClient, idOrName: string): Promise<{ id: string; name: string }> {
  const P = Tables.provider;
  const rows = isGuid(idOrName)
    ? [await dv.retrieve(P.entitySetName, idOrName, [P.col.id, P.col.name])].filter(Boolean)
    : await dv.all(P.entitySetName, { select: [P.col.id, P.col.name], filter: eq(P.col.name, idOrName) });
  if (rows.length !== 1) {
    throw new W365Error(
      'CLI_PROVIDER_NOT_FOUND',
      rows.length
        ? `Several providers are called "${idOrName}": pass the provider's id.`
        : `No provider "${idOrName}" (give its id or exact name).`,
    );
  }
  const r = rows[0] as Record<string, unknown>;
  return { id: String(r[P.col.id]), name: String(r[P.col.name]) };
}

export function toolDeps(dv: DataverseClient, redactor: Redactor): SyncDeps {
  return {
    dv,
    redactor,
    connectors: defaultConnectorRegistry(),
    connectorDeps: (log) => ({
      http: new AxiosHttpClient({ urlPolicy: { allowLoopback: true, allowPrivateNetworks: false } }),
      logger: log ?? silentLogger(),
      redactor,
    }),
  };
}

/** Runs a tool's action, printing `CODE: message` and setting a non-zero exit code on failure. */
export async function runTool(redactor: Redactor, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    process.stderr.write(`${isW365Error(err) ? `${err.code}: ` : ''}${redactor.redactString(errorMessage(err))}\n`);
    process.exitCode = 1;
  }
}
