/**
 * Verify Connectivity for StreamOne Ion: the properties first, then a token (the stored access token
 * when it is still good, else one safe renewal; a chain marked dead gets one more try, since the user
 * asked), then /oauth/validateAccess for how long the refresh token has left (informative only), then
 * one cheap read: the first page of customers. Each failure becomes exactly one VerifyOutcome with a
 * message naming what to fix. Verify uses its own short timeout and few retries.
 */
import { isW365Error } from '../../shared/errors';
import type { HttpClient } from '../../shared/http';
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import type { RetryOptions } from '../../shared/retry';
import { VerifyOutcomes, type ConfigProblem, type ListOptions, type ProviderConfig, type VerifyResult } from '../types';
import type { IonApi } from './api-client';
import { IonErrorCodes, outcomeOf } from './errors';
import { validateAccess } from './oauth';
import { readCustomersPage } from './parse';
import { readIonSettings, validateIonConfig } from './properties';
import { Failures, Verify } from './strings';
import type { IonTokenManager } from './token-manager';

export interface VerifySettings {
  /** Per request. Default 10 000 ms. */
  timeoutInMs: number;
  /** Per request; default 2 tries with waits of at most 2 s. */
  retry: RetryOptions;
  /** Customers asked for on the first page. Default 50. */
  pageSize: number;
}

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = { timeoutInMs: 10_000, retry: { maxTries: 2, maxRetryDelayInMs: 2_000 }, pageSize: 50 };

export interface VerifyDeps {
  http: HttpClient;
  tokens: IonTokenManager;
  api: IonApi;
  redactor: Redactor;
  logger: Logger;
}

/** One message for all property problems, so the user fixes them in one go. */
export function describeProblems(problems: ConfigProblem[]): string {
  return Verify.propertiesIntro(problems.length) + problems.map((p) => p.message).join(' ');
}

const DAY_IN_SECONDS = 86_400;

export async function verifyIon(deps: VerifyDeps, config: ProviderConfig, verifySettings: VerifySettings, options: ListOptions = {}): Promise<VerifyResult> {
  const problems = validateIonConfig(config);
  if (problems.length > 0) {
    const outcome = problems.some((p) => p.code === 'PROVIDER_PROPERTY_MISSING') ? VerifyOutcomes.PropertyMissing : VerifyOutcomes.PropertyInvalid;
    return { outcome, message: deps.redactor.redactString(describeProblems(problems)), step: 'properties' };
  }
  const settings = readIonSettings(config);
  deps.redactor.addSecret(settings.seedRefreshToken);
  const request = { timeoutInMs: verifySettings.timeoutInMs, retry: verifySettings.retry, ...(options.signal ? { signal: options.signal } : {}) };
  let step: VerifyResult['step'] = 'token';
  try {
    const token = await deps.tokens.accessToken(settings, { signal: options.signal, mode: 'verify' });
    // Informative only: a failure here says nothing the read below would not say better.
    const validity = await validateAccess({ http: deps.http, redactor: deps.redactor }, settings.validateUrl, token, { ...request, retry: false }).catch(() => undefined);
    // The refresh token issued with our access token has no time left: it was used elsewhere or expired.
    // The access token still works for a while, but the next renewal would fail: say so now [I: that
    // refresh_expires_in reports on the refresh token issued with the access token].
    if (validity && validity.refreshExpiresInSeconds <= 0) {
      return { outcome: VerifyOutcomes.CredentialsRejected, message: deps.redactor.redactString(Failures.refreshRejected('validateAccess: refresh_expires_in 0', undefined)), step };
    }
    step = 'read';
    const body = await deps.api.get(settings, `customers?pageSize=${verifySettings.pageSize}`, 'customers page 1', request);
    const frame = readCustomersPage(body, 'customers page 1');
    const daysLeft = validity ? Math.floor(validity.refreshExpiresInSeconds / DAY_IN_SECONDS) : undefined;
    return { outcome: VerifyOutcomes.Verified, message: Verify.verified(frame.items.length, frame.nextPageToken !== undefined, daysLeft), step };
  } catch (err) {
    if (options.signal?.aborted) throw err;
    // A service composed without a token store is a deployment defect, not a provider setting: the job fails with its own code.
    if (isW365Error(err) && err.code === IonErrorCodes.TokenStoreMissing) throw err;
    const outcome = outcomeOf(err);
    if (outcome) {
      const message = isW365Error(err) && err.code === IonErrorCodes.TokenLeaseBusy ? Verify.leaseBusy : (err as Error).message;
      return { outcome, message: deps.redactor.redactString(message), step };
    }
    deps.logger.error({ err, step }, 'Ion verify failed unexpectedly');
    return { outcome: VerifyOutcomes.DistributorError, message: Verify.unexpected, step };
  }
}
