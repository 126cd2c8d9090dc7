/**
 * The Dicker Data B2B handshake [C-3p]: `POST /api/AccessKeyRequest` with JSON
 * `{ "TransactionID": "<uuid>", "AccessToken": "<long-lived token>", "AccountCode": "<account no>" }`
 * answers `{ "AccessKey", "ExpireDateTime", "Status", "Message" }`. A missing AccessKey means the
 * credentials were refused (the success values of Status are not documented, so they are not relied
 * on). The key is reused until shortly before ExpireDateTime, and requested once however many pages ask
 * at the same time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { W365Error } from '../../../common/errors';
import type { HttpClient, HttpResponse } from '../../shared/http';
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import { safeDetail, tryParseJson } from '../common/errors';
import { SharedRequests, sendOptions, type CallOptions } from '../common/request';
import { DickerErrorCodes, fromTransportError, readStatus } from './errors';
import type { DickerSettings } from './properties';
import { Failures, Labels } from './strings';

export const ACCESS_KEY_PATH = 'api/AccessKeyRequest';

/** When an answer's ExpireDateTime cannot be read, the key is trusted this long [I]. */
const FALLBACK_LIFETIME_IN_MS = 15 * 60_000;

export interface AccessKey {
  accessKey: string;
  expiresAt: Date;
}

export interface AccessKeyOptions extends CallOptions {
  /** Ignore the cache (Verify proves the stored Access Token still works). */
  forceRefresh?: boolean;
  /** A key the feed has just refused: never hand it out again (a newer one, or one already being fetched, will do). */
  rejected?: string;
}

export interface AccessKeyDeps {
  http: HttpClient;
  redactor: Redactor;
  logger: Logger;
  now: () => Date;
}

/**
 * ExpireDateTime is "ISO" [C-3p]; whether it carries a zone is unknown [?]. Without one it is read as
 * UTC [I]: if that is late by the Australian offset, the feed refuses the key and it is renewed once.
 */
function readExpiry(value: unknown, now: Date): Date {
  if (typeof value === 'string' && value.trim()) {
    const text = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value.trim()) ? value.trim() : `${value.trim()}Z`;
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return new Date(ms);
  }
  return new Date(now.getTime() + FALLBACK_LIFETIME_IN_MS);
}

export class DickerAccessKeys {
  private readonly cache = new Map<string, { key: AccessKey; renewAtInMs: number }>();
  private readonly inFlight = new SharedRequests<AccessKey>();

  /** @param renewMarginInMs renew this long before the key expires (at most half its life). Default 60 000 ms. */
  constructor(
    private readonly deps: AccessKeyDeps,
    private readonly renewMarginInMs = 60_000,
  ) {}

  private keyOf(s: DickerSettings): string {
    return `${s.baseUrl}\n${s.accountCode}\n${createHash('sha256').update(s.accessToken).digest('hex')}`;
  }

  async get(settings: DickerSettings, options: AccessKeyOptions = {}): Promise<AccessKey> {
    const k = this.keyOf(settings);
    const cached = this.cache.get(k);
    if (cached && options.rejected === cached.key.accessKey) this.cache.delete(k);
    else if (!options.forceRefresh && cached && this.deps.now().getTime() < cached.renewAtInMs) return cached.key;
    // Pages that were refused at the same time share one new key.
    const pending = this.inFlight.current(k);
    if (pending && !options.forceRefresh) return pending;
    return this.inFlight.start(k, () => this.request(settings, options));
  }

  private async request(settings: DickerSettings, options: AccessKeyOptions): Promise<AccessKey> {
    this.deps.redactor.addSecret(settings.accessToken);
    const url = new URL(ACCESS_KEY_PATH, settings.baseUrl).toString();
    let res: HttpResponse;
    try {
      res = await this.deps.http.send({
        method: 'POST',
        url,
        headers: { Accept: 'application/json' },
        body: { TransactionID: randomUUID(), AccessToken: settings.accessToken, AccountCode: settings.accountCode },
        urlField: Labels.endpointUrl,
        ...sendOptions(options),
      });
    } catch (err) {
      throw fromTransportError(err, url) ?? err;
    }
    const json = tryParseJson(res.text) as Record<string, unknown> | undefined;
    const accessKey = typeof json?.AccessKey === 'string' && json.AccessKey.trim() ? json.AccessKey.trim() : undefined;
    // A session key, issued again and again: kept by the redactor for a while, not for ever.
    this.deps.redactor.addToken(accessKey);
    const { status, message } = readStatus(json);
    const detail = safeDetail([status, message].filter(Boolean).join(': '), this.deps.redactor);
    const details = { target: 'accessKey', status: res.status };
    if (accessKey && res.status >= 200 && res.status < 300) {
      const now = this.deps.now();
      const key = { accessKey, expiresAt: readExpiry(json?.ExpireDateTime, now) };
      const lifeInMs = key.expiresAt.getTime() - now.getTime();
      this.cache.set(this.keyOf(settings), {
        key,
        renewAtInMs: key.expiresAt.getTime() - Math.min(this.renewMarginInMs, Math.max(0, lifeInMs / 2)),
      });
      this.deps.logger.debug({ expiresAt: key.expiresAt.toISOString() }, 'Dicker Data access key issued');
      return key;
    }
    if (res.status === 429 || res.status >= 500) {
      throw new W365Error(DickerErrorCodes.DistributorError, Failures.apiError('an access key', res.status, detail), {
        details,
        retryable: true,
      });
    }
    // A JSON answer without a key is Dicker's way of refusing the credentials [C-3p].
    if (json)
      throw new W365Error(DickerErrorCodes.CredentialsRejected, Failures.credentialsRejected(detail), { details });
    if (res.status === 404 || res.status === 405)
      throw new W365Error(DickerErrorCodes.PropertyInvalid, Failures.endpointNotFound(res.status), { details });
    throw new W365Error(
      DickerErrorCodes.DistributorError,
      Failures.accessKeyUnreadable(`HTTP ${res.status}, not JSON`),
      { details, retryable: res.status >= 500 },
    );
  }
}
