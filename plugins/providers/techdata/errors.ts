/**
 * The TechData connector's error codes and the mapping of transport failures onto them (the shared
 * mapping in ../common/errors.ts, with TechData's messages). Every failure a listing or Verify can meet
 * ends as a W365Error whose code is one of VerifyOutcomes (so Verify maps errors to outcomes one to
 * one), or PROVIDER_OPERATION_NOT_SUPPORTED.
 */
import type { W365Error } from '../../../common/errors';
import { ConnectorErrorCodes, transportError } from '../common/errors';
import { Failures, targetField, type Target } from './strings';

export const TechDataErrorCodes = ConnectorErrorCodes;

/**
 * Turn what the HTTP client threw into a connector error naming the field to fix. Returns undefined for
 * anything that is not a transport failure (aborts, programming errors), which callers rethrow.
 */
export function fromTransportError(err: unknown, target: Target, url: string): W365Error | undefined {
  return transportError(err, { field: targetField(target), url, failures: Failures, details: { target } });
}
