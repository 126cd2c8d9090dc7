/**
 * Service configuration from environment variables, validated at start: every wrong or missing value
 * gets its own message naming the variable. With no W365_DATAVERSE_URL the service runs the embedded
 * default (local Dataverse emulator, distributor sandboxes, demo data).
 */
import { Cron } from 'croner';
import { W365Error } from '../../common/errors';
import { QUEUE_CONFIG_VARIABLES, queueConfigOf, type QueueConfig } from './queue-config';

export const ConfigErrorCodes = { Invalid: 'CONFIG_INVALID' } as const;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface RemoteDataverseConfig {
  /** `https://<org>.crm.dynamics.com` */
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Token authority; default `https://login.microsoftonline.com/<tenant id>`. */
  authority: string;
  /** PEM file with an extra CA to trust (only for test environments behind a private CA). */
  caFile?: string;
}

export interface ServiceConfig {
  /** Undefined (and no environments file): run on the embedded emulator. */
  dataverse?: RemoteDataverseConfig;
  /** Several Dataverse environments, from this file (W365_ENVIRONMENTS_FILE), instead of `dataverse`. */
  environments?: { file: string; caFile?: string };
  webhookKey?: string;
  port: number;
  host: string;
  /** Public URL of this service, for webhook registration. */
  serviceUrl?: string;
  schedule: string;
  timeZone: string;
  logLevel: LogLevel;
  workerId: string;
  allowPrivateNetworks: boolean;
  allowLoopbackProviderUrls: boolean;
  /** Folder for the embedded default's database and certificates. */
  dataDir: string;
  /** Jobs and items run at once by this instance, per environment (each environment's queue has its own slots). */
  jobConcurrency: number;
  /** A running job whose heartbeat is older than this is interrupted (W365_JOB_LEASE_SECONDS). */
  jobLeaseInMs: number;
  /** Ion refresh-token journal (must persist and be shared by every instance). */
  tokenJournalDir?: string;
  /** The largest distributor answer read, in bytes (W365_MAX_PROVIDER_RESPONSE_MB). */
  maxProviderResponseBytes: number;
  /** Where jobs wait and what this instance takes from there (`queue-config.ts`). */
  queue: QueueConfig;
}

export interface ConfigVariable {
  name: string;
  description: string;
  required: string;
  default?: string;
}

