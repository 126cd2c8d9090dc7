/**
 * Verify Connectivity: the connector checks the properties, gets a token and makes one cheap read; the
 * outcome (a stable code and a message saying what to fix) goes on the job and on the Provider row.
 *
 * The message may quote the distributor, and the Connectivity Message is a column every user can read:
 * it is cleaned first (every form of every known secret redacted, control characters removed, cut to
 * the column's length).
 */
import { Choices, Tables } from '../../solution/schema';
import { updateRow } from '../dataverse/intents';
import type { OperationHandler } from '../jobs/types';
import { VerifyOutcomes } from '../providers/types';
import type { Redactor } from '../shared/redact';
import { loadProvider } from './provider-config';
import type { SyncDeps } from './deps';

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]+/g;

function columnLength(logicalName: string): number {
  const column = Tables.provider.columns.find((c) => c.logicalName === logicalName);
  return column && 'maxLength' in column ? column.maxLength : 4000;
}

/** Distributor-influenced text made fit for a column any user reads. */
export function readableMessage(text: string, redactor: Redactor, maxLength: number): string {
  const clean = redactor.redactString(text).replace(CONTROL_CHARACTERS, ' ');
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}

export function verifyConnectivityOperation(deps: SyncDeps): OperationHandler {
  return async (ctx) => {
    const { config } = await loadProvider(deps.dv, ctx.job.providerId, deps.redactor);
    ctx.progress(10, 'Checking the provider settings');
    const connector = deps.connectors.create(config.internalName, deps.connectorDeps(ctx.log));
    const result = await connector.verifyConnectivity(config, { signal: ctx.signal });
    const P = Tables.provider;
    const message = readableMessage(result.message, deps.redactor, columnLength(P.col.connectivityMessage));
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
