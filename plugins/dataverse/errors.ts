/**
 * Dataverse errors as the service sees them: HTTP status, Dataverse's own error code (hex, e.g.
 * 0x80060892) and message, summarised (method, URL path without query values) and never with headers,
 * so that no token can leak through an error.
 */
import { W365Error } from '../../common/errors';

export const DataverseErrorCodes = {
  Request: 'DATAVERSE_REQUEST_FAILED',
  NotFound: 'DATAVERSE_NOT_FOUND',
  Duplicate: 'DATAVERSE_DUPLICATE_KEY',
  Concurrency: 'DATAVERSE_CONCURRENCY_CONFLICT',
  Throttled: 'DATAVERSE_THROTTLED',
  Unauthorized: 'DATAVERSE_UNAUTHORIZED',
  Unreachable: 'DATAVERSE_UNREACHABLE',
  Auth: 'DATAVERSE_AUTH_FAILED',
  BadResponse: 'DATAVERSE_BAD_RESPONSE',
} as const;

/** Dataverse error codes we act on. */
export const DV = {
  ObjectDoesNotExist: '0x80040217',
  RecordNotFoundByEntityKey: '0x80060891',
  DuplicateRecordEntityKey: '0x80060892',
  DuplicateRecord: '0x80040237',
  ConcurrencyVersionMismatch: '0x80060882',
} as const;

export class DataverseError extends W365Error {
  readonly status: number;
  readonly dataverseCode: string;

  constructor(status: number, dataverseCode: string, message: string, summary: string) {
    const code =
      status === 404
        ? DataverseErrorCodes.NotFound
        : status === 429
          ? DataverseErrorCodes.Throttled
          : status === 401 || status === 403
            ? DataverseErrorCodes.Unauthorized
            : status === 412 &&
                (dataverseCode === DV.DuplicateRecordEntityKey ||
                  dataverseCode === DV.DuplicateRecord ||
                  /already exists/i.test(message))
              ? DataverseErrorCodes.Duplicate
              : status === 412
                ? DataverseErrorCodes.Concurrency
                : DataverseErrorCodes.Request;
    super(code, `${summary}: ${status} ${dataverseCode ? `${dataverseCode} ` : ''}${message}`.trim(), {
      retryable: status === 429 || status >= 500,
    });
    this.status = status;
    this.dataverseCode = dataverseCode;
  }
}

export function isDataverseError(e: unknown): e is DataverseError {
  return e instanceof DataverseError;
}

/** The `{"error":{"code","message"}}` body, tolerating anything else. */
export function parseErrorBody(text: string): { code: string; message: string } {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return { code: body.error?.code ?? '', message: body.error?.message ?? text.slice(0, 300) };
  } catch {
    return { code: '', message: text.slice(0, 300) };
  }
}

/** `PATCH /w365_subscriptions(...)`: method and path, with no query string (it may carry values). */
export function summarise(method: string, url: string): string {
  const path = url.split('?')[0];
  const i = path.indexOf('/api/data/');
  return `${method} ${i >= 0 ? path.slice(i) : path}`;
}
