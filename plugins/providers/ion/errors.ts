/**
 * The Ion connector's error codes, the reading of Ion's Google-RPC error body, and the mapping of
 * transport failures (plugins/shared/http.ts codes) onto connector errors. Every failure a listing or
 * Verify can meet ends as a W365Error whose code is one of VerifyOutcomes, or one of the few Ion-specific
 * codes below (which Verify maps to an outcome too).
 */
import { W365Error, isW365Error } from '../../shared/errors';
import { HttpErrorCodes } from '../../shared/http';
import { UrlGuardErrorCodes } from '../../shared/url-guard';
import { VerifyOutcomes, type VerifyOutcomeCode } from '../types';
import { Failures, targetField, type Target } from './strings';

export const IonErrorCodes = {
  PropertyMissing: VerifyOutcomes.PropertyMissing,
  PropertyInvalid: VerifyOutcomes.PropertyInvalid,
  CredentialsRejected: VerifyOutcomes.CredentialsRejected,
  AccountRejected: VerifyOutcomes.AccountRejected,
  Unreachable: VerifyOutcomes.Unreachable,
  TlsFailure: VerifyOutcomes.TlsFailure,
  DistributorError: VerifyOutcomes.DistributorError,
  Timeout: VerifyOutcomes.Timeout,
  UrlBlocked: VerifyOutcomes.UrlBlocked,
  OperationNotSupported: 'PROVIDER_OPERATION_NOT_SUPPORTED',
  /** The service was composed without a TokenStore: a deployment defect, never retried. */
  TokenStoreMissing: 'ION_TOKEN_STORE_MISSING',
  /** Another worker held the token lease for longer than we wait. Retryable. */
  TokenLeaseBusy: 'ION_TOKEN_LEASE_BUSY',
  /** Our lease expired mid-work, or another worker changed the token state under us. Retryable. */
  TokenStateConflict: 'ION_TOKEN_STATE_CONFLICT',
  /** A new refresh token was issued but not yet saved to Dataverse (it is in the local journal). Retryable. */
  TokenNotSaved: 'ION_TOKEN_NOT_SAVED',
} as const;

/** What Verify reports for the Ion-specific codes. */
const OUTCOME_OF_ION_CODE: Record<string, VerifyOutcomeCode> = {
  [IonErrorCodes.TokenLeaseBusy]: VerifyOutcomes.Timeout,
  [IonErrorCodes.TokenStateConflict]: VerifyOutcomes.Timeout,
  [IonErrorCodes.TokenNotSaved]: VerifyOutcomes.DistributorError,
};

const OUTCOME_CODES = new Set<string>(Object.values(VerifyOutcomes));

/** The Verify outcome an error stands for, when it is one of ours. */
export function outcomeOf(err: unknown): VerifyOutcomeCode | undefined {
  if (!isW365Error(err)) return undefined;
  if (OUTCOME_CODES.has(err.code)) return err.code as VerifyOutcomeCode;
  return OUTCOME_OF_ION_CODE[err.code];
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readErrorBody(json: unknown): IonErrorBody | undefined {
  if (!isRecord(json) || typeof json.error !== 'string' || !json.error.trim()) return undefined;
  const body: IonErrorBody = { error: json.error.trim() };
  if (typeof json.message === 'string' && json.message.trim()) body.message = json.message.trim();
  if (typeof json.code === 'number') body.code = json.code;
  if (Array.isArray(json.details)) {
    const info = json.details.find((d) => isRecord(d) && typeof d.requestId === 'string') as Record<string, unknown> | undefined;
    if (info) body.requestId = String(info.requestId);
  }
  return body;
}

/** Parse a body that may not be JSON at all (an HTML error page from a proxy, say). */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured host';
  }
}

/**
 * Turn what the HTTP client threw into a connector error naming the field to fix. Returns undefined for
 * anything that is not a transport failure (aborts, programming errors), which callers rethrow.
 */
export function fromTransportError(err: unknown, target: Target, url: string): W365Error | undefined {
  if (!isW365Error(err)) return undefined;
  if (OUTCOME_CODES.has(err.code) || err.code.startsWith('ION_')) return err;
  const field = targetField(target);
  const host = hostOf(url);
  const cause = err.cause as { code?: string } | undefined;
  const reason = cause?.code ?? 'connection failed';
  switch (err.code) {
    case HttpErrorCodes.Unreachable:
    case HttpErrorCodes.Network:
      return new W365Error(IonErrorCodes.Unreachable, Failures.unreachable(field, host, reason), { cause: err, retryable: true, details: { target } });
    case HttpErrorCodes.Tls:
      return new W365Error(IonErrorCodes.TlsFailure, Failures.tls(field, host), { cause: err, details: { target } });
    case HttpErrorCodes.Timeout:
      return new W365Error(IonErrorCodes.Timeout, Failures.timeout(field, host), { cause: err, retryable: true, details: { target } });
    case UrlGuardErrorCodes.InsecureScheme:
    case UrlGuardErrorCodes.BlockedAddress:
      return new W365Error(IonErrorCodes.UrlBlocked, Failures.urlBlocked(field, err.message), { cause: err, details: { target } });
    case UrlGuardErrorCodes.Invalid:
      return new W365Error(IonErrorCodes.PropertyInvalid, Failures.urlInvalid(field, err.message), { cause: err, details: { target } });
    case HttpErrorCodes.BadJson:
      return new W365Error(IonErrorCodes.DistributorError, Failures.unreadable(`a request to the ${field}`, 'not JSON'), { cause: err, retryable: true });
    default:
      return undefined;
  }
}
