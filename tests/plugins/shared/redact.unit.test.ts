/**
 * The redactor finds a secret however a distributor echoes it (URL-encoded, form-encoded, JSON-escaped,
 * base64, or any run of 8 or more of its characters, as the probe's echoing distributor did), and its
 * set of secrets stays bounded: issued tokens expire and the oldest go first, configured secrets stay.
 */
import { createHash } from 'node:crypto';
import { REDACTED, Redactor } from '../../../plugins/shared/redact';

const SECRET = 'Zx9+Qw/Er7=TpL0v"Kd8!\\m';

function jwt(expInSeconds: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ exp: expInSeconds, sub: 'x' })}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
}

describe('the redactor finds a secret in the forms distributors echo it', () => {
  const redactor = new Redactor();
  redactor.addSecret(SECRET);

  it.each([
    ['as it is', SECRET],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['URL-encoded with lower-case hex', encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
    ['form-encoded', new URLSearchParams({ s: SECRET }).toString().slice(2)],
    ['JSON-escaped', JSON.stringify(SECRET).slice(1, -1)],
    ['base64', Buffer.from(SECRET).toString('base64')],
    ['base64url', Buffer.from(SECRET).toString('base64url')],
    ['its first 12 characters', SECRET.slice(0, 12)],
    ['8 characters from its middle', SECRET.slice(5, 13)],
    ['the start of its URL-encoded form', `${encodeURIComponent(SECRET).slice(0, 14)}…`],
  ])('%s', (_label, echoed) => {
    const out = redactor.redactString(`invalid_client: client_secret ${echoed} is not valid`);
    expect(out).toBe(`invalid_client: client_secret ${REDACTED}${echoed.endsWith('…') ? '…' : ''} is not valid`);
  });

  it('inside a JSON body, as an error detail quotes it', () => {
    const body = JSON.stringify({ error: 'invalid_client', detail: `got ${SECRET}` });
    expect(redactor.redactString(body)).not.toMatch(/Zx9|Qw\/Er7|TpL0v/);
  });

  it('leaves text that shares fewer than 8 characters in a row alone', () => {
    expect(redactor.redactString('Zx9+Qw/ and Er7=TpL')).toBe('Zx9+Qw/ and Er7=TpL');
  });

  it('in log objects, deeply', () => {
    const out = redactor.redact({ a: { b: [`x ${encodeURIComponent(SECRET)} y`] } });
    expect(out).toEqual({ a: { b: [`x ${REDACTED} y`] } });
  });
});

describe('the redactor keeps a bounded set of secrets', () => {
  it('forgets an issued token once its lifetime (and a grace) has passed; a configured secret stays', () => {
    let now = 1_000_000;
    const redactor = new Redactor({ now: () => now });
    redactor.addSecret('configured-client-secret-0123');
    redactor.addToken('issued-access-token-abcdef0123', 60_000);
    expect(redactor.redactString('issued-access-token-abcdef0123')).toBe(REDACTED);
    now += 60_000 + 11 * 60_000;
    expect(redactor.redactString('issued-access-token-abcdef0123')).toBe('issued-access-token-abcdef0123');
    now += 365 * 24 * 3_600_000;
    expect(redactor.redactString('configured-client-secret-0123')).toBe(REDACTED);
    expect(redactor.size).toBe(1);
  });

  it('keeps a JWT until its own expiry, even when registered as a secret', () => {
    let now = Date.UTC(2026, 11, 1);
    const redactor = new Redactor({ now: () => now });
    const token = jwt(now / 1000 + 3600);
    redactor.addSecret(token);
    expect(redactor.redactString(`token ${token}`)).toBe(`token ${REDACTED}`);
    now += 2 * 3_600_000;
    expect(redactor.redactString(token)).toBe(token);
    expect(redactor.size).toBe(0);
  });

  it('holds at most maxTokens issued tokens, dropping the least recently registered', () => {
    const redactor = new Redactor({ maxTokens: 3 });
    // Random-looking, as real tokens are (tokens sharing 8 characters in a row would mask each other).
    const token = (i: number) => createHash('sha256').update(`token ${i}`).digest('base64url');
    redactor.addSecret('configured-secret-stays-forever');
    for (let i = 0; i < 5; i++) redactor.addToken(token(i));
    redactor.addToken(token(2)); // used again: now the most recent
    redactor.addToken(token(5));
    expect(redactor.size).toBe(4);
    for (const forgotten of [token(0), token(1), token(3)]) expect(redactor.redactString(forgotten)).toBe(forgotten);
    for (const kept of [token(2), token(4), token(5), 'configured-secret-stays-forever'])
      expect(redactor.redactString(kept)).toBe(REDACTED);
  });

  it('stays bounded however many tokens a long-running service is issued', () => {
    const redactor = new Redactor();
    for (let i = 0; i < 2_000; i++) redactor.addToken(`token-${i}-${'x'.repeat(40)}`);
    expect(redactor.size).toBeLessThanOrEqual(64);
  });
});
