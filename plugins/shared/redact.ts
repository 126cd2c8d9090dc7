/**
 * Keeps secrets out of logs, errors and job records. Two layers: known secret values (client secrets,
 * tokens) registered at run time are replaced wherever they appear in a string, in any common encoding
 * and in part (secret-index.ts), and fields whose names say they hold a secret are masked whatever
 * their value.
 *
 * Secrets come in two kinds. Configured ones (a client secret, the webhook key, a provider's password)
 * stay for the life of the process. Tokens a service is issued all day (access tokens, rotated refresh
 * tokens, session keys) expire: each is kept until its lifetime ends (a JWT's own `exp`, or what the
 * caller says, or a day) and the oldest go first past a count, so the set, and the cost of every log
 * line, stays bounded however long the service runs.
 */
import { SecretIndex } from './secret-index';

export const REDACTED = '[REDACTED]';

const SECRET_FIELD =
  /^(authorization|password|passwd|secret|client_?secret|clientsecret|access_?token|refresh_?token|id_?token|token|accesskey|access_key|apikey|api_key|authvalue|w365_password|w365_tokenstate|cookie|set-cookie|x-api-key|x-w365-webhook-key|signature|client_assertion)$/i;

export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** Shorter values are ignored (too many false hits). */
const MIN_SECRET_LENGTH = 6;

export interface RedactorOptions {
  /** Tokens kept at most; the least recently registered go first. Default 64. */
  maxTokens?: number;
  /** How long a token is kept when neither it (a JWT's exp) nor its caller says. Default 24 h. */
  defaultTokenLifetimeInMs?: number;
  /** The clock, in ms since the epoch. */
  now?: () => number;
}

const DEFAULT_MAX_TOKENS = 64;
const DAY_IN_MS = 24 * 60 * 60 * 1000;
/** A token is kept a little past its expiry: a log line about its last use may come late. */
const TOKEN_GRACE_IN_MS = 10 * 60 * 1000;

/** The expiry of a JWT (its `exp` claim), in ms since the epoch; undefined for anything else. */
export function jwtExpiryInMs(value: string): number | undefined {
  const parts = value.split('.');
  if (parts.length !== 3 || !/^eyJ/.test(parts[0])) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export class Redactor {
  private readonly configured = new Set<string>();
  /** Token -> when it may be forgotten; Map order is registration order (re-registering moves it last). */
  private readonly tokens = new Map<string, number>();
  private readonly index = new SecretIndex();
  private readonly maxTokens: number;
  private readonly defaultTokenLifetimeInMs: number;
  private readonly now: () => number;
  /** The earliest keepUntil among the tokens. */
  private nextExpiry = Infinity;

  constructor(options: RedactorOptions = {}) {
    this.maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
    this.defaultTokenLifetimeInMs = options.defaultTokenLifetimeInMs ?? DAY_IN_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * Register a value that must never be printed, for the life of the process (a configured secret).
   * A JWT is a token whatever the caller says: it is kept until its `exp`.
   */
  addSecret(value: string | null | undefined): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    if (jwtExpiryInMs(value) !== undefined) return this.addToken(value);
    if (this.configured.has(value)) return;
    this.forgetToken(value);
    this.configured.add(value);
    this.index.add(value);
  }

  /** Register an issued token, kept for `lifetimeInMs` (default: a JWT's exp, else a day), then forgotten. */
  addToken(value: string | null | undefined, lifetimeInMs?: number): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || this.configured.has(value)) return;
    const now = this.now();
    const expiry =
      lifetimeInMs !== undefined ? now + lifetimeInMs : (jwtExpiryInMs(value) ?? now + this.defaultTokenLifetimeInMs);
    const keepUntil = Math.min(expiry + TOKEN_GRACE_IN_MS, now + DAY_IN_MS);
    if (this.tokens.has(value)) this.tokens.delete(value);
    else this.index.add(value);
    this.tokens.set(value, keepUntil);
    this.nextExpiry = Math.min(this.nextExpiry, keepUntil);
    this.prune(now);
  }

  /** How many secrets are held (configured + tokens). */
  get size(): number {
    return this.configured.size + this.tokens.size;
  }

  private forgetToken(value: string): void {
    if (this.tokens.delete(value)) this.index.remove(value);
  }

  /** Forget expired tokens, and the oldest past maxTokens. Cheap when nothing is due (every log line calls it). */
  private prune(now: number): void {
    if (now < this.nextExpiry && this.tokens.size <= this.maxTokens) return;
    this.nextExpiry = Infinity;
    for (const [token, keepUntil] of this.tokens) {
      if (keepUntil <= now || this.tokens.size > this.maxTokens) this.forgetToken(token);
      else this.nextExpiry = Math.min(this.nextExpiry, keepUntil);
    }
  }

  redactString(text: string): string {
    this.prune(this.now());
    let out = this.index.mask(text, REDACTED);
    // Bearer tokens and query-string secrets, even when not registered.
    out = out.replace(/(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, `$1${REDACTED}`);
    out = out.replace(/([?&](?:code|client_secret|access_token|refresh_token|token|key)=)[^&\s"']+/gi, `$1${REDACTED}`);
    return out;
  }

  /** A deep copy of `value` with secret fields masked and secret values replaced. */
  redact<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return this.redactString(value) as unknown as T;
    if (value === null || typeof value !== 'object' || depth > 8) return value;
    if (value instanceof Error) {
      return {
        name: value.name,
        message: this.redactString(value.message),
        code: (value as { code?: unknown }).code,
      } as unknown as T;
    }
    if (Array.isArray(value)) return value.map((v) => this.redact(v, depth + 1)) as unknown as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isSecretFieldName(k) && v != null && v !== '' ? REDACTED : this.redact(v, depth + 1);
    }
    return out as T;
  }
}
