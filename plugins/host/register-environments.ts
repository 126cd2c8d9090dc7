/**
 * `register-webhooks` for a service that serves several environments (W365_ENVIRONMENTS_FILE): in
 * each environment, its own service endpoint at `/api/environments/<name>/webhooks/dataverse`,
 * carrying that environment's webhook key (its `webhookKey`, or the service-wide W365_WEBHOOK_KEY
 * when it has none), so one partner's Dataverse never holds another partner's key. Each endpoint's
 * description keeps its key's fingerprint, as for one environment; running it twice changes nothing.
 */
import { W365Error } from '../../common/errors';
import type { DataverseApi } from '../dataverse/api';
import { DataverseClient } from '../dataverse/client';
import type { Redactor } from '../shared/redact';
import { environmentsFromFile } from './environment-targets';
import { EnvironmentErrorCodes } from './environments';
import { EnvironmentMessages as M } from './environments-strings';
import { registerWebhooks, type RegistrationResult } from './register-webhooks';
import { environmentServiceUrl } from './webhook';

export interface RegisteredEnvironment {
  name: string;
  dv: DataverseApi;
  /** Its own key; absent: the service-wide key. */
  webhookKey?: string;
}

export type EnvironmentRegistration = RegistrationResult & { environment: string };

/** Registers each environment's endpoint with that environment's key, one environment after another. */
export async function registerEnvironmentWebhooks(
  environments: readonly RegisteredEnvironment[],
  input: { serviceUrl: string; serviceWebhookKey?: string },
): Promise<EnvironmentRegistration[]> {
  const results: EnvironmentRegistration[] = [];
  for (const e of environments) {
    const webhookKey = e.webhookKey ?? input.serviceWebhookKey;
    if (!webhookKey) throw new W365Error(EnvironmentErrorCodes.Invalid, M.webhookKeyMissing(`'${e.name}' webhookKey`));
    const serviceUrl = environmentServiceUrl(input.serviceUrl, e.name);
    results.push({ environment: e.name, ...(await registerWebhooks(e.dv, { serviceUrl, webhookKey })) });
  }
  return results;
}

/** What the command does with W365_ENVIRONMENTS_FILE: every environment's credential and key read as `w365 serve` reads them. */
export async function registerWebhooksFromFile(
  config: { file: string; caFile?: string },
  input: { serviceUrl: string; redactor: Redactor; env?: NodeJS.ProcessEnv },
): Promise<EnvironmentRegistration[]> {
  const env = input.env ?? process.env;
  const targets = await environmentsFromFile(config, input.redactor, env);
  const environments = targets.map((t) => ({
    name: t.name,
    dv: new DataverseClient({ webApiUrl: t.webApiUrl, tokenProvider: t.tokenProvider, ca: t.ca }),
    ...(t.webhookKey ? { webhookKey: t.webhookKey } : {}),
  }));
  const serviceWebhookKey = env.W365_WEBHOOK_KEY;
  input.redactor.addSecret(serviceWebhookKey);
  return registerEnvironmentWebhooks(environments, {
    serviceUrl: input.serviceUrl,
    ...(serviceWebhookKey ? { serviceWebhookKey } : {}),
  });
}
