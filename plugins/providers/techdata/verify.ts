/**
 * Verify Connectivity for TechData: the properties first, then a fresh token (never a cached one: the
 * point is to prove the stored credentials still work), then one cheap read (customers page 1). Each
 * failure becomes exactly one VerifyOutcome with a message naming what to fix (../common/verify.ts).
 * Verify is meant to be quick: it uses its own short timeout and few retries.
 */
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import { checkSettings, propertiesResult } from '../common/settings';
import { verifyFailure, verifyRequest, type VerifySettings } from '../common/verify';
import { VerifyOutcomes, type ListOptions, type ProviderConfig, type VerifyResult } from '../types';
import type { TechDataApi } from './api-client';
import { readPageFrame } from './parse';
import { TECHDATA_SETTINGS } from './properties';
import { Verify } from './strings';
import type { TechDataTokenSource } from './token';

export interface VerifyDeps {
  tokens: TechDataTokenSource;
  api: TechDataApi;
  redactor: Redactor;
  logger: Logger;
}

export async function verifyTechData(
  deps: VerifyDeps,
  config: ProviderConfig,
  settingsForVerify: VerifySettings,
  options: ListOptions = {},
): Promise<VerifyResult> {
  const checked = checkSettings(config, TECHDATA_SETTINGS, deps.redactor);
  if (!checked.ok) return propertiesResult(checked.problems, deps.redactor);
  const { settings } = checked;
  const request = verifyRequest(settingsForVerify, options.signal);
  let step: VerifyResult['step'] = 'token';
  try {
    await deps.tokens.getToken(settings, { ...request, forceRefresh: true });
    step = 'read';
    const body = await deps.api.get(settings, 'endCustomer/details/1', 'customers page 1', request);
    const frame = readPageFrame(body, 'endCustomers', 'customers page 1');
    return { outcome: VerifyOutcomes.Verified, message: Verify.verified(frame.items.length, frame.totalPages), step };
  } catch (err) {
    return verifyFailure(err, {
      step,
      signal: options.signal,
      redactor: deps.redactor,
      logger: deps.logger,
      distributor: 'TechData',
      unexpectedMessage: Verify.unexpected,
    });
  }
}
