/**
 * The parts of Verify Connectivity every connector shares: its own short timeout and few retries (the
 * user is waiting), and the turning of whatever a step threw into exactly one VerifyOutcome. Which steps
 * run (token, read) is each connector's.
 */
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import type { RetryOptions } from '../../shared/retry';
import { VerifyOutcomes, type VerifyOutcomeCode, type VerifyResult } from '../types';
import { outcomeOf } from './errors';

export interface VerifySettings {
  /** Per request. Default 10 000 ms. */
  timeoutInMs: number;
  /** Per request; default 2 tries with waits of at most 2 s. */
  retry: RetryOptions;
}

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = {
  timeoutInMs: 10_000,
  retry: { maxTries: 2, maxRetryDelayInMs: 2_000 },
};

/** A connector's verify settings: its defaults, with the timeout and retries its options override. */
export function verifySettingsFrom<S extends VerifySettings>(
  defaults: S,
  options: { verifyTimeoutInMs?: number; verifyRetry?: RetryOptions },
): S {
  return {
    ...defaults,
    ...(options.verifyTimeoutInMs !== undefined ? { timeoutInMs: options.verifyTimeoutInMs } : {}),
    ...(options.verifyRetry ? { retry: options.verifyRetry } : {}),
  };
}

/** The request options of every Verify request. */
export function verifyRequest(
  settings: VerifySettings,
  signal: AbortSignal | undefined,
): { timeoutInMs: number; retry: RetryOptions; signal?: AbortSignal } {
  return { timeoutInMs: settings.timeoutInMs, retry: settings.retry, ...(signal ? { signal } : {}) };
}

export interface VerifyFailureContext {
  step: VerifyResult['step'];
  signal?: AbortSignal;
  redactor: Redactor;
  logger: Logger;
  /** The distributor, for the log line of an unexpected failure ("TechData"). */
  distributor: string;
  /** What the user is told when the failure is a defect rather than an outcome. */
  unexpectedMessage: string;
  /** The connector's own outcome mapping, when it has codes beyond the outcomes. */
  outcomeOf?: (err: unknown) => VerifyOutcomeCode | undefined;
  /** The message for an outcome, when not the error's own. */
  messageOf?: (err: unknown) => string;
}

/**
 * What a Verify step threw, as its one outcome. An abort is rethrown (the caller gave up); anything that
 * is not an expected failure is a defect: logged in full (redacted by the logger), reported plainly.
 */
export function verifyFailure(err: unknown, context: VerifyFailureContext): VerifyResult {
  const { step } = context;
  if (context.signal?.aborted) throw err;
  const outcome = (context.outcomeOf ?? outcomeOf)(err);
  if (outcome) {
    const message = context.messageOf ? context.messageOf(err) : (err as Error).message;
    return { outcome, message: context.redactor.redactString(message), step };
  }
  context.logger.error({ err, step }, `${context.distributor} verify failed unexpectedly`);
  return { outcome: VerifyOutcomes.DistributorError, message: context.unexpectedMessage, step };
}
