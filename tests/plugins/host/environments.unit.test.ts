/**
 * The environments file: YAML or JSON, normalised definitions, and every problem reported at once
 * with the field it is in.
 */
import * as path from 'node:path';
import { parseEnvironments } from '../../../plugins/host/environments';

const T1 = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const C1 = '5a1e0c2d-7b3f-4e6a-9c8d-1f2e3d4c5b6a';
const C2 = '0f8fad5b-d9cb-469f-a165-70867728950e';
const opts = { source: '/etc/w365/environments.yaml', baseDir: '/etc/w365' };

const YAML_FILE = `
version: 1
environments:
  - name: contoso
    url: https://contoso.crm.dynamics.com/
    tenantId: ${T1}
    clientId: ${C1.toUpperCase()}
    credential:
      secret: { env: CONTOSO_CLIENT_SECRET }
  - name: fabrikam-prod
    url: https://fabrikam.crm4.dynamics.com
    tenantId: ${T1}
    clientId: ${C2}
    authority: https://login.microsoftonline.com/fabrikam.onmicrosoft.com/
    credential:
      certificate:
        file: certs/fabrikam.pem
        privateKey: { keyVault: https://w365-kv.vault.azure.net/secrets/fabrikam-key }
        sendCertificateChain: true
    budget: { maxConcurrentRequests: 20, maxRequestsPer5Min: 3000 }
`;

function problemsOf(text: string, format?: 'json' | 'yaml'): string[] {
  try {
    parseEnvironments(text, { ...opts, ...(format ? { format } : {}) });
  } catch (err) {
    const e = err as { code: string; message: string; details?: { problems?: string[] } };
    expect(e.code).toBe('CONFIG_ENVIRONMENTS_INVALID');
    return e.details?.problems ?? [e.message];
  }
  throw new Error('expected CONFIG_ENVIRONMENTS_INVALID');
}

