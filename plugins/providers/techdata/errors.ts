/**
 * The TechData connector's error codes and the mapping of transport failures (plugins/shared/http.ts
 * codes) onto them. Every failure a listing or Verify can meet ends as a W365Error whose code is one of
 * VerifyOutcomes (so Verify maps errors to outcomes one to one), or PROVIDER_OPERATION_NOT_SUPPORTED.
 */
import { W365Error, isW365Error } from '../../shared/errors';
import { HttpErrorCodes } from '../../shared/http';
import type { Redactor } from '../../shared/redact';
import { UrlGuardErrorCodes } from '../../shared/url-guard';
import { VerifyOutcomes, type VerifyOutcomeCode } from '../types';
import { Failures, targetField, type Target } from './strings';

export const TechDataErrorCodes = {
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

/** The Verify outcome an error stands for, when it is one of ours. */
export function outcomeOf(err: unknown): VerifyOutcomeCode | undefined {
  return isW365Error(err) && OUTCOME_CODES.has(err.code) ? (err.code as VerifyOutcomeCode) : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured host';
  }
}

/** Distributor-supplied text, made safe for a message: redacted, one line, short. */
export function safeDetail(text: string | undefined, redactor: Redactor, maxLength = 200): string {
  if (!text) return '';
  // One line, without a closing full stop: it is quoted inside a sentence of ours.
  const oneLine = redactor.redactString(text).replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '');
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
}

/**
 * Turn what the HTTP client threw into a connector error naming the field to fix. Returns undefined for
 * anything that is not a transport failure (aborts, programming errors), which callers rethrow.
 */
export function fromTransportError(err: unknown, target: Target, url: string): W365Error | undefined {
  if (!isW365Error(err)) return undefined;
  if (OUTCOME_CODES.has(err.code)) return err;
  const field = targetField(target);
  const host = hostOf(url);
  const cause = err.cause as { code?: string } | undefined;
  const reason = cause?.code ?? 'connection failed';
  switch (err.code) {
    case HttpErrorCodes.Unreachable:
    case HttpErrorCodes.Network:
      return new W365Error(TechDataErrorCodes.Unreachable, Failures.unreachable(field, host, reason), { cause: err, retryable: true, details: { target } });
    case HttpErrorCodes.Tls:
      return new W365Error(TechDataErrorCodes.TlsFailure, Failures.tls(field, host), { cause: err, details: { target } });
    case HttpErrorCodes.Timeout:
      return new W365Error(TechDataErrorCodes.Timeout, Failures.timeout(field, host), { cause: err, retryable: true, details: { target } });
    case UrlGuardErrorCodes.InsecureScheme:
    case UrlGuardErrorCodes.BlockedAddress:
      // The guard's own message says why (and names the host, never a secret).
      return new W365Error(TechDataErrorCodes.UrlBlocked, Failures.urlBlocked(field, err.message), { cause: err, details: { target } });
    case UrlGuardErrorCodes.Invalid:
      return new W365Error(TechDataErrorCodes.PropertyInvalid, Failures.urlInvalid(field, err.message), { cause: err, details: { target } });
    case HttpErrorCodes.BadJson:
      return new W365Error(TechDataErrorCodes.DistributorError, Failures.unreadable(`a request to the ${field}`, 'not JSON'), { cause: err, retryable: true });
    default:
      return undefined;
  }
}
