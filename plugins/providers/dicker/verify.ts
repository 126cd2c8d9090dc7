/**
 * Verify Connectivity for Dicker Data: the properties first, then a fresh access key (never a cached
 * one: the point is to prove the stored Account Code and Access Token still work), then one cheap read,
 * the first line of the CSP feed. Each failure becomes exactly one VerifyOutcome with a message naming
 * what to fix (../common/verify.ts). Verify uses its own short timeout and few retries.
 */
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import { checkSettings, propertiesResult } from '../common/settings';
import { verifyFailure, verifyRequest, type VerifySettings } from '../common/verify';
import { VerifyOutcomes, type ListOptions, type ProviderConfig, type VerifyResult } from '../types';
import type { DickerAccessKeys } from './access-key';
import type { DickerApi } from './api-client';
import { readFeedPage } from './feed-mapping';
import { DICKER_SETTINGS } from './properties';
import { Verify } from './strings';

export interface VerifyDeps {
  keys: DickerAccessKeys;
  api: DickerApi;
  redactor: Redactor;
  logger: Logger;
}

export async function verifyDicker(
  deps: VerifyDeps,
  config: ProviderConfig,
  verifySettings: VerifySettings,
  options: ListOptions = {},
): Promise<VerifyResult> {
  const checked = checkSettings(config, DICKER_SETTINGS, deps.redactor);
  if (!checked.ok) return propertiesResult(checked.problems, deps.redactor);
  const { settings } = checked;
  const request = verifyRequest(verifySettings, options.signal);
  let step: VerifyResult['step'] = 'token';
  try {
    const key = await deps.keys.get(settings, { ...request, forceRefresh: true });
    step = 'read';
    const body = await deps.api.feedPage(settings, 1, 1, 'the first line of the CSP feed', undefined, request);
    const frame = readFeedPage(body, 1, 'the first line of the CSP feed');
    return {
      outcome: VerifyOutcomes.Verified,
      message: Verify.verified(key.expiresAt.toISOString(), frame.totalPages),
      step,
    };
  } catch (err) {
    return verifyFailure(err, {
      step,
      signal: options.signal,
      redactor: deps.redactor,
      logger: deps.logger,
      distributor: 'Dicker Data',
      unexpectedMessage: Verify.unexpected,
    });
  }
}