describe('parseEnvironments', () => {
  test('reads YAML into normalised definitions: URLs, default authority and budget, file paths resolved', () => {
    const { environments } = parseEnvironments(YAML_FILE, opts);
    expect(environments).toEqual([
      {
        name: 'contoso',
        url: 'https://contoso.crm.dynamics.com',
        webApiUrl: 'https://contoso.crm.dynamics.com/api/data/v9.2',
        tenantId: T1,
        clientId: C1,
        authority: `https://login.microsoftonline.com/${T1}`,
        credential: { kind: 'secret', secret: { env: 'CONTOSO_CLIENT_SECRET' } },
        budget: { maxConcurrentRequests: 48, maxRequestsPer5Min: 5400 },
      },
      {
        name: 'fabrikam-prod',
        url: 'https://fabrikam.crm4.dynamics.com',
        webApiUrl: 'https://fabrikam.crm4.dynamics.com/api/data/v9.2',
        tenantId: T1,
        clientId: C2,
        authority: 'https://login.microsoftonline.com/fabrikam.onmicrosoft.com',
        credential: {
          kind: 'certificate',
          certificate: { file: path.resolve('/etc/w365', 'certs/fabrikam.pem') },
          privateKey: { keyVault: 'https://w365-kv.vault.azure.net/secrets/fabrikam-key' },
          sendCertificateChain: true,
        },
        budget: { maxConcurrentRequests: 20, maxRequestsPer5Min: 3000 },
      },
    ]);
  });

  test('reads the same file as JSON', () => {
    const json = JSON.stringify({
      version: 1,
      environments: [
        {
          name: 'a',
          url: 'https://a.crm.dynamics.com',
          tenantId: T1,
          clientId: C1,
          credential: { secret: { file: 'a.secret' } },
        },
      ],
    });
    const { environments } = parseEnvironments(json, { source: 'envs.json', baseDir: '/srv' });
    expect(environments[0].credential).toEqual({ kind: 'secret', secret: { file: path.resolve('/srv/a.secret') } });
  });

  test('names every bad field at once', () => {
    const problems = problemsOf(`
version: 1
environments:
  - name: "has space"
    url: http://contoso.crm.dynamics.com/main.aspx
    tenantId: not a guid
    credential:
      secret: { env: X, keyVault: https://kv.vault.azure.net/secrets/s }
    budgte: {}
  - name: ok
    url: https://ok.crm.dynamics.com
    tenantId: ${T1}
    clientId: ${C1}
    credential:
      secret: { keyVault: https://kv.vault.azure.net/keys/k }
      certificate: { file: c.pem }
    budget: { maxConcurrentRequests: 60 }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        "environments[0].name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
        "environments[0].url must be the environment's https URL without a path, e.g. https://contoso.crm.dynamics.com",
        'environments[0].tenantId must be the tenant id (a GUID) or its domain, e.g. contoso.onmicrosoft.com',
        'environments[0].clientId is required',
        'environments[0].budgte is not a known field (known: name, url, tenantId, clientId, authority, credential, budget, webhookKey)',
        'environments[1].credential.secret.keyVault must be a Key Vault secret URI, https://<vault>.vault.azure.net/secrets/<name>[/<version>]',
        'environments[1].budget.maxConcurrentRequests must be <= 52',
      ]),
    );
  });

  test('"exactly one of" and names or URLs used twice', () => {
    const env = (name: string, url: string, credential: string) =>
      `  - { name: ${name}, url: ${url}, tenantId: ${T1}, clientId: ${C1}, credential: ${credential} }`;
    const problems = problemsOf(
      [
        'version: 1',
        'environments:',
        env('contoso', 'https://contoso.crm.dynamics.com', '{ secret: { env: A, file: b } }'),
        env('Contoso', 'https://other.crm.dynamics.com', '{ secret: { env: A }, certificate: { file: c } }'),
        env('third', 'https://contoso.crm.dynamics.com/', '{}'),
      ].join('\n'),
    );
    expect(problems).toEqual([
      'environments[0].credential.secret must have exactly one of env, file, keyVault',
      'environments[1].credential must have exactly one of secret, certificate',
      "environments[1].name: the name 'Contoso' is used by environments[0] too",
      'environments[2].credential must have exactly one of secret, certificate',
      'environments[2].url: the same environment as environments[0] (one environment must have one entry, or its budget would be counted twice)',
    ]);
  });

  test('a webhook key per environment, referenced the three ways a secret is; none means the service-wide key', () => {
    const env = (name: string, webhookKey?: string) =>
      `  - { name: ${name}, url: https://${name}.crm.dynamics.com, tenantId: ${T1}, clientId: ${C1}, credential: { secret: { env: S } }${webhookKey ? `, webhookKey: ${webhookKey}` : ''} }`;
    const text = [
      'version: 1',
      'environments:',
      env('a', '{ env: A_WEBHOOK_KEY }'),
      env('b', '{ file: keys/b.key }'),
      env('c', '{ keyVault: https://w365-kv.vault.azure.net/secrets/c-webhook-key }'),
      env('d'),
    ].join('\n');
    const keys = parseEnvironments(text, opts).environments.map((e) => e.webhookKey);
    expect(keys).toEqual([
      { env: 'A_WEBHOOK_KEY' },
      { file: path.resolve('/etc/w365', 'keys/b.key') },
      { keyVault: 'https://w365-kv.vault.azure.net/secrets/c-webhook-key' },
      undefined,
    ]);
    const bad = problemsOf(
      [
        'version: 1',
        'environments:',
        env('a', '{ env: A, file: a.key }'),
        env('b', '{ keyVault: https://kv.vault.azure.net/keys/k }'),
        env('c', '{ value: not-a-reference }'),
      ].join('\n'),
    );
    expect(bad).toEqual(
      expect.arrayContaining([
        'environments[1].webhookKey.keyVault must be a Key Vault secret URI, https://<vault>.vault.azure.net/secrets/<name>[/<version>]',
        'environments[2].webhookKey.value is not a known field (known: env, file, keyVault)',
      ]),
    );
    expect(problemsOf([text.split('\n')[0], 'environments:', env('a', '{ env: A, file: a.key }')].join('\n'))).toEqual([
      'environments[0].webhookKey must have exactly one of env, file, keyVault',
    ]);
  });

  test('text that is not YAML or JSON, a wrong version, an empty list', () => {
    expect(problemsOf('version: 1\nenvironments: [\n')[0]).toMatch(/not valid YAML/);
    expect(problemsOf('{"version": 1,', 'json')[0]).toMatch(/not valid JSON/);
    expect(problemsOf('version: 2\nenvironments: []')).toEqual([
      'version must be 1',
      'environments must NOT have fewer than 1 items',
    ]);
  });
});
