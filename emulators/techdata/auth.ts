/**
 * The sandbox's authentication, checked for real so that a connector bug cannot pass against it:
 * client credentials at the token endpoint (form-encoded, or HTTP Basic as PingFederate also accepts),
 * then on every API call a live bearer token, a TimeStamp close to the server's clock, a Signature that
 * is exactly base64("<access_token>:<SOIN>:<TimeStamp>"), and the right SOIN.
 */
import { randomBytes } from 'node:crypto';
import { sameSecret as same } from '../sandbox-kit/credentials';

export interface SandboxCredentials {
  clientId: string;
  clientSecret: string;
  soin: string;
}

export type TokenOutcome =
  | { ok: true; accessToken: string; expiresInSeconds: number }
  | { ok: false; status: number; error: string; description: string };

export type ApiAuthOutcome = { ok: true } | { ok: false; status: number; errorCode: string; errorMessage: string };

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export class SandboxAuth {
  private readonly tokens = new Map<string, number>();
  tokensIssued = 0;

  constructor(
    readonly credentials: SandboxCredentials,
    /** PingFederate's default access token life is 7200 s; it reports a second less [I]. */
    private readonly tokenTtlInSeconds: number,
    /** How far a TimeStamp may be from the server's clock [I: the real tolerance is unknown]. */
    private readonly maxClockSkewInSeconds: number,
    private readonly nowInMs: () => number = Date.now,
  ) {}

  /** The token endpoint: `grant_type=client_credentials` with the client id and secret. */
  issue(form: Record<string, string>, authorization: string | undefined, rejectAll: boolean): TokenOutcome {
    if (form.grant_type !== 'client_credentials') {
      return {
        ok: false,
        status: 400,
        error: 'unsupported_grant_type',
        description: 'Only client_credentials is supported.',
      };
    }
    let clientId = form.client_id;
    let clientSecret = form.client_secret;
    const basic = authorization && /^Basic\s+(.+)$/i.exec(authorization);
    if (basic) {
      const [id, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id);
      clientSecret = decodeURIComponent(rest.join(':'));
    }
    if (!clientId || !clientSecret)
      return {
        ok: false,
        status: 400,
        error: 'invalid_request',
        description: 'client_id and client_secret are required.',
      };
    // PingFederate's answer for a wrong id or secret [I: wording as commonly reported].
    if (rejectAll || !same(clientId, this.credentials.clientId) || !same(clientSecret, this.credentials.clientSecret)) {
      return {
        ok: false,
        status: 401,
        error: 'invalid_client',
        description: 'Invalid client or Invalid client credentials',
      };
    }
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, this.nowInMs() + this.tokenTtlInSeconds * 1000);
    this.tokensIssued++;
    this.prune();
    return { ok: true, accessToken, expiresInSeconds: Math.max(1, this.tokenTtlInSeconds - 1) };
  }

  private prune(): void {
    if (this.tokens.size < 1000) return;
    const now = this.nowInMs();
    for (const [t, expiry] of this.tokens) if (expiry <= now) this.tokens.delete(t);
  }

  /** Check an API call's headers; the order makes a signature bug visible even with a wrong SOIN. */
  check(headers: Record<string, string | string[] | undefined>, rejectSoin: boolean): ApiAuthOutcome {
    const bearer = /^Bearer\s+(\S+)$/i.exec(header(headers, 'authorization') ?? '');
    const token = bearer?.[1];
    const expiry = token ? this.tokens.get(token) : undefined;
    if (!token || expiry === undefined)
      return {
        ok: false,
        status: 401,
        errorCode: 'INVALID_TOKEN',
        errorMessage: 'The access token is missing or not valid.',
      };
    if (expiry <= this.nowInMs())
      return { ok: false, status: 401, errorCode: 'TOKEN_EXPIRED', errorMessage: 'The access token has expired.' };
    const soin = header(headers, 'soin');
    if (!soin)
      return { ok: false, status: 401, errorCode: 'MISSING_SOIN', errorMessage: 'The SOIN header is required.' };
    const timeStamp = header(headers, 'timestamp') ?? '';
    if (!/^\d{9,11}$/.test(timeStamp))
      return {
        ok: false,
        status: 401,
        errorCode: 'INVALID_TIMESTAMP',
        errorMessage: 'TimeStamp must be unix time in seconds.',
      };
    if (Math.abs(Number(timeStamp) - this.nowInMs() / 1000) > this.maxClockSkewInSeconds) {
      return {
        ok: false,
        status: 401,
        errorCode: 'TIMESTAMP_OUT_OF_RANGE',
        errorMessage: 'TimeStamp is too far from the server time.',
      };
    }
    const expected = Buffer.from(`${token}:${soin}:${timeStamp}`, 'utf8').toString('base64');
    if (!same(header(headers, 'signature') ?? '', expected))
      return {
        ok: false,
        status: 401,
        errorCode: 'INVALID_SIGNATURE',
        errorMessage: 'The request signature is not valid.',
      };
    if (rejectSoin || !same(soin, this.credentials.soin)) {
      return {
        ok: false,
        status: 403,
        errorCode: 'INVALID_SOIN',
        errorMessage: 'The SOIN is not valid for this client.',
      };
    }
    return { ok: true };
  }
}
