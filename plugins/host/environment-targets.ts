/**
 * The environments file made into the service's targets: per environment its credential read from
 * where the file says it is kept (`secret-references.ts`), and its own msal-node confidential client
 * (a client secret, or a certificate's signed assertion), so that every environment's tokens are its
 * own; and its webhook key, when it has its own (`webhookKey`, read the same ways). A failure names
 * the environment and the field (CONFIG_SECRET_UNRESOLVED, DATAVERSE_CERTIFICATE_INVALID,
 * CONFIG_ENVIRONMENTS_INVALID for a key too short or missing); no value ever appears in it.
 */
import * as fs from 'node:fs';
import { DefaultAzureCredential } from '@azure/identity';
import { CertificateTokenProvider } from '../dataverse/certificate-auth';
import { MsalTokenProvider, type TokenProvider } from '../dataverse/auth';
import type { EnvironmentTarget } from './environment-runtime';
import type { EnvironmentDefinition, EnvironmentsFile, SecretReference } from './environments-schema';
import type { Redactor } from '../shared/redact';
import { W365Error } from '../../common/errors';
import { EnvironmentErrorCodes, loadEnvironmentsFile } from './environments';
import { EnvironmentMessages as M } from './environments-strings';
import { AzureKeyVaultSecretReader, resolveCredential, resolveSecret, type SecretSources } from './secret-references';
import { MIN_WEBHOOK_KEY_LENGTH } from './webhook';

export interface TargetOptions extends SecretSources {
  /** An extra CA (PEM) every environment's HTTPS is checked against (W365_DATAVERSE_CA_FILE; test environments only). */
  ca?: string;
}

async function tokenProviderFor(env: EnvironmentDefinition, o: TargetOptions): Promise<TokenProvider> {
  const credential = await resolveCredential(env, o);
  const common = {
    environmentUrl: env.url,
    authority: env.authority,
    clientId: env.clientId,
    redactor: o.redactor,
    ...(o.ca ? { ca: o.ca } : {}),
  };
  if (credential.kind === 'secret') return new MsalTokenProvider({ ...common, clientSecret: credential.clientSecret });
  return new CertificateTokenProvider({
    ...common,
    certificate: credential.certificate,
    sendCertificateChain: credential.sendCertificateChain,
  });
}

function whereIs(ref: SecretReference): string {
  if ('env' in ref) return `environment variable ${ref.env}`;
  if ('file' in ref) return `the file ${ref.file}`;
  return `Key Vault secret ${ref.keyVault}`;
}

/**
 * An environment without its own webhook key takes the service-wide W365_WEBHOOK_KEY: without that
 * either, its webhook could not be opened at all. Every such environment is named at once.
 */
function checkWebhookKeysPresent(file: EnvironmentsFile, source: string, env: SecretSources['env']): void {
  if (env.W365_WEBHOOK_KEY) return;
  const problems = file.environments
    .map((e, i) => (e.webhookKey ? undefined : M.webhookKeyMissing(`environments[${i}].webhookKey`)))
    .filter((p): p is string => p !== undefined);
  if (problems.length > 0)
    throw new W365Error(EnvironmentErrorCodes.Invalid, M.invalidFile(source, problems), {
      details: { problems },
    });
}

/** The environment's own webhook key (registered with the Redactor), or undefined for the service-wide one. */
export async function webhookKeyOf(
  env: EnvironmentDefinition,
  index: number,
  o: SecretSources,
): Promise<string | undefined> {
  if (!env.webhookKey) return undefined;
  const field = `environments[${index}].webhookKey`;
  const key = await resolveSecret(env.webhookKey, field, o);
  if (key.length < MIN_WEBHOOK_KEY_LENGTH) {
    const problem = M.webhookKeyShort(field, whereIs(env.webhookKey), MIN_WEBHOOK_KEY_LENGTH);
    throw new W365Error(EnvironmentErrorCodes.Invalid, problem, { details: { problems: [problem] } });
  }
  return key;
}

/** Every environment's target, in the file's order; the credentials are read one environment at a time. */
export async function environmentTargets(file: EnvironmentsFile, o: TargetOptions): Promise<EnvironmentTarget[]> {
  const targets: EnvironmentTarget[] = [];
  for (const [index, env] of file.environments.entries()) {
    const webhookKey = await webhookKeyOf(env, index, o);
    targets.push({
      name: env.name,
      environmentUrl: env.url,
      webApiUrl: env.webApiUrl,
      tokenProvider: await tokenProviderFor(env, o),
      budget: env.budget,
      ...(webhookKey ? { webhookKey } : {}),
      ...(o.ca ? { ca: o.ca } : {}),
    });
  }
  return targets;
}

/**
 * What `w365 serve` does with W365_ENVIRONMENTS_FILE: reads and checks the file, then every
 * environment's credential (environment variables, files, or Key Vault with the service's identity).
 */
export async function environmentsFromFile(
  config: { file: string; caFile?: string },
  redactor: Redactor,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EnvironmentTarget[]> {
  const file = await loadEnvironmentsFile(config.file);
  checkWebhookKeysPresent(file, config.file, env);
  const ca = config.caFile ? await fs.promises.readFile(config.caFile, 'utf8') : undefined;
  const references = file.environments.map((e) => [e.credential, e.webhookKey]);
  const needsVault = JSON.stringify(references).includes('"keyVault"');
  // Only when a reference names a vault: DefaultAzureCredential probes for an identity when first used.
  const keyVault = needsVault ? new AzureKeyVaultSecretReader(new DefaultAzureCredential()) : undefined;
  return environmentTargets(file, { env, redactor, ...(keyVault ? { keyVault } : {}), ...(ca ? { ca } : {}) });
}
