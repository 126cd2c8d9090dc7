/**
 * The Dicker Data sandbox's B2B authentication, checked for real: the AccessKeyRequest handshake
 * (TransactionID, AccessToken, AccountCode -> AccessKey + ExpireDateTime) [C-3p], and on every feed call
 * a RequestHeader whose AccessKey is live and whose Token is the account's access token. What Dicker
 * answers to bad credentials is undocumented beyond "no AccessKey" [C-3p]: a 200 with Status "Failed"
 * and a Message [I]. ExpireDateTime is written without a zone [I: the format is only known as "ISO"].
 */
import { randomBytes } from 'node:crypto';
import { sameSecret as same } from '../sandbox-kit/credentials';

export interface DickerCredentials {
  accountCode: string;
  accessToken: string;
}

export type KeyOutcome =
  | { ok: true; status: 200; body: { AccessKey: string; ExpireDateTime: string; Status: 'Success'; Message: string } }
  | { ok: false; status: number; body: { Status: 'Failed'; Message: string } };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class DickerSandboxAuth {
  private readonly keys = new Map<string, number>();
  keysIssued = 0;

  constructor(
    readonly credentials: DickerCredentials,
    private readonly keyTtlInSeconds: number,
    private readonly nowInMs: () => number = Date.now,
  ) {}

  issue(body: unknown, rejectAll: boolean): KeyOutcome {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof b.TransactionID !== 'string' || !GUID.test(b.TransactionID))
      return { ok: false, status: 400, body: { Status: 'Failed', Message: 'TransactionID must be a GUID.' } };
    if (typeof b.AccessToken !== 'string' || typeof b.AccountCode !== 'string')
      return {
        ok: false,
        status: 400,
        body: { Status: 'Failed', Message: 'AccessToken and AccountCode are required.' },
      };
    if (
      rejectAll ||
      !same(b.AccountCode, this.credentials.accountCode) ||
      !same(b.AccessToken, this.credentials.accessToken)
    ) {
      return { ok: false, status: 200, body: { Status: 'Failed', Message: 'Invalid Account Code or Access Token.' } };
    }
    const key = randomBytes(16).toString('hex').toUpperCase();
    const expiresAtInMs = this.nowInMs() + this.keyTtlInSeconds * 1000;
    this.keys.set(key, expiresAtInMs);
    this.keysIssued++;
    return {
      ok: true,
      status: 200,
      body: {
        AccessKey: key,
        ExpireDateTime: new Date(expiresAtInMs).toISOString().slice(0, 19),
        Status: 'Success',
        Message: '',
      },
    };
  }

  /** The RequestHeader of a feed call: a live key and the account's own access token. */
  check(header: unknown): { ok: true } | { ok: false; message: string } {
    const h = (typeof header === 'object' && header !== null ? header : {}) as Record<string, unknown>;
    const expiry = typeof h.AccessKey === 'string' ? this.keys.get(h.AccessKey) : undefined;
    if (expiry === undefined || expiry <= this.nowInMs())
      return { ok: false, message: 'The AccessKey is invalid or has expired.' };
    if (typeof h.Token !== 'string' || !same(h.Token, this.credentials.accessToken))
      return { ok: false, message: 'The Token does not belong to this AccessKey.' };
    if (typeof h.TransactionID !== 'string' || !GUID.test(h.TransactionID))
      return { ok: false, message: 'TransactionID must be a GUID.' };
    return { ok: true };
  }

  /** Every key issued so far stops working (as when Dicker revokes them early). */
  revokeAll(): void {
    this.keys.clear();
  }
}
