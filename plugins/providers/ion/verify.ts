/**
 * Verify Connectivity for StreamOne Ion: the properties first, then a token (the stored access token
 * when it is still good, else one safe renewal; a chain marked dead gets one more try, since the user
 * asked), then /oauth/validateAccess for how long the refresh token has left (informative only), then
 * one cheap read: the first page of customers. Each failure becomes exactly one VerifyOutcome with a
 * message naming what to fix. Verify uses its own short timeout and few retries.
 */
import { isW365Error } from '../../../common/errors';
import type { HttpClient } from '../../shared/http';
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import { checkSettings, propertiesResult } from '../common/settings';
import {
  DEFAULT_VERIFY_SETTINGS as COMMON_VERIFY_SETTINGS,
  verifyFailure,
  verifyRequest,
  type VerifySettings as CommonVerifySettings,
} from '../common/verify';
import { VerifyOutcomes, type ListOptions, type ProviderConfig, type VerifyResult } from '../types';
import type { IonApi } from './api-client';
import { IonErrorCodes, outcomeOf } from './errors';
import { validateAccess } from './oauth';
import { readCustomersPage } from './parse';
import { ION_SETTINGS } from './properties';
import { Failures, Verify } from './strings';
import type { IonTokenManager } from './token-manager';

export interface VerifySettings extends CommonVerifySettings {
  /** Customers asked for on the first page. Default 50. */
  pageSize: number;
}

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = { ...COMMON_VERIFY_SETTINGS, pageSize: 50 };

export interface VerifyDeps {
  http: HttpClient;
  tokens: IonTokenManager;
  api: IonApi;
  redactor: Redactor;
  logger: Logger;
}

const DAY_IN_SECONDS = 86_400;

export async function verifyIon(
  deps: VerifyDeps,
  config: ProviderConfig,
  verifySettings: VerifySettings,
  options: ListOptions = {},
): Promise<VerifyResult> {
  const checked = checkSettings(config, ION_SETTINGS, deps.redactor);
  if (!checked.ok) return propertiesResult(checked.problems, deps.redactor);
  const { settings } = checked;
  const request = verifyRequest(verifySettings, options.signal);
  let step: VerifyResult['step'] = 'token';
  try {
    const token = await deps.tokens.accessToken(settings, { signal: options.signal, mode: 'verify' });
    // Informative only: a failure here says nothing the read below would not say better.
    const validity = await validateAccess({ http: deps.http, redactor: deps.redactor }, settings.validateUrl, token, {
      ...request,
      retry: false,
    }).catch(() => undefined);
    // The refresh token issued with our access token has no time left: it was used elsewhere or expired.
    // The access token still works for a while, but the next renewal would fail: say so now [I: that
    // refresh_expires_in reports on the refresh token issued with the access token].
    if (validity && validity.refreshExpiresInSeconds <= 0) {
      return {
        outcome: VerifyOutcomes.CredentialsRejected,
        message: deps.redactor.redactString(
          Failures.refreshRejected('validateAccess: refresh_expires_in 0', undefined),
        ),
        step,
      };
    }
    step = 'read';
    const body = await deps.api.get(
      settings,
      `customers?pageSize=${verifySettings.pageSize}`,
      'customers page 1',
      request,
    );
    const frame = readCustomersPage(body, 'customers page 1');
    const daysLeft = validity ? Math.floor(validity.refreshExpiresInSeconds / DAY_IN_SECONDS) : undefined;
    return {
      outcome: VerifyOutcomes.Verified,
      message: Verify.verified(frame.items.length, frame.nextPageToken !== undefined, daysLeft),
      step,
    };
  } catch (err) {
    // A service composed without a token store is a deployment defect, not a provider setting: the job fails with its own code.
    if (isW365Error(err) && err.code === IonErrorCodes.TokenStoreMissing) throw err;
    return verifyFailure(err, {
      step,
      signal: options.signal,
      redactor: deps.redactor,
      logger: deps.logger,
      distributor: 'Ion',
      unexpectedMessage: Verify.unexpected,
      outcomeOf,
      messageOf: (e) =>
        isW365Error(e) && e.code === IonErrorCodes.TokenLeaseBusy ? Verify.leaseBusy : (e as Error).message,
    });
  }
}
