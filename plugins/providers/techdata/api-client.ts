/**
 * Signed GETs against the TechData partner API. Every call carries [C-3p]:
 *   Authorization: Bearer <access_token>, SOIN: <SOIN>, TimeStamp: <unix seconds>,
 *   Signature: base64("<access_token>:<SOIN>:<TimeStamp>"), Content-Type and Accept: application/json
 * and answers in the `Result`/`BodyText` envelope. Non-success answers become connector errors that say
 * which setting to fix. Retries are the HTTP client's (the one policy); nothing here retries.
 */
import { W365Error } from '../../../common/errors';
import type { HttpClient, HttpResponse } from '../../shared/http';
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import { safeDetail, tryParseJson } from '../common/errors';
import { sendOptions, type CallOptions } from '../common/request';
import { TechDataErrorCodes, fromTransportError } from './errors';
import { mentionsSoin, readEnvelope } from './envelope';
import type { TechDataSettings } from './properties';
import { Failures, Labels } from './strings';
import type { TechDataTokenSource } from './token';

export type ApiRequestOptions = CallOptions;

export interface TechDataApiDeps {
  http: HttpClient;
  redactor: Redactor;
  logger: Logger;
  now: () => Date;
}

/** The Signature header: base64 of "<access_token>:<SOIN>:<TimeStamp>" [C-3p]. */
export function techDataSignature(accessToken: string, soin: string, timeStampInSeconds: number): string {
  return Buffer.from(`${accessToken}:${soin}:${timeStampInSeconds}`, 'utf8').toString('base64');
}

export class TechDataApi {
  constructor(
    private readonly deps: TechDataApiDeps,
    private readonly tokens: TechDataTokenSource,
  ) {}

  /**
   * GET `path` (relative to the API End Point URL) and return the envelope's BodyText.
   * @param what what is being read, for messages ("customers page 3").
   */
  async get(settings: TechDataSettings, path: string, what: string, options: ApiRequestOptions = {}): Promise<unknown> {
    const accessToken = await this.tokens.getToken(settings, options);
    const url = new URL(path, settings.apiBaseUrl).toString();
    // The TimeStamp is fixed per call: the HTTP client's retries resend the same headers. Its waits are
    // capped (60 s each, 4 at most), inside the 5-minute skew such APIs commonly allow [I].
    const timeStamp = Math.floor(this.deps.now().getTime() / 1000);
    let res: HttpResponse;
    try {
      res = await this.deps.http.send({
        method: 'GET',
        url,
        headers: {
          Authorization: `Bearer ${accessToken}`,
          SOIN: settings.soin,
          TimeStamp: String(timeStamp),
          Signature: techDataSignature(accessToken, settings.soin, timeStamp),
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        urlField: Labels.apiEndpointUrl,
        ...sendOptions(options),
      });
    } catch (err) {
      throw fromTransportError(err, 'api', url) ?? err;
    }
    const json = tryParseJson(res.text);
    const envelope = readEnvelope(json);
    if (res.status >= 200 && res.status < 300) {
      if (!envelope)
        throw new W365Error(
          TechDataErrorCodes.DistributorError,
          Failures.unreadable(what, 'not a Result/BodyText envelope'),
          { retryable: true },
        );
      if (envelope.ok) return envelope.body;
    }
    const detail = envelope && !envelope.ok ? safeDetail(envelope.detail, this.deps.redactor) : '';
    const details = {
      target: 'api',
      status: res.status,
      what,
      ...(envelope && !envelope.ok && envelope.code ? { distributorCode: envelope.code } : {}),
    };
    // A SOIN problem is an account problem whatever the status it comes with [I].
    if (mentionsSoin(envelope) || res.status === 403) {
      throw new W365Error(TechDataErrorCodes.AccountRejected, Failures.soinRejected(detail), { details });
    }
    if (res.status === 401) {
      this.tokens.invalidate(settings, accessToken);
      throw new W365Error(TechDataErrorCodes.CredentialsRejected, Failures.tokenRejectedByApi(detail), { details });
    }
    if (res.status === 429)
      throw new W365Error(TechDataErrorCodes.DistributorError, Failures.throttled(what), { details, retryable: true });
    // A 404 that is not TechData's own envelope means the base URL points somewhere else.
    if ((res.status === 404 || res.status === 405) && !envelope) {
      throw new W365Error(TechDataErrorCodes.PropertyInvalid, Failures.apiNotFound(res.status), { details });
    }
    if (res.status >= 200 && res.status < 300) {
      throw new W365Error(TechDataErrorCodes.DistributorError, Failures.apiFailedEnvelope(what, detail), { details });
    }
    throw new W365Error(TechDataErrorCodes.DistributorError, Failures.apiError(what, res.status, detail), {
      details,
      retryable: res.status >= 500,
    });
  }
}