/** Documented in the README from this list. */
export const CONFIG_VARIABLES: ConfigVariable[] = [
  {
    name: 'W365_DATAVERSE_URL',
    description: 'Environment URL, e.g. https://contoso.crm.dynamics.com. Unset: the embedded emulator.',
    required: 'for a real environment',
  },
  {
    name: 'W365_ENVIRONMENTS_FILE',
    description:
      'JSON or YAML file naming several Dataverse environments (one per partner), each with its app registration and a reference to its secret or certificate (docs/deployment.md). Instead of W365_DATAVERSE_URL and its credentials.',
    required: 'to serve several environments',
  },
  {
    name: 'W365_TENANT_ID',
    description: 'Microsoft Entra tenant id (GUID) of the app registration.',
    required: 'with W365_DATAVERSE_URL',
  },
  {
    name: 'W365_CLIENT_ID',
    description: 'Application (client) id of the app registration (an application user in the environment).',
    required: 'with W365_DATAVERSE_URL',
  },
  {
    name: 'W365_CLIENT_SECRET',
    description: 'Client secret of the app registration. Never logged.',
    required: 'with W365_DATAVERSE_URL',
  },
  {
    name: 'W365_AUTHORITY',
    description: 'Token authority.',
    required: 'no',
    default: 'https://login.microsoftonline.com/<tenant id>',
  },
  {
    name: 'W365_WEBHOOK_KEY',
    description:
      "Key Dataverse sends in the x-w365-webhook-key header (at least 32 characters). With an environments file: the key of every environment without its own `webhookKey`, and the operator's key to every environment's /status.",
    required: 'with W365_DATAVERSE_URL',
  },
  {
    name: 'W365_SERVICE_URL',
    description: 'Public https URL of this service, used by register-webhooks.',
    required: 'for register-webhooks',
  },
  {
    name: 'W365_SCHEDULE',
    description: 'Cron expression of the nightly subscription sync.',
    required: 'no',
    default: '0 2 * * *',
  },
  { name: 'W365_TIME_ZONE', description: 'IANA time zone of the schedule.', required: 'no', default: 'UTC' },
  {
    name: 'W365_LOG_LEVEL',
    description: 'fatal, error, warn, info, debug, trace or silent.',
    required: 'no',
    default: 'info',
  },
  {
    name: 'W365_PORT',
    description: 'Port of the service (and of the local app shell in the embedded default).',
    required: 'no',
    default: '3365',
  },
  {
    name: 'W365_HOST',
    description: 'Address to listen on.',
    required: 'no',
    default: '127.0.0.1 (embedded) / 0.0.0.0',
  },
  {
    name: 'W365_WORKER_ID',
    description: 'Stable name of this instance; its unfinished jobs are marked interrupted at its next start.',
    required: 'no',
    default: 'the host name',
  },
  {
    name: 'W365_JOB_CONCURRENCY',
    description: 'Jobs this instance runs at once, per environment.',
    required: 'no',
    default: '2',
  },
  {
    name: 'W365_JOB_LEASE_SECONDS',
    description:
      'How long a running job with no heartbeat counts as alive. Past it another instance marks the job interrupted; the worker renews every eighth of it and stops writing once half of it passes unrenewed.',
    required: 'no',
    default: '120',
  },
  {
    name: 'W365_ALLOW_PRIVATE_NETWORKS',
    description: 'Allow distributor URLs that resolve to private addresses (true/false).',
    required: 'no',
    default: 'false',
  },
  {
    name: 'W365_ALLOW_LOOPBACK_PROVIDER_URLS',
    description: 'Allow distributor URLs on this machine (local sandboxes).',
    required: 'no',
    default: 'false (true in the embedded default)',
  },
  {
    name: 'W365_TOKEN_JOURNAL_DIR',
    description:
      'Folder where StreamOne Ion refresh-token renewals are journaled before they reach Dataverse; must survive restarts and be shared by every instance.',
    required: 'no',
    default: '~/.w365/ion-token-journal (created 0700; a folder of another user is refused)',
  },
  {
    name: 'W365_MAX_PROVIDER_RESPONSE_MB',
    description:
      'The largest answer read from a distributor, in MB; a larger one fails that job with PROVIDER_RESPONSE_TOO_LARGE and is never parsed.',
    required: 'no',
    default: '8',
  },
  {
    name: 'W365_DATA_DIR',
    description: 'Folder for the embedded default (database, certificates).',
    required: 'no',
    default: '.data',
  },
  ...QUEUE_CONFIG_VARIABLES,
];

/** W365_MAX_PROVIDER_RESPONSE_MB: the default, and the most it may be (answers are held in memory to be parsed). */
const DEFAULT_MAX_PROVIDER_RESPONSE_MB = 8;
const MAX_PROVIDER_RESPONSE_MB_LIMIT = 512;

function megabytesAsBytes(env: NodeJS.ProcessEnv, name: string, fallbackInMb: number, problems: string[]): number {
  const v = env[name];
  const mb = v === undefined || v.trim() === '' ? fallbackInMb : Number(v);
  if (!Number.isFinite(mb) || mb <= 0 || mb > MAX_PROVIDER_RESPONSE_MB_LIMIT) {
    problems.push(
      `${name} must be a number of megabytes above 0 and at most ${MAX_PROVIDER_RESPONSE_MB_LIMIT} (got "${v}").`,
    );
    return fallbackInMb * 1024 * 1024;
  }
  return Math.floor(mb * 1024 * 1024);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  problems.push(`${name} must be true or false (got "${v}").`);
  return fallback;
}

