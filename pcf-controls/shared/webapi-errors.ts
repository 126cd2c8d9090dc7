/**
 * What a rejected `context.webAPI` call means for a person. The platform rejects with an object
 * carrying `errorCode` (a signed 32-bit number, e.g. -2147088238) and `message`; some hosts give the
 * hex form ('0x80060892') in `code`. Both are read.
 */
export type WebApiErrorKind = 'duplicateKey' | 'notFound' | 'versionMismatch' | 'throttled' | 'privilege' | 'other';

/** Dataverse error codes (Microsoft's error-code table), as unsigned hex. */
const KINDS: Readonly<Record<string, WebApiErrorKind>> = {
  '80060892': 'duplicateKey', // DuplicateRecordEntityKey: an alternate key already holds these values
  '80040237': 'duplicateKey', // DuplicateRecord
  '80040217': 'notFound', // ObjectDoesNotExist
  '80060891': 'notFound', // RecordNotFoundByEntityKey
  '80060882': 'versionMismatch', // ConcurrencyVersionMismatch
  '80072322': 'throttled',
  '80072321': 'throttled',
  '80072326': 'throttled',
  '80040220': 'privilege', // PrivilegeDenied
};

function hexOf(code: unknown): string | undefined {
  if (typeof code === 'number' && Number.isFinite(code)) return (code >>> 0).toString(16).padStart(8, '0');
  if (typeof code === 'string') {
    const m = /^(?:0x)?([0-9a-f]{8})$/i.exec(code.trim());
    if (m) return m[1].toLowerCase();
    const n = Number(code);
    if (Number.isInteger(n) && code.trim() !== '') return (n >>> 0).toString(16).padStart(8, '0');
  }
  return undefined;
}

export interface WebApiFailure {
  readonly kind: WebApiErrorKind;
  readonly message: string;
  /** Unsigned hex code when the error carried one. */
  readonly code?: string;
}

export function classifyWebApiError(error: unknown): WebApiFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const code = hexOf(e.errorCode) ?? hexOf(e.code);
  const message =
    typeof e.message === 'string' && e.message ? e.message : error instanceof Error ? error.message : String(error);
  const kind = (code && KINDS[code]) || (e.status === 404 ? 'notFound' : e.status === 429 ? 'throttled' : 'other');
  return { kind, message, ...(code ? { code: `0x${code}` } : {}) };
}
