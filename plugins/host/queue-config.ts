/**
 * Where jobs and their work items wait, and what this instance does with them: the in-process queue
 * (the embedded default and a single instance) or Azure Storage Queues shared by any number of
 * instances (a connection string for azurite or an account key; account URLs for a managed identity),
 * and the role of this instance (`worker` takes items, `scheduler` runs the nightly cron and the
 * poller, `all` both). Parsed with the rest of the service configuration (`config.ts`).
 */
import type { ConfigVariable } from './config';

export type ServiceRole = 'all' | 'worker' | 'scheduler';
export const SERVICE_ROLES: readonly ServiceRole[] = ['all', 'worker', 'scheduler'];

export type StorageConfig = { connectionString: string } | { queueUrl: string; blobUrl: string };

export interface QueueConfig {
  kind: 'in-process' | 'azure-storage';
  /** With `azure-storage`. */
  storage?: StorageConfig;
  queueName: string;
  /** Large jobs are planned into work items that any worker takes (default: on with Azure Storage). */
  workItems: boolean;
  /** How long a received item stays invisible to other workers between renewals. */
  visibilityTimeoutInMs: number;
  /** Customers per work item of a subscription sync. */
  customersPerItem: number;
  /** Provider accounts per work item of an accounts sync (items are also cut by message size). */
  accountsPerItem: number;
  /** Request budgets shared through Storage (Dataverse, each distributor credential). */
  sharedBudgets: boolean;
  role: ServiceRole;
}

/** The embedded default's: one instance, its own queue, whole jobs. */
export const IN_PROCESS_QUEUE: QueueConfig = {
  kind: 'in-process',
  queueName: 'w365-work-items',
  workItems: false,
  visibilityTimeoutInMs: 60_000,
  customersPerItem: 25,
  accountsPerItem: 100,
  sharedBudgets: false,
  role: 'all',
};

export const QUEUE_CONFIG_VARIABLES: ConfigVariable[] = [
  {
    name: 'W365_QUEUE',
    description:
      '`in-process` (one instance) or `azure-storage` (jobs and their work items on Azure Storage Queues, shared by every instance).',
    required: 'no',
    default: 'in-process',
  },
  {
    name: 'W365_STORAGE_CONNECTION_STRING',
    description: 'Storage connection string (azurite, or an account key). Never logged.',
    required: 'with azure-storage, unless the two URLs below are set',
  },
  {
    name: 'W365_STORAGE_QUEUE_URL',
    description:
      'https://<account>.queue.core.windows.net, with W365_STORAGE_BLOB_URL: the managed identity (DefaultAzureCredential) signs in.',
    required: 'with azure-storage and no connection string',
  },
  {
    name: 'W365_STORAGE_BLOB_URL',
    description: 'https://<account>.blob.core.windows.net (the scheduler lease).',
    required: 'with W365_STORAGE_QUEUE_URL',
  },
  {
    name: 'W365_QUEUE_NAME',
    description: 'Queue name (its poison queue is `<name>-poison`).',
    required: 'no',
    default: 'w365-work-items',
  },
  {
    name: 'W365_WORK_ITEMS',
    description: 'Plan large jobs (subscription syncs) into work items that any worker takes (true/false).',
    required: 'no',
    default: 'true with azure-storage, false in-process',
  },
  {
    name: 'W365_ITEM_VISIBILITY_SECONDS',
    description:
      'How long an item a worker holds stays hidden from others without renewal (renewed every third of it).',
    required: 'no',
    default: '60',
  },
  {
    name: 'W365_CUSTOMERS_PER_ITEM',
    description: 'Customers per work item of a subscription sync (smaller: more, shorter items to share out).',
    required: 'no',
    default: '25',
  },
  {
    name: 'W365_ACCOUNTS_PER_ITEM',
    description:
      'Provider accounts per work item of a Sync Provider Accounts job (an item is also cut where its queue message would pass 64 KiB).',
    required: 'no',
    default: '100',
  },
  {
    name: 'W365_SHARED_BUDGETS',
    description:
      'Share the Dataverse and distributor request budgets between instances through Storage (true/false); false leaves each instance its own bound.',
    required: 'no',
    default: 'true with azure-storage',
  },
  {
    name: 'W365_ROLE',
    description:
      '`all`, `worker` (takes jobs and items) or `scheduler` (nightly run and poller; one wins the lease). `w365 serve --role` overrides it.',
    required: 'no',
    default: 'all',
  },
];