function httpsUrl(value: string, name: string, problems: string[]): string | undefined {
  try {
    const u = new URL(value);
    if (u.protocol !== 'https:') problems.push(`${name} must be an https URL (got ${u.protocol.replace(':', '')}).`);
    return value.replace(/\/+$/, '');
  } catch {
    problems.push(`${name} is not a valid URL.`);
    return undefined;
  }
}

function remoteDataverse(
  env: NodeJS.ProcessEnv,
  purpose: 'service' | 'tool' | undefined,
  problems: string[],
): RemoteDataverseConfig | undefined {
  const dvUrl = env.W365_DATAVERSE_URL?.trim();
  if (!dvUrl) return undefined;
  const url = httpsUrl(dvUrl, 'W365_DATAVERSE_URL', problems);
  const tenantId = env.W365_TENANT_ID?.trim() ?? '';
  const clientId = env.W365_CLIENT_ID?.trim() ?? '';
  const clientSecret = env.W365_CLIENT_SECRET ?? '';
  if (!tenantId) problems.push('W365_TENANT_ID is missing (the tenant id of the app registration).');
  else if (!GUID.test(tenantId) && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(tenantId))
    problems.push('W365_TENANT_ID must be a GUID or a tenant domain.');
  if (!clientId) problems.push('W365_CLIENT_ID is missing (the application id of the app registration).');
  else if (!GUID.test(clientId)) problems.push('W365_CLIENT_ID must be a GUID.');
  if (!clientSecret) problems.push('W365_CLIENT_SECRET is missing.');
  const authority = env.W365_AUTHORITY
    ? httpsUrl(env.W365_AUTHORITY, 'W365_AUTHORITY', problems)
    : `https://login.microsoftonline.com/${tenantId}`;
  if (!env.W365_WEBHOOK_KEY && purpose !== 'tool')
    problems.push(
      'W365_WEBHOOK_KEY is missing (a random string of at least 32 characters, shared with the webhook registration).',
    );
  if (!url || !authority) return undefined;
  return {
    url,
    tenantId,
    clientId,
    clientSecret,
    authority,
    ...(env.W365_DATAVERSE_CA_FILE ? { caFile: env.W365_DATAVERSE_CA_FILE } : {}),
  };
}

function schedule(env: NodeJS.ProcessEnv, problems: string[]): { schedule: string; timeZone: string } {
  const cron = env.W365_SCHEDULE ?? '0 2 * * *';
  const timeZone = env.W365_TIME_ZONE ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone }).format(0);
  } catch {
    problems.push(`W365_TIME_ZONE "${timeZone}" is not an IANA time zone (e.g. UTC, Europe/London, Australia/Sydney).`);
  }
  try {
    new Cron(cron, { paused: true }).stop();
  } catch (err) {
    problems.push(`W365_SCHEDULE "${cron}" is not a valid cron expression: ${(err as Error).message}`);
  }
  return { schedule: cron, timeZone };
}

function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  range: [number, number],
  problems: string[],
  message: string,
): number {
  const n = Number(env[name] ?? fallback);
  if (!Number.isInteger(n) || n < range[0] || n > range[1]) problems.push(message);
  return n;
}

function logLevelOf(env: NodeJS.ProcessEnv, problems: string[]): LogLevel {
  const logLevel = (env.W365_LOG_LEVEL ?? 'info') as LogLevel;
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    problems.push(`W365_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}").`);
  return logLevel;
}

function serviceUrlOf(env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  if (!env.W365_SERVICE_URL) return undefined;
  try {
    return new URL(env.W365_SERVICE_URL).toString().replace(/\/+$/, '');
  } catch {
    problems.push('W365_SERVICE_URL is not a valid URL.');
    return undefined;
  }
}

