/**
 * The Ion sandbox's OAuth, strict on purpose so that a connector bug cannot pass against it:
 *  - refresh tokens are single-use and rotate on every renewal; the spec says so [C]. A used, unknown or
 *    expired refresh token gets Ion's token error, HTTP 400 `{"error":"cannot validate token: redis: nil"}`
 *    [C body; that a reused token gets exactly this one is I].
 *  - reusing a refresh token also revokes every token issued from it since (the usual reuse-detection
 *    rule of OAuth servers [I: whether Ion does this is unknown]; on by default, the strictest case).
 *  - access tokens live 7200 s and refresh tokens 32 days unless configured otherwise [C].
 *  - "Request New Credentials" (issueCredentials) starts a new chain and revokes the older ones [I].
 */
import { randomBytes } from 'node:crypto';

export const TOKEN_ERROR = 'cannot validate token: redis: nil';

interface RefreshRecord {
  chain: number;
  expiresAtInMs: number;
  usedAtInMs?: number;
  /** The refresh token issued when this one was used. */
  successor?: string;
  revoked: boolean;
}

interface AccessRecord {
  chain: number;
  expiresAtInMs: number;
  /** The refresh token issued together with it (what validateAccess reports on). */
  refreshToken: string;
}

export type RenewOutcome =
  | { ok: true; accessToken: string; refreshToken: string; expiresInSeconds: number }
  | { ok: false; status: number; error: string; reused: boolean };

export interface IonAuthOptions {
  accessTokenTtlInSeconds: number;
  refreshTokenTtlInSeconds: number;
  revokeChainOnReuse: boolean;
  nowInMs?: () => number;
}

export interface IonAuthStats {
  renewals: number;
  refusedRenewals: number;
  /** Refusals of a refresh token that had been used before: what a client must never cause. */
  reusedRefreshTokens: number;
}

function token(bytes: number): string {
  // Upper-case base32-like text, as the spec's examples look ("ZMM4MGEZMZGT...") [C shape].
  return randomBytes(bytes)
    .toString('base64url')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'A');
}

export class IonSandboxAuth {
  private readonly refresh = new Map<string, RefreshRecord>();
  private readonly access = new Map<string, AccessRecord>();
  private chain = 0;
  readonly stats: IonAuthStats = { renewals: 0, refusedRenewals: 0, reusedRefreshTokens: 0 };
  private readonly now: () => number;

  constructor(private readonly options: IonAuthOptions) {
    this.now = options.nowInMs ?? Date.now;
  }

  /** What the Ion portal's "Request New Credentials" gives: a fresh refresh token; older chains die. */
  issueCredentials(refreshToken = token(36)): string {
    for (const record of this.refresh.values()) record.revoked = true;
    for (const record of this.access.values()) record.expiresAtInMs = 0;
    this.chain++;
    this.refresh.set(refreshToken, {
      chain: this.chain,
      expiresAtInMs: this.now() + this.options.refreshTokenTtlInSeconds * 1000,
      revoked: false,
    });
    return refreshToken;
  }

  renew(refreshToken: string | undefined): RenewOutcome {
    const record = refreshToken ? this.refresh.get(refreshToken) : undefined;
    const now = this.now();
    if (!record || record.revoked || record.expiresAtInMs <= now || record.usedAtInMs !== undefined) {
      this.stats.refusedRenewals++;
      const reused = record?.usedAtInMs !== undefined;
      if (reused) {
        this.stats.reusedRefreshTokens++;
        if (this.options.revokeChainOnReuse) this.revokeFrom(record);
      }
      return { ok: false, status: 400, error: TOKEN_ERROR, reused };
    }
    record.usedAtInMs = now;
    const next = token(36);
    record.successor = next;
    this.refresh.set(next, {
      chain: record.chain,
      expiresAtInMs: now + this.options.refreshTokenTtlInSeconds * 1000,
      revoked: false,
    });
    const accessToken = token(36);
    this.access.set(accessToken, {
      chain: record.chain,
      expiresAtInMs: now + this.options.accessTokenTtlInSeconds * 1000,
      refreshToken: next,
    });
    this.stats.renewals++;
    return { ok: true, accessToken, refreshToken: next, expiresInSeconds: this.options.accessTokenTtlInSeconds };
  }

  /** Revoke the tokens descending from a reused one, and the access tokens of its chain. */
  private revokeFrom(record: RefreshRecord): void {
    let successor = record.successor;
    while (successor) {
      const next = this.refresh.get(successor);
      if (!next) break;
      next.revoked = true;
      successor = next.successor;
    }
    for (const a of this.access.values()) if (a.chain === record.chain) a.expiresAtInMs = 0;
  }

  /** A live bearer token, or why not. */
  checkBearer(authorization: string | undefined): { ok: true } | { ok: false; message: string } {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const record = bearer ? this.access.get(bearer[1]) : undefined;
    if (!record) return { ok: false, message: 'missing or invalid access token' };
    if (record.expiresAtInMs <= this.now()) return { ok: false, message: 'access token expired' };
    return { ok: true };
  }

  /** `/oauth/validateAccess`: seconds left of the access token and of the refresh token issued with it. */
  validate(accessToken: string | undefined): { access_expires_in: number; refresh_expires_in: number } | undefined {
    const record = accessToken ? this.access.get(accessToken) : undefined;
    const now = this.now();
    if (!record || record.expiresAtInMs <= now) return undefined;
    const refresh = this.refresh.get(record.refreshToken);
    const refreshLeft =
      refresh && !refresh.revoked && refresh.usedAtInMs === undefined
        ? Math.max(0, Math.floor((refresh.expiresAtInMs - now) / 1000))
        : 0;
    return { access_expires_in: Math.floor((record.expiresAtInMs - now) / 1000), refresh_expires_in: refreshLeft };
  }

  /** Whether `refreshToken` would be accepted now (for tests: is the partner locked out?). */
  isLive(refreshToken: string): boolean {
    const r = this.refresh.get(refreshToken);
    return Boolean(r && !r.revoked && r.usedAtInMs === undefined && r.expiresAtInMs > this.now());
  }

  /** Every refresh token that is live now (normally exactly one per chain). */
  liveRefreshTokens(): string[] {
    return [...this.refresh.keys()].filter((t) => this.isLive(t));
  }
}
