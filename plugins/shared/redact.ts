/**
 * Keeps secrets out of logs, errors and job records. Two layers: known secret values (client secrets,
 * tokens) registered at run time are replaced wherever they appear in a string, and fields whose names
 * say they hold a secret are masked whatever their value.
 */
export const REDACTED = '[REDACTED]';

const SECRET_FIELD =
  /^(authorization|password|passwd|secret|client_?secret|clientsecret|access_?token|refresh_?token|id_?token|token|accesskey|access_key|apikey|api_key|authvalue|w365_password|w365_tokenstate|cookie|set-cookie|x-api-key|x-w365-webhook-key|signature|client_assertion)$/i;

export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD.test(name);
}

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Register a value that must never be printed. Values shorter than 6 characters are ignored (too many false hits). */
  addSecret(value: string | null | undefined): void {
    if (typeof value === 'string' && value.length >= 6) this.secrets.add(value);
  }

  redactString(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join(REDACTED);
    }
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
