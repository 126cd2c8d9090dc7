/**
 * Each environment's own webhook key, read from the environments file's reference (an environment
 * variable, a file, Key Vault: a fake KeyVaultSecretReader here) as its client secret is, registered
 * with the Redactor; a key too short names its field; an environment with no key of its own, in a
 * service with no W365_WEBHOOK_KEY, is named at start.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { environmentTargets, environmentsFromFile } from '../../../plugins/host/environment-targets';
import { parseEnvironments } from '../../../plugins/host/environments';
import type { KeyVaultSecretReader } from '../../../plugins/host/secret-references';
import { Redactor } from '../../../plugins/shared/redact';

const T = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const C = '5a1e0c2d-7b3f-4e6a-9c8d-1f2e3d4c5b6a';
const VAULT_URI = 'https://w365-kv.vault.azure.net/secrets/c-webhook-key';
const KEYS = {
  a: 'contoso-webhook-key-0123456789abcdef-01',
  b: 'fabrikam-webhook-key-0123456789abcdef-0',
  c: 'litware-webhook-key-0123456789abcdef-012',
};

class FakeKeyVault implements KeyVaultSecretReader {
  constructor(private readonly values: Record<string, string>) {}
  async getSecret(uri: string): Promise<string> {
    if (!(uri in this.values)) throw Object.assign(new Error('SecretNotFound'), { name: 'RestError', statusCode: 404 });
    return this.values[uri];
  }
}

const entry = (name: string, webhookKey?: string) =>
  `  - { name: ${name}, url: https://${name}.crm.dynamics.com, tenantId: ${T}, clientId: ${C}, credential: { secret: { env: CLIENT_SECRET } }${webhookKey ? `, webhookKey: ${webhookKey}` : ''} }`;
const fileOf = (...entries: string[]) => ['version: 1', 'environments:', ...entries].join('\n');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-keys-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function failure(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; message: string } | undefined;
  if (!err) throw new Error('expected a failure');
  return err;
}

it('reads each environment’s key from a variable, a file (newline dropped) or Key Vault; none: the service-wide key', async () => {
  fs.writeFileSync(path.join(dir, 'b.key'), `${KEYS.b}\n`);
  const file = parseEnvironments(
    fileOf(
      entry('a', '{ env: A_WEBHOOK_KEY }'),
      entry('b', '{ file: b.key }'),
      entry('c', `{ keyVault: ${VAULT_URI} }`),
      entry('d'),
    ),
    { source: 'environments.yaml', baseDir: dir },
  );
  const redactor = new Redactor();
  const targets = await environmentTargets(file, {
    env: { A_WEBHOOK_KEY: KEYS.a, CLIENT_SECRET: 'client-secret-value' },
    redactor,
    keyVault: new FakeKeyVault({ [VAULT_URI]: KEYS.c }),
  });
  expect(targets.map((t) => [t.name, t.webhookKey])).toEqual([
    ['a', KEYS.a],
    ['b', KEYS.b],
    ['c', KEYS.c],
    ['d', undefined],
  ]);
  expect(redactor.redactString(`${KEYS.a} ${KEYS.b} ${KEYS.c}`)).toBe('[REDACTED] [REDACTED] [REDACTED]');
});

it('a key shorter than 32 characters names its field and where it was read, never the value', async () => {
  const file = parseEnvironments(fileOf(entry('a'), entry('b'), entry('c', '{ env: C_WEBHOOK_KEY }')), {
    source: 'environments.yaml',
    baseDir: dir,
  });
  const err = await failure(
    environmentTargets(file, { env: { C_WEBHOOK_KEY: 'too-short-key', CLIENT_SECRET: 's' }, redactor: new Redactor() }),
  );
  expect(err.code).toBe('CONFIG_ENVIRONMENTS_INVALID');
  expect(err.message).toBe(
    'environments[2].webhookKey: the key in environment variable C_WEBHOOK_KEY is shorter than 32 characters (a webhook key is at least 32 random characters)',
  );
  expect(err.message).not.toContain('too-short-key');
});

it('a key that cannot be read names its field (CONFIG_SECRET_UNRESOLVED)', async () => {
  const file = parseEnvironments(fileOf(entry('a', `{ keyVault: ${VAULT_URI} }`)), {
    source: 'environments.yaml',
    baseDir: dir,
  });
  const err = await failure(
    environmentTargets(file, { env: { CLIENT_SECRET: 's' }, redactor: new Redactor(), keyVault: new FakeKeyVault({}) }),
  );
  expect(err).toMatchObject({
    code: 'CONFIG_SECRET_UNRESOLVED',
    message: `environments[0].webhookKey: Key Vault secret ${VAULT_URI} cannot be read (HTTP 404)`,
  });
});

it('without W365_WEBHOOK_KEY, every environment without its own key is named at start; with it, none is', async () => {
  const file = path.join(dir, 'environments.yaml');
  fs.writeFileSync(file, fileOf(entry('a', '{ env: A_WEBHOOK_KEY }'), entry('b'), entry('c')));
  const env = { A_WEBHOOK_KEY: KEYS.a, CLIENT_SECRET: 's' };
  const err = await failure(environmentsFromFile({ file }, new Redactor(), env));
  expect(err.code).toBe('CONFIG_ENVIRONMENTS_INVALID');
  expect(err.message).toContain('- environments[1].webhookKey is not given and W365_WEBHOOK_KEY is not set');
  expect(err.message).toContain('- environments[2].webhookKey is not given');
  expect(err.message).not.toContain('environments[0]');
  const targets = await environmentsFromFile({ file }, new Redactor(), { ...env, W365_WEBHOOK_KEY: KEYS.c });
  expect(targets.map((t) => t.webhookKey)).toEqual([KEYS.a, undefined, undefined]);
});
