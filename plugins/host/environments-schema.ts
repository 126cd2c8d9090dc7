/**
 * The environments file: the Dataverse environments (one per partner) one service serves, each with
 * its app registration and where its credential is kept. JSON or YAML, validated with this schema
 * (ajv) and a few checks a schema says badly ("exactly one of"). docs/deployment.md shows an example.
 */

/** Where a secret value is kept; exactly one of the three. Values never appear in the file itself. */
export type SecretReference =
  | { env: string }
  /** Absolute, or relative to the environments file. */
  | { file: string }
  /** `https://<vault>.vault.azure.net/secrets/<name>[/<version>]`, read with the service's managed identity. */
  | { keyVault: string };

export type EnvironmentCredential =
  | { kind: 'secret'; secret: SecretReference }
  | {
      kind: 'certificate';
      /** PEM: the certificate (and chain), possibly with its key. */
      certificate: SecretReference;
      /** PEM private key, when not in the certificate's PEM. */
      privateKey?: SecretReference;
      passphrase?: SecretReference;
      sendCertificateChain: boolean;
    };

export interface EnvironmentDefinition {
  /** Stable name: what work items and budgets name the environment by. */
  name: string;
  /** `https://<org>.crm<N>.dynamics.com` */
  url: string;
  webApiUrl: string;
  tenantId: string;
  clientId: string;
  /** Token authority; default `https://login.microsoftonline.com/<tenantId>`. */
  authority: string;
  credential: EnvironmentCredential;
  /** This environment's share of Dataverse's service protection limits, for all workers together. */
  budget: { maxConcurrentRequests: number; maxRequestsPer5Min: number };
  /**
   * Where this environment's webhook key is kept (its service endpoint sends it). Absent: the
   * service-wide W365_WEBHOOK_KEY, shared with every other environment without one.
   */
  webhookKey?: SecretReference;
}

export interface EnvironmentsFile {
  version: 1;
  environments: EnvironmentDefinition[];
}

/** The environment of a service without an environments file (and what its messages have always named). */
export const DEFAULT_ENVIRONMENT = 'default';

export const ENVIRONMENT_NAME = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const reference = {
  type: 'object',
  properties: {
    env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    file: { type: 'string', minLength: 1 },
    keyVault: { type: 'string', pattern: '^https://[^/]+/secrets/[^/]+(/[^/]+)?/?$' },
  },
  additionalProperties: false,
} as const;

export const environmentsSchema = {
  type: 'object',
  required: ['version', 'environments'],
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    environments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'url', 'tenantId', 'clientId', 'credential'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: ENVIRONMENT_NAME },
          url: { type: 'string', pattern: '^https://[^/?#]+/?$' },
          // A GUID or a verified domain, as W365_TENANT_ID accepts.
          tenantId: { type: 'string', pattern: `${GUID}|^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$` },
          clientId: { type: 'string', pattern: GUID },
          authority: { type: 'string', pattern: '^https://[^?#]+$' },
          credential: {
            type: 'object',
            additionalProperties: false,
            properties: {
              secret: reference,
              certificate: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  ...reference.properties,
                  privateKey: reference,
                  passphrase: reference,
                  sendCertificateChain: { type: 'boolean' },
                },
              },
            },
          },
          budget: {
            type: 'object',
            additionalProperties: false,
            properties: {
              maxConcurrentRequests: { type: 'integer', minimum: 1, maximum: 52 },
              maxRequestsPer5Min: { type: 'integer', minimum: 1, maximum: 6000 },
            },
          },
          webhookKey: reference,
        },
      },
    },
  },
} as const;
