/**
 * Verify Connectivity: the connector checks the properties, gets a token and makes one cheap read; the
 * outcome (a stable code and a message saying what to fix) goes on the job and on the Provider row.
 */
import { Choices, Tables } from '../../solution/schema';
import { updateRow } from '../dataverse/intents';
import type { OperationHandler } from '../jobs/types';
import { VerifyOutcomes } from '../providers/types';
import { loadProvider } from './provider-config';
import type { SyncDeps } from './deps';

export function verifyConnectivityOperation(deps: SyncDeps): OperationHandler {
  return async (ctx) => {
    const { config } = await loadProvider(deps.dv, ctx.job.providerId, deps.redactor);
    ctx.progress(10, 'Checking the provider settings');
    const connector = deps.connectors.create(config.internalName, deps.connectorDeps(ctx.log));
    const result = await connector.verifyConnectivity(config, { signal: ctx.signal });
    const message = deps.redactor.redactString(result.message);
    const P = Tables.provider;
    const verified = result.outcome === VerifyOutcomes.Verified;
    await deps.dv.write(
      updateRow(P, config.providerId, {
        values: {
          [P.col.connectivityStatus]: verified
            ? Choices.connectivityStatus.Verified
            : Choices.connectivityStatus.Failed,
          [P.col.connectivityCode]: result.outcome,
          [P.col.connectivityMessage]: message,
          [P.col.connectivityCheckedOn]: new Date().toISOString(),
        },
      }),
    );
    ctx.tally.add('updated');
    if (!verified) {
      ctx.item({
        severity: 'Error',
        code: result.outcome,
        message,
        recordType: P.logicalName,
        recordId: config.providerId,
        recordName: config.name,
      });
    }
    return {
      status: verified ? 'Succeeded' : 'Failed',
      errorCode: verified ? undefined : result.outcome,
      summary: verified ? `Verified: ${message}` : `Not verified (${result.outcome}): ${message}`,
    };
  };
}
