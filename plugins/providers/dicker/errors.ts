/**
 * The Dicker Data connector's error codes, the reading of Dicker's `Status`/`Message` answer fields
 * [C-3p: the AccessKeyRequest answer], and the mapping of transport failures onto connector errors (the
 * shared mapping in ../common/errors.ts, with Dicker's messages). Every failure ends as a W365Error whose
 * code is one of VerifyOutcomes, or PROVIDER_OPERATION_NOT_SUPPORTED.
 */
import type { W365Error } from '../../../common/errors';
import { ConnectorErrorCodes, transportError } from '../common/errors';
import { isRecord } from '../common/records';
import { Failures, Labels } from './strings';

export const DickerErrorCodes = ConnectorErrorCodes;

/** `Status` and `Message` of a Dicker answer, when it has them (case of the names as Dicker writes them, or camel case [I]). */
export function readStatus(json: unknown): { status?: string; message?: string } {
  if (!isRecord(json)) return {};
  const pick = (...names: string[]) =>
    names
      .map((n) => json[n])
      .find((v): v is string => typeof v === 'string' && v.trim() !== '')
      ?.trim();
  return { status: pick('Status', 'status'), message: pick('Message', 'message') };
}

/** Turn what the HTTP client threw into a connector error naming the field to fix; undefined for anything else. */
export function fromTransportError(err: unknown, url: string): W365Error | undefined {
  return transportError(err, { field: Labels.endpointUrl, url, failures: Failures });
}
