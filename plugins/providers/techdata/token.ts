/**
 * The TechData access token: client credentials exchanged at the End Point URL (PingFederate,
 * `/as/token.oauth2`, form-encoded client_id, client_secret, grant_type=client_credentials [C-3p]),
 * cached until shortly before it expires, and fetched once however many pages ask at the same time.
 */
import { createHash } from 'node:crypto';
import { W365Error } from '../../../common/errors';
import type { HttpClient, HttpResponse } from '../../shared/http';
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import { safeDetail, tryParseJson } from '../common/errors';
import { lifetimeInSecondsOr } from '../common/records';
import { SharedRequests, sendOptions, type CallOptions } from '../common/request';
import { TechDataErrorCodes, fromTransportError } from './errors';
import type { TechDataSettings } from './properties';
import { Failures } from './strings';

/** Clients of the legacy API re-authenticate after 7200 s, so a 2 h life is assumed when none is given [I]. */
const DEFAULT_TOKEN_LIFETIME_IN_SECONDS = 7200;

/** OAuth error codes that mean "these client credentials are not accepted" (RFC 6749 §5.2). */
const CREDENTIAL_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant', 'access_denied']);

export interface TokenRequestOptions extends CallOptions {
  /** Ignore the cache (Verify Connectivity must prove the credentials still work). */
  forceRefresh?: boolean;
}

export interface TokenSourceDeps {
  http: HttpClient;
  redactor: Redactor;
  logger: Logger;
  now: () => Date;
}

interface CachedToken {
  accessToken: string;
  refreshAtInMs: number;
}

export class TechDataTokenSource {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new SharedRequests<string>();

  /**
   * @param refreshMarginInSeconds how long before expiry a token is replaced (default 300 s), capped at
   *   half its lifetime so that short-lived tokens are still reused.
   */
  constructor(
    private readonly deps: TokenSourceDeps,
    private readonly refreshMarginInSeconds = 300,
  ) {}

  /** Key by everything that decides which token TechData issues; the secret only as a hash. */
  private keyOf(s: TechDataSettings): string {
    const secretHash = createHash('sha256').update(s.clientSecret).digest('hex');
    return `${s.tokenUrl}\n${s.clientId}\n${secretHash}`;
  }

  async getToken(settings: TechDataSettings, options: TokenRequestOptions = {}): Promise<string> {
    const key = this.keyOf(settings);
    const cached = this.cache.get(key);
    if (!options.forceRefresh && cached && this.deps.now().getTime() < cached.refreshAtInMs) return cached.accessToken;
    const pending = this.inFlight.current(key);
    if (pending && !options.forceRefresh) return pending;
    return this.inFlight.start(key, () => this.fetchToken(settings, options));
  }

  /** Forget a token the API refused, so that the next call gets a new one. */
  invalidate(settings: TechDataSettings, accessToken: string): void {
    const key = this.keyOf(settings);
    if (this.cache.get(key)?.accessToken === accessToken) this.cache.delete(key);
  }

  private async fetchToken(settings: TechDataSettings, options: TokenRequestOptions): Promise<string> {
    this.deps.redactor.addSecret(settings.clientSecret);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
    });
    let res: HttpResponse;
    try {
      res = await this.deps.http.send({
        method: 'POST',
        url: settings.tokenUrl,
        headers: { Accept: 'application/json' },
        body,
        urlField: 'End Point URL',
        ...sendOptions(options),
      });
    } catch (err) {
      throw fromTransportError(err, 'token', settings.tokenUrl) ?? err;
    }
    const issuedAtInMs = this.deps.now().getTime();
    const json = tryParseJson(res.text) as Record<string, unknown> | undefined;
    const token = json && typeof json.access_token === 'string' && json.access_token ? json.access_token : undefined;
    // An issued token: kept by the redactor for its lifetime, then forgotten (the client secret stays).
    if (token)
      this.deps.redactor.addToken(
        token,
        lifetimeInSecondsOr(json?.expires_in, DEFAULT_TOKEN_LIFETIME_IN_SECONDS) * 1000,
      );
    if (res.status >= 200 && res.status < 300) {
      if (!token)
        throw new W365Error(TechDataErrorCodes.PropertyInvalid, Failures.tokenMissing, {
          details: { target: 'token', status: res.status },
        });
      const lifetimeInSeconds = lifetimeInSecondsOr(json?.expires_in, DEFAULT_TOKEN_LIFETIME_IN_SECONDS);
      const marginInSeconds = Math.min(this.refreshMarginInSeconds, lifetimeInSeconds / 2);
      this.cache.set(this.keyOf(settings), {
        accessToken: token,
        refreshAtInMs: issuedAtInMs + (lifetimeInSeconds - marginInSeconds) * 1000,
      });
      this.deps.logger.debug({ lifetimeInSeconds }, 'TechData token issued');
      return token;
    }
    throw this.tokenFailure(res.status, json);
  }

  private tokenFailure(status: number, json: Record<string, unknown> | undefined): W365Error {
    const oauthError = typeof json?.error === 'string' ? json.error : '';
    const description = typeof json?.error_description === 'string' ? json.error_description : '';
    const detail = safeDetail([oauthError, description].filter(Boolean).join(': '), this.deps.redactor);
    const details = { target: 'token', status, oauthError };
    // PingFederate answers 401 invalid_client for a wrong id or secret (RFC 6749 allows 400 too).
    if (status === 401 || CREDENTIAL_ERRORS.has(oauthError)) {
      return new W365Error(TechDataErrorCodes.CredentialsRejected, Failures.credentialsRejected(detail), { details });
    }
    if (status === 404 || status === 405)
      return new W365Error(TechDataErrorCodes.PropertyInvalid, Failures.tokenEndpointNotFound(status), { details });
    return new W365Error(TechDataErrorCodes.DistributorError, Failures.tokenEndpointError(status, detail), {
      details,
      retryable: status === 429 || status >= 500,
    });
  }
}
