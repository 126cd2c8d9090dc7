/**
 * Secret references of the environments file: an environment variable, a file, or Key Vault (a fake
 * KeyVaultSecretReader here; the real one is @azure/keyvault-secrets), each value registered with the
 * Redactor; a certificate kept in Key Vault as a PFX is turned into PEM; a failure names the field.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import forge from 'node-forge';
import { parseEnvironments } from '../../../plugins/host/environments';
import { resolveCredential, type KeyVaultSecretReader } from '../../../plugins/host/secret-references';
import { loadClientCertificate } from '../../../plugins/dataverse/certificate-auth';
import { Redactor } from '../../../plugins/shared/redact';
import { makeCertificate } from '../dataverse/certificates';

const T = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const C = '5a1e0c2d-7b3f-4e6a-9c8d-1f2e3d4c5b6a';

class FakeKeyVault implements KeyVaultSecretReader {
  readonly asked: string[] = [];
  constructor(private readonly values: Record<string, string>) {}
  async getSecret(uri: string): Promise<string> {
    this.asked.push(uri);
    if (!(uri in this.values)) throw Object.assign(new Error('SecretNotFound'), { name: 'RestError', statusCode: 404 });
    return this.values[uri];
  }
}

function environment(credential: string, baseDir = '/srv') {
  return parseEnvironments(
    `version: 1\nenvironments:\n  - { name: contoso, url: https://contoso.crm.dynamics.com, tenantId: ${T}, clientId: ${C}, credential: ${credential} }`,
    { source: 'environments.yaml', baseDir },
  ).environments[0];
}

async function failure(p: Promise<unknown>): Promise<string> {
  const err = (await p.catch((e: unknown) => e)) as { code?: string; message?: string };
  expect(err.code).toBe('CONFIG_SECRET_UNRESOLVED');
  return err.message ?? '';
}

test('a secret from an environment variable, a file (trailing newline dropped) or Key Vault; each is registered with the Redactor', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-env-'));
  fs.writeFileSync(path.join(dir, 'contoso.secret'), 'file-secret-value-1\n');
  const redactor = new Redactor();
  const keyVault = new FakeKeyVault({ 'https://kv.vault.azure.net/secrets/contoso/v2': 'vault-secret-value-1' });
  const sources = { env: { CONTOSO_SECRET: 'env-secret-value-1' }, redactor, keyVault };
  const fromEnv = await resolveCredential(environment('{ secret: { env: CONTOSO_SECRET } }'), sources);
  const fromFile = await resolveCredential(environment('{ secret: { file: contoso.secret } }', dir), sources);
  const fromVault = await resolveCredential(
    environment('{ secret: { keyVault: https://kv.vault.azure.net/secrets/contoso/v2 } }'),
    sources,
  );
  expect([fromEnv, fromFile, fromVault]).toEqual([
    { kind: 'secret', clientSecret: 'env-secret-value-1' },
    { kind: 'secret', clientSecret: 'file-secret-value-1' },
    { kind: 'secret', clientSecret: 'vault-secret-value-1' },
  ]);
  expect(redactor.redactString('env-secret-value-1 file-secret-value-1 vault-secret-value-1')).toBe(
    '[REDACTED] [REDACTED] [REDACTED]',
  );
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a certificate kept in Key Vault as a PFX (its default) becomes a PEM the certificate credential loads', async () => {
  const cert = makeCertificate();
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(cert.privateKeyPem),
    [forge.pki.certificateFromPem(cert.certificatePem)],
    '',
    { algorithm: '3des' },
  );
  const pfxBase64 = forge.util.encode64(forge.asn1.toDer(p12).getBytes());
  const uri = 'https://kv.vault.azure.net/secrets/contoso-cert';
  const redactor = new Redactor();
  const resolved = await resolveCredential(environment(`{ certificate: { keyVault: ${uri} } }`), {
    env: {},
    redactor,
    keyVault: new FakeKeyVault({ [uri]: pfxBase64 }),
  });
  expect(resolved.kind).toBe('certificate');
  if (resolved.kind !== 'certificate') return;
  const loaded = loadClientCertificate(resolved.certificate);
  expect(loaded.thumbprintSha256).toBe(loadClientCertificate(cert).thumbprintSha256);
  expect(redactor.redactString(pfxBase64)).toBe('[REDACTED]');
});

test('a failure names the field and the reference, never a value', async () => {
  const sources = { env: { EMPTY: '' }, redactor: new Redactor(), keyVault: new FakeKeyVault({}) };
  expect(await failure(resolveCredential(environment('{ secret: { env: EMPTY } }'), sources))).toBe(
    "environment 'contoso' credential.secret: environment variable EMPTY is empty or not set",
  );
  expect(
    await failure(resolveCredential(environment('{ secret: { file: missing.secret } }', '/nowhere'), sources)),
  ).toBe("environment 'contoso' credential.secret: the file /nowhere/missing.secret cannot be read (ENOENT)");
  expect(
    await failure(
      resolveCredential(environment('{ secret: { keyVault: https://kv.vault.azure.net/secrets/gone } }'), sources),
    ),
  ).toBe(
    "environment 'contoso' credential.secret: Key Vault secret https://kv.vault.azure.net/secrets/gone cannot be read (HTTP 404)",
  );
  expect(
    await failure(
      resolveCredential(environment('{ secret: { keyVault: https://kv.vault.azure.net/secrets/x } }'), {
        env: {},
        redactor: new Redactor(),
      }),
    ),
  ).toContain('no Key Vault access configured');
});
