/** What the environments file parser and the secret references say: each message names the field. */
export const EnvironmentMessages = {
  invalidFile: (source: string, problems: string[]) =>
    `${source} is not a valid environments file:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  notParsed: (format: string, reason: string) => `not valid ${format}: ${reason}`,
  unreadable: (source: string, reason: string) => `The environments file ${source} cannot be read: ${reason}.`,
  required: (field: string) => `${field} is required`,
  unknownField: (field: string, known: string[]) => `${field} is not a known field (known: ${known.join(', ')})`,
  exactlyOne: (field: string, options: string[]) => `${field} must have exactly one of ${options.join(', ')}`,
  duplicateName: (field: string, name: string, other: string) => `${field}: the name '${name}' is used by ${other} too`,
  duplicateUrl: (field: string, other: string) =>
    `${field}: the same environment as ${other} (one environment must have one entry, or its budget would be counted twice)`,
  version: 'version must be 1',
  hints: {
    name: "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
    url: "must be the environment's https URL without a path, e.g. https://contoso.crm.dynamics.com",
    tenantId: 'must be the tenant id (a GUID) or its domain, e.g. contoso.onmicrosoft.com',
    clientId: "must be the app registration's Application (client) ID, a GUID",
    authority: 'must be an https URL',
    env: 'must be an environment variable name',
    keyVault: 'must be a Key Vault secret URI, https://<vault>.vault.azure.net/secrets/<name>[/<version>]',
  } as Record<string, string>,
  secretEmpty: (field: string, where: string) => `${field}: ${where} is empty or not set`,
  secretFile: (field: string, path: string, reason: string) => `${field}: the file ${path} cannot be read (${reason})`,
  secretKeyVault: (field: string, uri: string, reason: string) =>
    `${field}: Key Vault secret ${uri} cannot be read (${reason})`,
  unknownEnvironment: (name: string, known: readonly string[]) =>
    `This service serves no environment named '${name}' (it serves ${known.map((k) => `'${k}'`).join(', ')}).`,
  noDefaultEnvironment: (known: readonly string[]) =>
    `This service serves several environments (${known.map((k) => `'${k}'`).join(', ')}) and none named 'default': call /api/environments/<name>/webhooks/dataverse.`,
  givenQueueForMany: 'A queue given by the caller serves one environment; this service has several.',
  noEnvironments: 'The service needs at least one environment.',
  noKeyVault: (field: string) =>
    `${field}: names a Key Vault secret, but this service has no Key Vault access configured`,
  webhookKeyShort: (field: string, where: string, minimum: number) =>
    `${field}: the key in ${where} is shorter than ${minimum} characters (a webhook key is at least ${minimum} random characters)`,
  webhookKeyMissing: (field: string) =>
    `${field} is not given and W365_WEBHOOK_KEY is not set: give the environment its own webhook key, or set the service-wide one`,
  /** Logged once at start; names the environments, never the key. */
  sharedWebhookKey: (names: readonly string[], serviceWide: boolean) =>
    names.length === 1
      ? `the environment '${names[0]}' uses the service-wide W365_WEBHOOK_KEY as its webhook key: whoever holds it (its service endpoint registration) can read every environment's /status; give it its own webhookKey (docs/deployment.md)`
      : `the environments ${names.map((n) => `'${n}'`).join(', ')} share one webhook key${serviceWide ? ' (the service-wide W365_WEBHOOK_KEY, which also reads every environment’s /status)' : ''}: whoever holds it can post jobs to each of them and read their /status; give each environment its own webhookKey (docs/deployment.md)`,
} as const;

/** What a webhook or /status caller is told, and what the log says about it. */
export const WebhookMessages = {
  unauthorized: (header: string) => `Missing or wrong ${header} header.`,
  refusedLog: 'call without a valid webhook key',
  organizationMismatch: (received: string, environment: string) =>
    `The RemoteExecutionContext is from organization ${received}, which is not the organization of the environment '${environment}'; nothing was queued.`,
  organizationMismatchLog: 'webhook refused: its OrganizationId is not the environment’s organization',
  organizationUnverifiedLog:
    'webhook accepted without the organization check: the environment’s organization id is not known yet (Dataverse did not answer WhoAmI); the job runs only if its Sync Job exists in this environment',
  organizationLearnedLog: 'environment organization id learned from WhoAmI',
  organizationUnknownLog: 'environment organization id not learned yet (WhoAmI failed); retried on the next webhook',
} as const;
