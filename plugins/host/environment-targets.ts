/**
 * The environments file made into the service's targets: per environment its credential read from
 * where the file says it is kept (`secret-references.ts`), and its own msal-node confidential client
 * (a client secret, or a certificate's signed assertion), so that every environment's tokens are its
 * own. A failure names the environment and the field (CONFIG_SECRET_UNRESOLVED,
 * DATAVERSE_CERTIFICATE_INVALID); no value ever appears in it.
 */
import * as fs from 'node:fs';
import { DefaultAzureCredential } from '@azure/identity';
import { CertificateTokenProvider } from '../dataverse/certificate-auth';
import { MsalTokenProvider, type TokenProvider } from '../dataverse/auth';
import type { EnvironmentTarget } from './environment-runtime';
import type { EnvironmentDefinition, EnvironmentsFile } from './environments-schema';
import type { Redactor } from '../shared/redact';
import { loadEnvironmentsFile } from './environments';
import { AzureKeyVaultSecretReader, resolveCredential, type SecretSources } from './secret-references';

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

/** Every environment's target, in the file's order; the credentials are read one environment at a time. */
export async function environmentTargets(file: EnvironmentsFile, o: TargetOptions): Promise<EnvironmentTarget[]> {
  const targets: EnvironmentTarget[] = [];
  for (const env of file.environments) {
    targets.push({
      name: env.name,
      environmentUrl: env.url,
      webApiUrl: env.webApiUrl,
      tokenProvider: await tokenProviderFor(env, o),
      budget: env.budget,
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
  const ca = config.caFile ? await fs.promises.readFile(config.caFile, 'utf8') : undefined;
  const needsVault = JSON.stringify(file.environments.map((e) => e.credential)).includes('"keyVault"');
  // Only when a reference names a vault: DefaultAzureCredential probes for an identity when first used.
  const keyVault = needsVault ? new AzureKeyVaultSecretReader(new DefaultAzureCredential()) : undefined;
  return environmentTargets(file, { env, redactor, ...(keyVault ? { keyVault } : {}), ...(ca ? { ca } : {}) });
}
