/**
 * What every connector's errors have in common: the codes (each one of VerifyOutcomes, so Verify maps
 * an error to its outcome one to one, or PROVIDER_OPERATION_NOT_SUPPORTED), the mapping of transport
 * failures (plugins/shared/http.ts and url-guard codes) onto them, and the reading of answers that may
 * not be JSON or may carry distributor text that is not safe to show as it is.
 */
import { W365Error, isW365Error } from '../../../common/errors';
import { HttpErrorCodes, sizeText } from '../../shared/http';
import type { Redactor } from '../../shared/redact';
import { UrlGuardErrorCodes } from '../../shared/url-guard';
import { VerifyOutcomes, type VerifyOutcomeCode } from '../types';
import type { TransportFailures } from './strings';

export const ConnectorErrorCodes = {
  PropertyMissing: VerifyOutcomes.PropertyMissing,
  PropertyInvalid: VerifyOutcomes.PropertyInvalid,
  CredentialsRejected: VerifyOutcomes.CredentialsRejected,
  AccountRejected: VerifyOutcomes.AccountRejected,
  Unreachable: VerifyOutcomes.Unreachable,
  TlsFailure: VerifyOutcomes.TlsFailure,
  DistributorError: VerifyOutcomes.DistributorError,
  Timeout: VerifyOutcomes.Timeout,
  UrlBlocked: VerifyOutcomes.UrlBlocked,
  ResponseTooLarge: VerifyOutcomes.ResponseTooLarge,
  OperationNotSupported: 'PROVIDER_OPERATION_NOT_SUPPORTED',
} as const;

const OUTCOME_CODES = new Set<string>(Object.values(VerifyOutcomes));

export function isVerifyOutcome(code: string): code is VerifyOutcomeCode {
  return OUTCOME_CODES.has(code);
}

/** The Verify outcome an error stands for, when its code is one. */
export function outcomeOf(err: unknown): VerifyOutcomeCode | undefined {
  return isW365Error(err) && isVerifyOutcome(err.code) ? err.code : undefined;
}

/** Parse a body that may not be JSON at all (an HTML error page from a proxy, say). */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Distributor-supplied text, made safe for a message: redacted, one line, short. */
export function safeDetail(text: string | undefined, redactor: Redactor, maxLength = 200): string {
  if (!text) return '';
  // One line, without a closing full stop: it is quoted inside a sentence of ours.
  const oneLine = redactor
    .redactString(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured host';
  }
}

/** The messages a transport failure needs; `unreadable` names the distributor, so it is the connector's. */
export type TransportFailureMessages = typeof TransportFailures & { unreadable: (what: string, why: string) => string };

export interface TransportContext {
  /** The label of the setting whose URL was called: the field the user can correct. */
  field: string;
  url: string;
  failures: TransportFailureMessages;
  /** Details for every error about the URL (not for an answer that is not JSON). */
  details?: Record<string, unknown>;
  /** Codes besides the Verify outcomes that are already the connector's own, passed through as they are. */
  keep?: (code: string) => boolean;
}

/**
 * Turn what the HTTP client threw into a connector error naming the field to fix. Returns undefined for
 * anything that is not a transport failure (aborts, programming errors), which callers rethrow.
 */
export function transportError(err: unknown, context: TransportContext): W365Error | undefined {
  if (!isW365Error(err)) return undefined;
  if (isVerifyOutcome(err.code) || context.keep?.(err.code)) return err;
  const { field, failures } = context;
  const host = hostOf(context.url);
  const cause = err.cause as { code?: string } | undefined;
  const reason = cause?.code ?? 'connection failed';
  const about = context.details ? { details: context.details } : {};
  switch (err.code) {
    case HttpErrorCodes.Unreachable:
    case HttpErrorCodes.Network:
      return new W365Error(ConnectorErrorCodes.Unreachable, failures.unreachable(field, host, reason), {
        cause: err,
        retryable: true,
        ...about,
      });
    case HttpErrorCodes.Tls:
      return new W365Error(ConnectorErrorCodes.TlsFailure, failures.tls(field, host), { cause: err, ...about });
    case HttpErrorCodes.Timeout:
      return new W365Error(ConnectorErrorCodes.Timeout, failures.timeout(field, host), {
        cause: err,
        retryable: true,
        ...about,
      });
    case UrlGuardErrorCodes.InsecureScheme:
    case UrlGuardErrorCodes.BlockedAddress:
      // The guard's own message says why (and names the host, never a secret).
      return new W365Error(ConnectorErrorCodes.UrlBlocked, failures.urlBlocked(field, err.message), {
        cause: err,
        ...about,
      });
    case UrlGuardErrorCodes.Invalid:
      return new W365Error(ConnectorErrorCodes.PropertyInvalid, failures.urlInvalid(field, err.message), {
        cause: err,
        ...about,
      });
    case HttpErrorCodes.TooLarge:
      // Not retryable: the same request would bring the same answer. The job fails; the service goes on.
      return new W365Error(
        ConnectorErrorCodes.ResponseTooLarge,
        failures.tooLarge(field, host, sizeText(Number(err.details?.maxResponseBytes))),
        { cause: err, ...about },
      );
    case HttpErrorCodes.BadJson:
      return new W365Error(
        ConnectorErrorCodes.DistributorError,
        failures.unreadable(`a request to the ${field}`, 'not JSON'),
        { cause: err, retryable: true },
      );
    default:
      return undefined;
  }
}