/** W365_ENVIRONMENTS_FILE: one way of naming the environments, not both; the file itself is read at start. */
function environmentsFileOf(env: NodeJS.ProcessEnv, problems: string[]): ServiceConfig['environments'] {
  const file = env.W365_ENVIRONMENTS_FILE?.trim();
  if (!file) return undefined;
  if (env.W365_DATAVERSE_URL?.trim())
    problems.push('W365_ENVIRONMENTS_FILE and W365_DATAVERSE_URL are both set: name the environments one way.');
  // W365_WEBHOOK_KEY is optional here: an environment with its own `webhookKey` does not need it, and
  // one without is named at start, once the file is read (environment-targets.ts).
  return { file, ...(env.W365_DATAVERSE_CA_FILE ? { caFile: env.W365_DATAVERSE_CA_FILE } : {}) };
}

/**
 * `purpose: 'tool'` is for command-line tools that only talk to Dataverse (migrate-manual,
 * check-license-log, register-webhooks): they need no webhook key unless they register one.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  defaults: { hostname: string; purpose?: 'service' | 'tool' },
): ServiceConfig {
  const problems: string[] = [];
  const dataverse = remoteDataverse(env, defaults.purpose, problems);
  const environments = environmentsFileOf(env, problems);
  const webhookKey = env.W365_WEBHOOK_KEY;
  if (webhookKey !== undefined && webhookKey.length < 32)
    problems.push('W365_WEBHOOK_KEY must be at least 32 characters long.');
  const port = wholeNumber(
    env,
    'W365_PORT',
    3365,
    [0, 65535],
    problems,
    `W365_PORT must be a port number (got "${env.W365_PORT}").`,
  );
  const jobConcurrency = wholeNumber(
    env,
    'W365_JOB_CONCURRENCY',
    2,
    [1, 16],
    problems,
    'W365_JOB_CONCURRENCY must be a whole number from 1 to 16.',
  );
  const jobLeaseSeconds = wholeNumber(
    env,
    'W365_JOB_LEASE_SECONDS',
    120,
    [2, 3600],
    problems,
    'W365_JOB_LEASE_SECONDS must be a whole number of seconds from 2 to 3600.',
  );
  const serviceUrl = serviceUrlOf(env, problems);
  const embedded = !env.W365_DATAVERSE_URL?.trim() && !environments;
  const config: ServiceConfig = {
    ...(dataverse ? { dataverse } : {}),
    ...(environments ? { environments } : {}),
    ...(webhookKey ? { webhookKey } : {}),
    port,
    host: env.W365_HOST ?? (embedded ? '127.0.0.1' : '0.0.0.0'),
    ...(serviceUrl ? { serviceUrl } : {}),
    ...schedule(env, problems),
    logLevel: logLevelOf(env, problems),
    workerId: env.W365_WORKER_ID ?? defaults.hostname,
    allowPrivateNetworks: bool(env, 'W365_ALLOW_PRIVATE_NETWORKS', false, problems),
    allowLoopbackProviderUrls: bool(env, 'W365_ALLOW_LOOPBACK_PROVIDER_URLS', embedded, problems),
    dataDir: env.W365_DATA_DIR ?? '.data',
    ...(env.W365_TOKEN_JOURNAL_DIR ? { tokenJournalDir: env.W365_TOKEN_JOURNAL_DIR } : {}),
    jobConcurrency,
    jobLeaseInMs: jobLeaseSeconds * 1000,
    maxProviderResponseBytes: megabytesAsBytes(
      env,
      'W365_MAX_PROVIDER_RESPONSE_MB',
      DEFAULT_MAX_PROVIDER_RESPONSE_MB,
      problems,
    ),
    queue: queueConfigOf(env, problems),
  };
  if (problems.length)
    throw new W365Error(
      ConfigErrorCodes.Invalid,
      `The service configuration is not valid:\n- ${problems.join('\n- ')}`,
      {
        details: { problems },
      },
    );
  return config;
}
