/**
 * Resolves the secret references of an environments file: an environment variable, a file (a mounted
 * secret), or a Key Vault secret read with the service's identity (`DefaultAzureCredential`: the
 * managed identity in Azure, the developer's Azure CLI login locally). Every resolved value is
 * registered with the Redactor before it is returned. A failure names the field and the reference,
 * never a value (CONFIG_SECRET_UNRESOLVED).
 *
 * A certificate kept in Key Vault as a *certificate* is read through its secret (`/secrets/<name>`),
 * whose value is the PEM (content type application/x-pem-file) or a base64 PKCS#12 (PFX, Key Vault's
 * default); a PFX is converted to PEM here with node-forge.
 */
import * as fs from 'node:fs';
import type { TokenCredential } from '@azure/identity';
import { parseKeyVaultSecretIdentifier, SecretClient } from '@azure/keyvault-secrets';
import forge from 'node-forge';
import { W365Error, errorMessage } from '../../common/errors';
import type { CertificateSource } from '../dataverse/certificate-auth';
import type { Redactor } from '../shared/redact';
import type { EnvironmentDefinition, SecretReference } from './environments-schema';
import { EnvironmentErrorCodes } from './environments';
import { EnvironmentMessages as M } from './environments-strings';

export interface KeyVaultSecretReader {
  /** The current (or named) version's value of the secret at `uri`. */
  getSecret(uri: string): Promise<string>;
}

/** Key Vault through @azure/keyvault-secrets; one client per vault. */
export class AzureKeyVaultSecretReader implements KeyVaultSecretReader {
  private readonly clients = new Map<string, SecretClient>();

  constructor(private readonly credential: TokenCredential) {}

  async getSecret(uri: string): Promise<string> {
    const id = parseKeyVaultSecretIdentifier(uri);
    let client = this.clients.get(id.vaultUrl);
    if (!client) {
      client = new SecretClient(id.vaultUrl, this.credential);
      this.clients.set(id.vaultUrl, client);
    }
    const secret = await client.getSecret(id.name, id.version ? { version: id.version } : {});
    return secret.value ?? '';
  }
}

export interface SecretSources {
  env: Record<string, string | undefined>;
  redactor: Redactor;
  keyVault?: KeyVaultSecretReader;
  readFile?: (file: string) => Promise<string>;
}

export type ResolvedCredential =
  | { kind: 'secret'; clientSecret: string }
  | { kind: 'certificate'; certificate: CertificateSource; sendCertificateChain: boolean };

function unresolved(message: string): W365Error {
  return new W365Error(EnvironmentErrorCodes.SecretUnresolved, message, { retryable: false });
}

async function readReference(ref: SecretReference, field: string, sources: SecretSources): Promise<string> {
  if ('env' in ref) {
    const value = sources.env[ref.env];
    if (!value) throw unresolved(M.secretEmpty(field, `environment variable ${ref.env}`));
    return value;
  }
  if ('file' in ref) {
    let value: string;
    try {
      value = await (sources.readFile ?? ((f: string) => fs.promises.readFile(f, 'utf8')))(ref.file);
    } catch (err) {
      throw unresolved(M.secretFile(field, ref.file, (err as NodeJS.ErrnoException).code ?? errorMessage(err)));
    }
    // A mounted secret file often ends with a newline that is not part of the secret.
    value = value.replace(/\r?\n$/, '');
    if (!value) throw unresolved(M.secretEmpty(field, `the file ${ref.file}`));
    return value;
  }
  if (!sources.keyVault) throw unresolved(M.noKeyVault(field));
  let value: string;
  try {
    value = await sources.keyVault.getSecret(ref.keyVault);
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    throw unresolved(M.secretKeyVault(field, ref.keyVault, status ? `HTTP ${status}` : (err as Error).name));
  }
  if (!value) throw unresolved(M.secretEmpty(field, `Key Vault secret ${ref.keyVault}`));
  return value;
}

/** Reads one reference and registers the value with the Redactor. */
export async function resolveSecret(ref: SecretReference, field: string, sources: SecretSources): Promise<string> {
  const value = await readReference(ref, field, sources);
  sources.redactor.addSecret(value);
  return value;
}

/** A PEM as is; anything else is taken for a base64 PKCS#12 (PFX), as Key Vault keeps certificates. */
function pemOf(value: string, passphrase: string | undefined, field: string, redactor: Redactor): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(value.trim())), passphrase ?? '');
    const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
    const certs = bags(forge.pki.oids.certBag).map((b) => (b.cert ? forge.pki.certificateToPem(b.cert) : ''));
    const keys = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag), ...bags(forge.pki.oids.keyBag)].map((b) =>
      b.key ? forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(b.key))) : '',
    );
    const pem = [...certs, ...keys].filter(Boolean).join('\n');
    redactor.addSecret(keys.join('\n'));
    return pem;
  } catch (err) {
    throw unresolved(M.secretKeyVault(field, 'PKCS#12', errorMessage(err)));
  }
}

/** The environment's credential, read from wherever the file says it is kept. */
export async function resolveCredential(
  env: EnvironmentDefinition,
  sources: SecretSources,
): Promise<ResolvedCredential> {
  const at = `environment '${env.name}' credential`;
  const c = env.credential;
  if (c.kind === 'secret')
    return { kind: 'secret', clientSecret: await resolveSecret(c.secret, `${at}.secret`, sources) };
  const passphrase = c.passphrase
    ? await resolveSecret(c.passphrase, `${at}.certificate.passphrase`, sources)
    : undefined;
  const certificatePem = pemOf(
    await resolveSecret(c.certificate, `${at}.certificate`, sources),
    passphrase,
    `${at}.certificate`,
    sources.redactor,
  );
  const privateKeyPem = c.privateKey
    ? await resolveSecret(c.privateKey, `${at}.certificate.privateKey`, sources)
    : undefined;
  return {
    kind: 'certificate',
    certificate: {
      certificatePem,
      ...(privateKeyPem ? { privateKeyPem } : {}),
      ...(passphrase && privateKeyPem ? { passphrase } : {}),
    },
    sendCertificateChain: c.sendCertificateChain,
  };
}
