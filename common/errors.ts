/**
 * One base error for the service: a stable `code` (listed in docs/error-codes.md, which a test keeps
 * complete), a message a person can act on, an optional `cause`, and whether retrying can help.
 * Messages never carry secrets: callers pass values through `redact()` before they reach here.
 */
export class W365Error extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly fatal: boolean;
  readonly details?: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; retryable?: boolean; fatal?: boolean; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'W365Error';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.fatal = options.fatal ?? false;
    if (options.details) this.details = options.details;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export function isW365Error(e: unknown): e is W365Error {
  return e instanceof W365Error || (typeof e === 'object' && e !== null && (e as Error).name === 'W365Error');
}

/** The message of anything thrown, for logs and job summaries. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
