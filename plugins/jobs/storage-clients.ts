/**
 * Azure Storage clients for the distributed building blocks: from a connection string (azurite, or an
 * account key in a locked-down setting), or from account URLs and a token credential (production:
 * `DefaultAzureCredential`, i.e. the managed identity on App Service / Container Apps). Phase 2's
 * configuration picks one; the queue, leases and budgets only ever see the clients (a seam).
 *
 * Retries: the Storage SDK has its own retry policy (exponential, for 5xx, 408 and network errors);
 * we keep it for Storage calls and bound it, so that a queue or lease call fails within about a
 * lease's renewal margin instead of hanging.
 */
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import {
  BlobServiceClient,
  type ContainerClient,
  type StoragePipelineOptions as BlobPipelineOptions,
} from '@azure/storage-blob';
import { QueueServiceClient, type StoragePipelineOptions as QueuePipelineOptions } from '@azure/storage-queue';

export type StorageTarget =
  | { connectionString: string }
  | {
      /** `https://<account>.queue.core.windows.net` */
      queueUrl: string;
      /** `https://<account>.blob.core.windows.net` */
      blobUrl: string;
      /** Default: `DefaultAzureCredential` (managed identity, workload identity, Azure CLI, ...). */
      credential?: TokenCredential;
    };

export interface StorageClients {
  queues: QueueServiceClient;
  blobs: BlobServiceClient;
}

const RETRY = { maxTries: 3, tryTimeoutInMs: 10_000, retryDelayInMs: 500, maxRetryDelayInMs: 4_000 };

export function createStorageClients(target: StorageTarget): StorageClients {
  const queueOptions: QueuePipelineOptions = { retryOptions: RETRY };
  const blobOptions: BlobPipelineOptions = { retryOptions: RETRY };
  if ('connectionString' in target) {
    return {
      queues: QueueServiceClient.fromConnectionString(target.connectionString, queueOptions),
      blobs: BlobServiceClient.fromConnectionString(target.connectionString, blobOptions),
    };
  }
  const credential = target.credential ?? new DefaultAzureCredential();
  return {
    queues: new QueueServiceClient(target.queueUrl, credential, queueOptions),
    blobs: new BlobServiceClient(target.blobUrl, credential, blobOptions),
  };
}

/** Status and Storage error code of a failed Storage call (a RestError), for decisions and messages. */
export function storageFailure(err: unknown): { status?: number; code?: string } {
  const e = err as { statusCode?: unknown; code?: unknown; details?: { errorCode?: unknown } };
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const code =
    typeof e?.details?.errorCode === 'string' ? e.details.errorCode : typeof e?.code === 'string' ? e.code : undefined;
  return { status, code };
}

/** A short description of a Storage failure that carries no URL (a SAS query could hold a signature). */
export function describeStorageFailure(err: unknown): string {
  const { status, code } = storageFailure(err);
  if (status === undefined && code === undefined) return err instanceof Error ? err.name : 'unknown error';
  return [status, code].filter((x) => x !== undefined).join(' ');
}

/**
 * Creates a container on first need, once per client for all callers at the same time; a failed
 * attempt is forgotten, so the next call tries again (Storage may come back). Shared by the stores
 * that keep small blobs (leases, pauses, presence).
 */
export function containerOnce(container: ContainerClient): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () =>
    (ready ??= container.createIfNotExists().then(
      () => undefined,
      (err: unknown) => {
        ready = undefined;
        throw err;
      },
    ));
}
