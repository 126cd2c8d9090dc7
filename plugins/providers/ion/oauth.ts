/**
 * Ion's OAuth endpoints at the host root [C]: `POST /oauth/token` (form grant_type=refresh_token and
 * refresh_token; answers access_token, expires_in 7200, a NEW refresh_token, token_type Bearer) and
 * `POST /oauth/validateAccess` (form access_token; answers access_expires_in and refresh_expires_in in
 * seconds). A refused token is a 400 with `{"error": "cannot validate token: redis: nil"}` [C spec].
 *
 * This module only speaks HTTP; the protocol that keeps the single-use refresh token safe is in
 * token-manager.ts. It never retries a renewal on its own beyond the HTTP client's policy, and it never
 * puts a token into a message.
 */
import { W365Error } from '../../../common/errors';
import type { HttpClient, HttpResponse } from '../../shared/http';
import type { Redactor } from '../../shared/redact';
import { safeDetail, tryParseJson } from '../common/errors';
import { lifetimeInSecondsOr } from '../common/records';
import { sendOptions, type CallOptions } from '../common/request';
import { IonErrorCodes, fromTransportError, readErrorBody } from './errors';
import { Failures, Labels } from './strings';

/** The spec's access token life [C]; used when an answer gives none. */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_IN_SECONDS = 7200;

export type RenewalOutcome =
  | { kind: 'issued'; accessToken: string; expiresInSeconds: number; refreshToken?: string }
  /** Ion answered that it does not accept this refresh token (expired, revoked, or already used). */
  | { kind: 'refused'; status: number; detail: string };

export type OAuthRequestOptions = CallOptions;

export interface OAuthDeps {
  http: HttpClient;
  redactor: Redactor;
}

async function postForm(
  deps: OAuthDeps,
  url: string,
  form: URLSearchParams,
  options: OAuthRequestOptions,
): Promise<HttpResponse> {
  try {
    return await deps.http.send({
      method: 'POST',
      url,
      headers: { Accept: 'application/json' },
      body: form,
      urlField: Labels.endpointUrl,
      ...sendOptions(options),
    });
  } catch (err) {
    throw fromTransportError(err, 'token', url) ?? err;
  }
}

/**
 * Exchange `refreshToken` for an access token and the next refresh token. Throws (W365Error) only when
 * Ion did not answer with a verdict on the token (transport failure, 5xx, not the Ion host).
 */
export async function renewWithRefreshToken(
  deps: OAuthDeps,
  tokenUrl: string,
  refreshToken: string,
  options: OAuthRequestOptions = {},
): Promise<RenewalOutcome> {
  // Rotating tokens are issued all day: the redactor keeps each for a while, not for ever.
  deps.redactor.addToken(refreshToken);
  // redirect_uri is optional (the SDK leaves it out) [C].
  const res = await postForm(
    deps,
    tokenUrl,
    new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    options,
  );
  const json = tryParseJson(res.text) as Record<string, unknown> | undefined;
  const accessToken = typeof json?.access_token === 'string' && json.access_token ? json.access_token : undefined;
  const newRefreshToken =
    typeof json?.refresh_token === 'string' && json.refresh_token ? json.refresh_token : undefined;
  // Register before anything else can print the answer.
  deps.redactor.addToken(accessToken);
  deps.redactor.addToken(newRefreshToken);
  const details = { target: 'token', status: res.status };
  if (res.status >= 200 && res.status < 300) {
    if (!accessToken)
      throw new W365Error(IonErrorCodes.DistributorError, Failures.tokenAnswerUnreadable('no access_token'), {
        details,
      });
    return {
      kind: 'issued',
      accessToken,
      expiresInSeconds: lifetimeInSecondsOr(json?.expires_in, DEFAULT_ACCESS_TOKEN_LIFETIME_IN_SECONDS),
      ...(newRefreshToken ? { refreshToken: newRefreshToken } : {}),
    };
  }
  const body = readErrorBody(json);
  const detail = safeDetail(body ? [body.error, body.message].filter(Boolean).join(': ') : '', deps.redactor);
  // Ion's verdict on the token is a 400 with an error body [C]; 401/403 with one mean the same [I].
  if (body && (res.status === 400 || res.status === 401 || res.status === 403))
    return { kind: 'refused', status: res.status, detail };
  if (res.status === 404 || res.status === 405)
    throw new W365Error(IonErrorCodes.PropertyInvalid, Failures.tokenEndpointNotFound(res.status), { details });
  throw new W365Error(IonErrorCodes.DistributorError, Failures.tokenEndpointError(res.status, detail), {
    details,
    retryable: res.status === 429 || res.status >= 500,
  });
}

export interface AccessValidity {
  accessExpiresInSeconds: number;
  refreshExpiresInSeconds: number;
}

/** How long the access token and its refresh token have left; undefined when Ion gives no answer to use. */
export async function validateAccess(
  deps: OAuthDeps,
  validateUrl: string,
  accessToken: string,
  options: OAuthRequestOptions = {},
): Promise<AccessValidity | undefined> {
  const res = await postForm(deps, validateUrl, new URLSearchParams({ access_token: accessToken }), options);
  if (res.status < 200 || res.status >= 300) return undefined;
  const json = tryParseJson(res.text) as Record<string, unknown> | undefined;
  const access = Number(json?.access_expires_in);
  const refresh = Number(json?.refresh_expires_in);
  if (!Number.isFinite(access) || !Number.isFinite(refresh)) return undefined;
  return { accessExpiresInSeconds: access, refreshExpiresInSeconds: refresh };
}
