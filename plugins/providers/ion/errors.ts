/**
 * The Ion connector's error codes, the reading of Ion's Google-RPC error body, and the mapping of
 * transport failures (plugins/shared/http.ts codes) onto connector errors. Every failure a listing or
 * Verify can meet ends as a W365Error whose code is one of VerifyOutcomes, or one of the few Ion-specific
 * codes below (which Verify maps to an outcome too).
 */
import { isW365Error, type W365Error } from '../../../common/errors';
import { ConnectorErrorCodes, outcomeOf as commonOutcomeOf, transportError } from '../common/errors';
import { isRecord } from '../common/records';
import { TokenStoreErrorCodes } from '../common/token-store';
import { VerifyOutcomes, type VerifyOutcomeCode } from '../types';
import { Failures, targetField, type Target } from './strings';

export const IonErrorCodes = {
  ...ConnectorErrorCodes,
  /** The service was composed without a TokenStore: a deployment defect, never retried. */
  TokenStoreMissing: 'ION_TOKEN_STORE_MISSING',
  /** Another worker held the token lease for longer than we wait (raised by the token store). Retryable. */
  TokenLeaseBusy: TokenStoreErrorCodes.LeaseBusy,
  /** Our lease expired mid-work, or another worker changed the token state under us (token store). Retryable. */
  TokenStateConflict: TokenStoreErrorCodes.StateConflict,
  /** A new refresh token was issued but not yet saved to Dataverse (it is in the local journal). Retryable. */
  TokenNotSaved: 'ION_TOKEN_NOT_SAVED',
} as const;

/** What Verify reports for the Ion-specific codes. */
const OUTCOME_OF_ION_CODE: Record<string, VerifyOutcomeCode> = {
  [IonErrorCodes.TokenLeaseBusy]: VerifyOutcomes.Timeout,
  [IonErrorCodes.TokenStateConflict]: VerifyOutcomes.Timeout,
  [IonErrorCodes.TokenNotSaved]: VerifyOutcomes.DistributorError,
};

/** The Verify outcome an error stands for, when it is one of ours. */
export function outcomeOf(err: unknown): VerifyOutcomeCode | undefined {
  if (!isW365Error(err)) return undefined;
  return commonOutcomeOf(err) ?? OUTCOME_OF_ION_CODE[err.code];
}

/**
 * Ion's error body [C spec]: `{ "error": "PERMISSION_DENIED", "message": "...", "code": 403,
 * "details": [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "..." }] }`.
 * The token endpoint answers a bare `{ "error": "cannot validate token: redis: nil" }` [C spec].
 */
export interface IonErrorBody {
  error: string;
  message?: string;
  code?: number;
  requestId?: string;
}

export function readErrorBody(json: unknown): IonErrorBody | undefined {
  if (!isRecord(json) || typeof json.error !== 'string' || !json.error.trim()) return undefined;
  const body: IonErrorBody = { error: json.error.trim() };
  if (typeof json.message === 'string' && json.message.trim()) body.message = json.message.trim();
  if (typeof json.code === 'number') body.code = json.code;
  if (Array.isArray(json.details)) {
    const info = json.details.find((d) => isRecord(d) && typeof d.requestId === 'string') as
      Record<string, unknown> | undefined;
    if (info) body.requestId = String(info.requestId);
  }
  return body;
}

/**
 * Turn what the HTTP client threw into a connector error naming the field to fix (the shared mapping in
 * ../common/errors.ts; Ion's own codes pass through). Returns undefined for anything that is not a
 * transport failure (aborts, programming errors), which callers rethrow.
 */
export function fromTransportError(err: unknown, target: Target, url: string): W365Error | undefined {
  return transportError(err, {
    field: targetField(target),
    url,
    failures: Failures,
    details: { target },
    keep: (code) => code.startsWith('ION_'),
  });
}
