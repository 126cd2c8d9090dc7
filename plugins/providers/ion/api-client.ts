/**
 * GETs against the Ion v3 API under /api/v3/accounts/{accountId}/ with `Authorization: Bearer` [C].
 * Non-success answers carry Ion's Google-RPC error body and become connector errors that say which
 * setting to fix. A 401 gets one more try with a renewed token (Ion may have revoked the access token);
 * everything else that is worth retrying is retried by the HTTP client (the one policy).
 */
import { W365Error } from '../../../common/errors';
import type { HttpClient, HttpResponse } from '../../shared/http';
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import { safeDetail, tryParseJson } from '../common/errors';
import { sendOptions, type CallOptions } from '../common/request';
import { IonErrorCodes, fromTransportError, readErrorBody } from './errors';
import type { IonSettings } from './properties';
import { Failures, Labels } from './strings';
import type { IonTokenManager, TokenMode } from './token-manager';

export interface ApiRequestOptions extends CallOptions {
  /** Answer undefined for Ion's own 404 NOT_FOUND instead of throwing. */
  allowNotFound?: boolean;
  tokenMode?: TokenMode;
}

export interface IonApiDeps {
  http: HttpClient;
  redactor: Redactor;
  logger: Logger;
}

export class IonApi {
  constructor(
    private readonly deps: IonApiDeps,
    private readonly tokens: IonTokenManager,
  ) {}

  /**
   * GET `path` (relative to the account's API URL, query included) and return the parsed JSON.
   * @param what what is being read, for messages ("customers page 3").
   */
  async get(settings: IonSettings, path: string, what: string, options: ApiRequestOptions = {}): Promise<unknown> {
    return this.call('GET', settings, path, undefined, what, options);
  }

  /**
   * POST a JSON body to `path` and return the parsed JSON answer. Ion reads report data with POSTs that
   * change nothing (the body is the report's specs) [C: Reports API], so they are as safe to retry as a GET.
   */
  async post(
    settings: IonSettings,
    path: string,
    body: Record<string, unknown>,
    what: string,
    options: ApiRequestOptions = {},
  ): Promise<unknown> {
    return this.call('POST', settings, path, body, what, options);
  }

  private async call(
    method: 'GET' | 'POST',
    settings: IonSettings,
    path: string,
    body: Record<string, unknown> | undefined,
    what: string,
    options: ApiRequestOptions,
  ): Promise<unknown> {
    const url = new URL(path, settings.accountApiUrl).toString();
    let token = await this.tokens.accessToken(settings, { signal: options.signal, mode: options.tokenMode });
    let res = await this.send(method, url, token, body, options);
    if (res.status === 401) {
      // The access token may have been revoked at Ion: renew once (under the lease) and try again.
      this.deps.logger.debug({ what }, 'Ion refused the access token; renewing once');
      token = await this.tokens.accessToken(settings, { signal: options.signal, rejected: token });
      res = await this.send(method, url, token, body, options);
    }
    const json = tryParseJson(res.text);
    if (res.status >= 200 && res.status < 300) {
      if (json === undefined)
        throw new W365Error(IonErrorCodes.DistributorError, Failures.unreadable(what, 'not JSON'), {
          retryable: true,
          details: { target: 'api', status: res.status, what },
        });
      return json;
    }
    const error = readErrorBody(json);
    const detail = safeDetail(error ? [error.error, error.message].filter(Boolean).join(': ') : '', this.deps.redactor);
    const details = {
      target: 'api',
      status: res.status,
      what,
      ...(error ? { distributorCode: error.error } : {}),
      ...(error?.requestId ? { requestId: error.requestId } : {}),
    };
    if (res.status === 404 && error && options.allowNotFound) return undefined;
    if (res.status === 401)
      throw new W365Error(IonErrorCodes.CredentialsRejected, Failures.accessTokenRejected(detail), { details });
    if (res.status === 403)
      throw new W365Error(IonErrorCodes.AccountRejected, Failures.accountRejected(detail), { details });
    if (res.status === 429)
      throw new W365Error(IonErrorCodes.DistributorError, Failures.throttled(what), { details, retryable: true });
    // A 404 without Ion's error body means the host is not Ion (a proxy page, another service).
    if ((res.status === 404 || res.status === 405) && !error)
      throw new W365Error(IonErrorCodes.PropertyInvalid, Failures.apiNotFound(res.status), { details });
    throw new W365Error(IonErrorCodes.DistributorError, Failures.apiError(what, res.status, detail), {
      details,
      retryable: res.status >= 500,
    });
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    accessToken: string,
    body: Record<string, unknown> | undefined,
    options: ApiRequestOptions,
  ): Promise<HttpResponse> {
    try {
      return await this.deps.http.send({
        method,
        url,
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
        ...(body === undefined ? {} : { body }),
        urlField: Labels.endpointUrl,
        ...sendOptions(options),
      });
    } catch (err) {
      throw fromTransportError(err, 'api', url) ?? err;
    }
  }
}
