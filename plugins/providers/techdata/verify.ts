/**
 * Verify Connectivity for TechData: the properties first, then a fresh token (never a cached one: the
 * point is to prove the stored credentials still work), then one cheap read (customers page 1). Each
 * failure becomes exactly one VerifyOutcome with a message naming what to fix. Verify is meant to be
 * quick: it uses its own short timeout and few retries.
 */
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import type { RetryOptions } from '../../shared/retry';
import { VerifyOutcomes, type ConfigProblem, type ListOptions, type ProviderConfig, type VerifyResult } from '../types';
import type { TechDataApi } from './api-client';
import { outcomeOf } from './errors';
import { readPageFrame } from './parse';
import { readTechDataSettings, validateTechDataConfig } from './properties';
import { Verify } from './strings';
import type { TechDataTokenSource } from './token';

export interface VerifySettings {
  /** Per request. Default 10 000 ms. */
  timeoutInMs: number;
  /** Per request; default 2 tries with waits of at most 2 s. */
  retry: RetryOptions;
}

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = { timeoutInMs: 10_000, retry: { maxTries: 2, maxRetryDelayInMs: 2_000 } };

export interface VerifyDeps {
  tokens: TechDataTokenSource;
  api: TechDataApi;
  redactor: Redactor;
  logger: Logger;
}

/** One message for all property problems, so the user fixes them in one go. */
export function describeProblems(problems: ConfigProblem[]): string {
  return Verify.propertiesIntro(problems.length) + problems.map((p) => p.message).join(' ');
}

export async function verifyTechData(deps: VerifyDeps, config: ProviderConfig, settingsForVerify: VerifySettings, options: ListOptions = {}): Promise<VerifyResult> {
  const problems = validateTechDataConfig(config);
  if (problems.length > 0) {
    // A missing property is reported before an invalid one: it is the first thing to fill in.
    const outcome = problems.some((p) => p.code === 'PROVIDER_PROPERTY_MISSING') ? VerifyOutcomes.PropertyMissing : VerifyOutcomes.PropertyInvalid;
    return { outcome, message: deps.redactor.redactString(describeProblems(problems)), step: 'properties' };
  }
  const settings = readTechDataSettings(config);
  deps.redactor.addSecret(settings.clientSecret);
  const request = { timeoutInMs: settingsForVerify.timeoutInMs, retry: settingsForVerify.retry, ...(options.signal ? { signal: options.signal } : {}) };
  let step: VerifyResult['step'] = 'token';
  try {
    await deps.tokens.getToken(settings, { ...request, forceRefresh: true });
    step = 'read';
    const body = await deps.api.get(settings, 'endCustomer/details/1', 'customers page 1', request);
    const frame = readPageFrame(body, 'endCustomers', 'customers page 1');
    return { outcome: VerifyOutcomes.Verified, message: Verify.verified(frame.items.length, frame.totalPages), step };
  } catch (err) {
    if (options.signal?.aborted) throw err;
    const outcome = outcomeOf(err);
    if (outcome) return { outcome, message: deps.redactor.redactString((err as Error).message), step };
    // Not an expected failure: a defect. Logged in full (redacted by the logger), reported plainly.
    deps.logger.error({ err, step }, 'TechData verify failed unexpectedly');
    return { outcome: VerifyOutcomes.DistributorError, message: Verify.unexpected, step };
  }
}
