/**
 * From a Provider row to a connector's typed settings, the same way for listings and for Verify: every
 * property problem at once (a missing one counts before an invalid one: it is the first thing to fill
 * in), and the secret registered with the redactor before anything can log it.
 */
import { W365Error } from '../../../common/errors';
import type { Redactor } from '../../shared/redact';
import { VerifyOutcomes, type ConfigProblem, type ProviderConfig, type VerifyResult } from '../types';
import { propertiesIntro } from './strings';

/** How one connector checks and reads its settings. */
export interface SettingsReader<S> {
  /** Every problem of the config; empty when it is fine. */
  validate(config: ProviderConfig): ConfigProblem[];
  /** Read a config that `validate` found fine. */
  read(config: ProviderConfig): S;
  /** The secret among the settings (client secret, refresh token, access token). */
  secretOf(settings: S): string;
}

/** One message for all property problems, so the user fixes them in one go. */
export function describeProblems(problems: ConfigProblem[]): string {
  return propertiesIntro(problems.length) + problems.map((p) => p.message).join(' ');
}

/** The outcome (and error code) that property problems stand for. */
export function problemsOutcome(
  problems: ConfigProblem[],
): typeof VerifyOutcomes.PropertyMissing | typeof VerifyOutcomes.PropertyInvalid {
  return problems.some((p) => p.code === 'PROVIDER_PROPERTY_MISSING')
    ? VerifyOutcomes.PropertyMissing
    : VerifyOutcomes.PropertyInvalid;
}

/** The settings of a config that has no problems, its secret registered; or its problems. */
export function checkSettings<S>(
  config: ProviderConfig,
  reader: SettingsReader<S>,
  redactor: Redactor,
): { ok: true; settings: S } | { ok: false; problems: ConfigProblem[] } {
  const problems = reader.validate(config);
  if (problems.length > 0) return { ok: false, problems };
  const settings = reader.read(config);
  redactor.addSecret(reader.secretOf(settings));
  return { ok: true, settings };
}

/** What Verify reports for property problems. */
export function propertiesResult(problems: ConfigProblem[], redactor: Redactor): VerifyResult {
  return {
    outcome: problemsOutcome(problems),
    message: redactor.redactString(describeProblems(problems)),
    step: 'properties',
  };
}

/** The settings for a listing; throws (W365Error, the outcome's code) naming the properties to fix. */
export function settingsOrThrow<S>(config: ProviderConfig, reader: SettingsReader<S>, redactor: Redactor): S {
  const checked = checkSettings(config, reader, redactor);
  if (checked.ok) return checked.settings;
  const { problems } = checked;
  throw new W365Error(problemsOutcome(problems), redactor.redactString(describeProblems(problems)), {
    details: { fields: problems.map((p) => p.field) },
  });
}