const QUEUE_NAME = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;

function storageOf(env: NodeJS.ProcessEnv, problems: string[]): StorageConfig | undefined {
  const connectionString = env.W365_STORAGE_CONNECTION_STRING?.trim();
  if (connectionString) return { connectionString };
  const queueUrl = env.W365_STORAGE_QUEUE_URL?.trim();
  const blobUrl = env.W365_STORAGE_BLOB_URL?.trim();
  if (!queueUrl || !blobUrl) {
    problems.push(
      'W365_QUEUE is azure-storage but neither W365_STORAGE_CONNECTION_STRING nor both W365_STORAGE_QUEUE_URL and W365_STORAGE_BLOB_URL are set.',
    );
    return undefined;
  }
  for (const [name, value] of [
    ['W365_STORAGE_QUEUE_URL', queueUrl],
    ['W365_STORAGE_BLOB_URL', blobUrl],
  ] as const) {
    try {
      if (new URL(value).protocol !== 'https:') problems.push(`${name} must be an https URL.`);
    } catch {
      problems.push(`${name} is not a valid URL.`);
    }
  }
  return { queueUrl: queueUrl.replace(/\/+$/, ''), blobUrl: blobUrl.replace(/\/+$/, '') };
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  problems.push(`${name} must be true or false (got "${v}").`);
  return fallback;
}

export function parseRole(value: string | undefined, source: string, problems: string[]): ServiceRole {
  const role = (value ?? 'all').trim() as ServiceRole;
  if (SERVICE_ROLES.includes(role)) return role;
  problems.push(`${source} must be one of ${SERVICE_ROLES.join(', ')} (got "${value}").`);
  return 'all';
}

export function queueConfigOf(env: NodeJS.ProcessEnv, problems: string[]): QueueConfig {
  const kindRaw = (env.W365_QUEUE ?? 'in-process').trim();
  const kind = kindRaw === 'azure-storage' ? 'azure-storage' : 'in-process';
  if (kindRaw !== 'azure-storage' && kindRaw !== 'in-process')
    problems.push(`W365_QUEUE must be in-process or azure-storage (got "${kindRaw}").`);
  const queueName = env.W365_QUEUE_NAME?.trim() || 'w365-work-items';
  if (!QUEUE_NAME.test(queueName) || queueName.length > 56)
    problems.push(
      `W365_QUEUE_NAME must be 3-56 lower-case letters, digits and single hyphens, starting and ending with a letter or digit (got "${queueName}").`,
    );
  const visibility = Number(env.W365_ITEM_VISIBILITY_SECONDS ?? 60);
  if (!Number.isInteger(visibility) || visibility < 3 || visibility > 3600)
    problems.push('W365_ITEM_VISIBILITY_SECONDS must be a whole number of seconds from 3 to 3600.');
  const customersPerItem = Number(env.W365_CUSTOMERS_PER_ITEM ?? 25);
  if (!Number.isInteger(customersPerItem) || customersPerItem < 1 || customersPerItem > 1000)
    problems.push('W365_CUSTOMERS_PER_ITEM must be a whole number from 1 to 1000.');
  const accountsPerItem = Number(env.W365_ACCOUNTS_PER_ITEM ?? 100);
  if (!Number.isInteger(accountsPerItem) || accountsPerItem < 1 || accountsPerItem > 1000)
    problems.push('W365_ACCOUNTS_PER_ITEM must be a whole number from 1 to 1000.');
  const storage = kind === 'azure-storage' ? storageOf(env, problems) : undefined;
  return {
    kind,
    ...(storage ? { storage } : {}),
    queueName,
    workItems: flag(env, 'W365_WORK_ITEMS', kind === 'azure-storage', problems),
    visibilityTimeoutInMs: visibility * 1000,
    customersPerItem,
    accountsPerItem,
    sharedBudgets: flag(env, 'W365_SHARED_BUDGETS', kind === 'azure-storage', problems),
    role: parseRole(env.W365_ROLE, 'W365_ROLE', problems),
  };
}
