/**
 * Verify Connectivity for Dicker Data: the properties first, then a fresh access key (never a cached
 * one: the point is to prove the stored Account Code and Access Token still work), then one cheap read,
 * the first line of the CSP feed. Each failure becomes exactly one VerifyOutcome with a message naming
 * what to fix. Verify uses its own short timeout and few retries.
 */
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import type { RetryOptions } from '../../shared/retry';
import { VerifyOutcomes, type ConfigProblem, type ListOptions, type ProviderConfig, type VerifyResult } from '../types';
import type { DickerAccessKeys } from './access-key';
import type { DickerApi } from './api-client';
import { outcomeOf } from './errors';
import { readFeedPage } from './feed-mapping';
import { readDickerSettings, validateDickerConfig } from './properties';
import { Verify } from './strings';

export interface VerifySettings {
  /** Per request. Default 10 000 ms. */
  timeoutInMs: number;
  /** Per request; default 2 tries with waits of at most 2 s. */
  retry: RetryOptions;
}

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = { timeoutInMs: 10_000, retry: { maxTries: 2, maxRetryDelayInMs: 2_000 } };

export interface VerifyDeps {
  keys: DickerAccessKeys;
  api: DickerApi;
  redactor: Redactor;
  logger: Logger;
}

export function describeProblems(problems: ConfigProblem[]): string {
  return Verify.propertiesIntro(problems.length) + problems.map((p) => p.message).join(' ');
}

export async function verifyDicker(deps: VerifyDeps, config: ProviderConfig, verifySettings: VerifySettings, options: ListOptions = {}): Promise<VerifyResult> {
  const problems = validateDickerConfig(config);
  if (problems.length > 0) {
    const outcome = problems.some((p) => p.code === 'PROVIDER_PROPERTY_MISSING') ? VerifyOutcomes.PropertyMissing : VerifyOutcomes.PropertyInvalid;
    return { outcome, message: deps.redactor.redactString(describeProblems(problems)), step: 'properties' };
  }
  const settings = readDickerSettings(config);
  deps.redactor.addSecret(settings.accessToken);
  const request = { timeoutInMs: verifySettings.timeoutInMs, retry: verifySettings.retry, ...(options.signal ? { signal: options.signal } : {}) };
  let step: VerifyResult['step'] = 'token';
  try {
    const key = await deps.keys.get(settings, { ...request, forceRefresh: true });
    step = 'read';
    const body = await deps.api.feedPage(settings, 1, 1, 'the first line of the CSP feed', undefined, request);
    const frame = readFeedPage(body, 1, 'the first line of the CSP feed');
    return { outcome: VerifyOutcomes.Verified, message: Verify.verified(key.expiresAt.toISOString(), frame.totalPages), step };
  } catch (err) {
    if (options.signal?.aborted) throw err;
    const outcome = outcomeOf(err);
    if (outcome) return { outcome, message: deps.redactor.redactString((err as Error).message), step };
    deps.logger.error({ err, step }, 'Dicker Data verify failed unexpectedly');
    return { outcome: VerifyOutcomes.DistributorError, message: Verify.unexpected, step };
  }
}
