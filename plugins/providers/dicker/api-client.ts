/**
 * POSTs to Dicker Data's B2B API with the access key in the body's RequestHeader [C-3p]. A refused key
 * (the feed's 401, see feed-mapping.ts) gets one more try with a new key; everything else worth retrying
 * is retried by the HTTP client (the one policy).
 */
import { randomUUID } from 'node:crypto';
import { W365Error } from '../../../common/errors';
import type { HttpClient, HttpResponse } from '../../shared/http';
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import { safeDetail, tryParseJson } from '../common/errors';
import { sendOptions, type CallOptions } from '../common/request';
import type { DickerAccessKeys } from './access-key';
import { DickerErrorCodes, fromTransportError, readStatus } from './errors';
import { ACCESS_KEY_REFUSED_STATUSES, FEED_PATH, feedRequest, type FeedRequestHeader } from './feed-mapping';
import { INVOICE_PATH, invoiceRequest } from './invoice-mapping';
import type { DickerSettings } from './properties';
import { Failures, Labels } from './strings';

export type FeedRequestOptions = CallOptions;

export interface DickerApiDeps {
  http: HttpClient;
  redactor: Redactor;
  logger: Logger;
}

export class DickerApi {
  constructor(
    private readonly deps: DickerApiDeps,
    private readonly keys: DickerAccessKeys,
  ) {}

  /** One page of the CSP feed, parsed JSON. @param what for messages ("feed page 3"). */
  async feedPage(
    settings: DickerSettings,
    pageNumber: number,
    pageSize: number,
    what: string,
    tenantId: string | undefined,
    options: FeedRequestOptions = {},
  ): Promise<unknown> {
    return this.post(
      settings,
      FEED_PATH,
      (header) => feedRequest(header, pageNumber, pageSize, tenantId),
      what,
      options,
    );
  }

  /** One page of the invoice feed (invoice-mapping.ts), parsed JSON. */
  async invoicePage(
    settings: DickerSettings,
    periodStart: string,
    pageNumber: number,
    pageSize: number,
    what: string,
    options: FeedRequestOptions = {},
  ): Promise<unknown> {
    return this.post(
      settings,
      INVOICE_PATH,
      (header) => invoiceRequest(header, periodStart, pageNumber, pageSize),
      what,
      options,
    );
  }

  /** POST `bodyOf(header)` to `path` with a valid access key; the answer's JSON, or a connector error. */
  private async post(
    settings: DickerSettings,
    path: string,
    bodyOf: (header: FeedRequestHeader) => Record<string, unknown>,
    what: string,
    options: FeedRequestOptions,
  ): Promise<unknown> {
    const url = new URL(path, settings.baseUrl).toString();
    const body = (accessKey: string) =>
      bodyOf({ transactionId: randomUUID(), accessToken: settings.accessToken, accessKey });
    let key = await this.keys.get(settings, options);
    let res = await this.send(url, body(key.accessKey), options);
    if (ACCESS_KEY_REFUSED_STATUSES.includes(res.status)) {
      // Keys expire (ExpireDateTime) and may be revoked earlier: a new one, once.
      this.deps.logger.debug({ what }, 'Dicker Data refused the access key; requesting a new one');
      key = await this.keys.get(settings, { ...options, rejected: key.accessKey });
      res = await this.send(url, body(key.accessKey), options);
    }
    const json = tryParseJson(res.text);
    if (res.status >= 200 && res.status < 300) {
      if (json === undefined)
        throw new W365Error(DickerErrorCodes.DistributorError, Failures.unreadable(what, 'not JSON'), {
          retryable: true,
        });
      return json;
    }
    const { status, message } = readStatus(json);
    const detail = safeDetail([status, message].filter(Boolean).join(': '), this.deps.redactor);
    const details = { target: 'feed', status: res.status, what };
    if (ACCESS_KEY_REFUSED_STATUSES.includes(res.status))
      throw new W365Error(DickerErrorCodes.CredentialsRejected, Failures.accessKeyRejectedByFeed(detail), { details });
    if (res.status === 403)
      throw new W365Error(DickerErrorCodes.AccountRejected, Failures.credentialsRejected(detail), { details });
    if (res.status === 429)
      throw new W365Error(DickerErrorCodes.DistributorError, Failures.throttled(what), { details, retryable: true });
    if ((res.status === 404 || res.status === 405) && json === undefined)
      throw new W365Error(DickerErrorCodes.PropertyInvalid, Failures.endpointNotFound(res.status), { details });
    throw new W365Error(DickerErrorCodes.DistributorError, Failures.apiError(what, res.status, detail), {
      details,
      retryable: res.status >= 500,
    });
  }

  private async send(url: string, body: Record<string, unknown>, options: FeedRequestOptions): Promise<HttpResponse> {
    try {
      return await this.deps.http.send({
        method: 'POST',
        url,
        headers: { Accept: 'application/json' },
        body,
        urlField: Labels.endpointUrl,
        ...sendOptions(options),
      });
    } catch (err) {
      throw fromTransportError(err, url) ?? err;
    }
  }
}
