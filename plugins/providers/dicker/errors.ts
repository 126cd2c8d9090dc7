/**
 * The Dicker Data connector's error codes, the reading of Dicker's `Status`/`Message` answer fields
 * [C-3p: the AccessKeyRequest answer], and the mapping of transport failures (plugins/shared/http.ts
 * codes) onto connector errors. Every failure ends as a W365Error whose code is one of VerifyOutcomes,
 * or PROVIDER_OPERATION_NOT_SUPPORTED.
 */
import { W365Error, isW365Error } from '../../shared/errors';
import { HttpErrorCodes } from '../../shared/http';
import { UrlGuardErrorCodes } from '../../shared/url-guard';
import { VerifyOutcomes, type VerifyOutcomeCode } from '../types';
import { Failures, Labels } from './strings';

export const DickerErrorCodes = {
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
} as const;

const OUTCOME_CODES = new Set<string>(Object.values(VerifyOutcomes));

export function outcomeOf(err: unknown): VerifyOutcomeCode | undefined {
  return isW365Error(err) && OUTCOME_CODES.has(err.code) ? (err.code as VerifyOutcomeCode) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `Status` and `Message` of a Dicker answer, when it has them (case of the names as Dicker writes them, or camel case [I]). */
export function readStatus(json: unknown): { status?: string; message?: string } {
  if (!isRecord(json)) return {};
  const pick = (...names: string[]) => names.map((n) => json[n]).find((v): v is string => typeof v === 'string' && v.trim() !== '')?.trim();
  return { status: pick('Status', 'status'), message: pick('Message', 'message') };
}

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

/** Turn what the HTTP client threw into a connector error naming the field to fix; undefined for anything else. */
export function fromTransportError(err: unknown, url: string): W365Error | undefined {
  if (!isW365Error(err)) return undefined;
  if (OUTCOME_CODES.has(err.code)) return err;
  const field = Labels.endpointUrl;
  const host = hostOf(url);
  const cause = err.cause as { code?: string } | undefined;
  switch (err.code) {
    case HttpErrorCodes.Unreachable:
    case HttpErrorCodes.Network:
      return new W365Error(DickerErrorCodes.Unreachable, Failures.unreachable(field, host, cause?.code ?? 'connection failed'), { cause: err, retryable: true });
    case HttpErrorCodes.Tls:
      return new W365Error(DickerErrorCodes.TlsFailure, Failures.tls(field, host), { cause: err });
    case HttpErrorCodes.Timeout:
      return new W365Error(DickerErrorCodes.Timeout, Failures.timeout(field, host), { cause: err, retryable: true });
    case UrlGuardErrorCodes.InsecureScheme:
    case UrlGuardErrorCodes.BlockedAddress:
      return new W365Error(DickerErrorCodes.UrlBlocked, Failures.urlBlocked(field, err.message), { cause: err });
    case UrlGuardErrorCodes.Invalid:
      return new W365Error(DickerErrorCodes.PropertyInvalid, Failures.urlInvalid(field, err.message), { cause: err });
    case HttpErrorCodes.BadJson:
      return new W365Error(DickerErrorCodes.DistributorError, Failures.unreadable(`a request to the ${field}`, 'not JSON'), { cause: err, retryable: true });
    default:
      return undefined;
  }
}
