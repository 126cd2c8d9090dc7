/**
 * Leases on Azure Blob storage: one empty blob per name (`leases/<name>`), and Blob storage's own
 * lease on it (`BlobLeaseClient`, 15 to 60 s, renewed at a third of that). Blob storage refuses a
 * second lease while one is active (409 LeaseAlreadyPresent) and lets it lapse when its holder stops
 * renewing, which is exactly the exclusivity and failover the scheduler and budgets need.
 *
 * The epoch lives in the blob's metadata. A new holder reads it and writes epoch + 1 under both its
 * lease id and the etag it read (If-Match), so two holders can never write the same epoch even if a
 * lease were somehow shared.
 */
import { randomUUID } from 'node:crypto';
import type { BlobLeaseClient, BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { W365Error } from '../../common/errors';
import { silentLogger, type Logger } from '../shared/logger';
import { DistributedErrorCodes } from './distributed-errors';
import { LeaseMessages } from './distributed-strings';
import type { Lease, LeaseStore } from './lease';
import { containerOnce, describeStorageFailure, storageFailure } from './storage-clients';

export interface BlobLeaseStoreOptions {
  container: ContainerClient;
  /** Lease duration in seconds, 15 to 60 (Blob storage's range). Default 30. */
  durationInS?: number;
  /** Renewal period. Default a third of the duration. */
  renewIntervalInMs?: number;
  /** Blob name prefix. Default `leases/`. */
  prefix?: string;
  logger?: Logger;
  now?: () => number;
}

const EPOCH_KEY = 'epoch';

export class BlobLeaseStore implements LeaseStore {
  private readonly durationInS: number;
  private readonly logger: Logger;
  private readonly containerReady: () => Promise<void>;

  constructor(private readonly o: BlobLeaseStoreOptions) {
    this.durationInS = o.durationInS ?? 30;
    if (!Number.isInteger(this.durationInS) || this.durationInS < 15 || this.durationInS > 60) {
      throw new RangeError(LeaseMessages.badDuration(this.durationInS));
    }
    this.logger = o.logger ?? silentLogger();
    this.containerReady = containerOnce(o.container);
  }

  async tryAcquire(name: string): Promise<Lease | undefined> {
    const blob = this.o.container.getBlockBlobClient(`${this.o.prefix ?? 'leases/'}${name}`);
    await this.ensureBlob(blob);
    const client = blob.getBlobLeaseClient(randomUUID());
    const sentAt = (this.o.now ?? Date.now)();
    try {
      await client.acquireLease(this.durationInS);
    } catch (err) {
      if (storageFailure(err).status === 409) return undefined; // LeaseAlreadyPresent: someone else holds it
      throw this.unavailable(name, err);
    }
    let epoch: number;
    try {
      epoch = await this.bumpEpoch(blob, client.leaseId);
    } catch (err) {
      await client.releaseLease().catch(() => undefined);
      if (storageFailure(err).status === 412) return undefined;
      throw this.unavailable(name, err);
    }
    const lease = new BlobLease({
      name,
      epoch,
      blob,
      client,
      durationInS: this.durationInS,
      renewIntervalInMs: this.o.renewIntervalInMs ?? (this.durationInS * 1000) / 3,
      acquiredAt: sentAt,
      logger: this.logger,
      now: this.o.now ?? Date.now,
    });
    lease.startRenewing();
    return lease;
  }

  private async bumpEpoch(blob: BlockBlobClient, leaseId: string): Promise<number> {
    const props = await blob.getProperties({ conditions: { leaseId } });
    const epoch = (Number(props.metadata?.[EPOCH_KEY] ?? 0) || 0) + 1;
    await blob.setMetadata(
      { ...props.metadata, [EPOCH_KEY]: String(epoch) },
      { conditions: { leaseId, ifMatch: props.etag } },
    );
    return epoch;
  }

  private async ensureBlob(blob: BlockBlobClient): Promise<void> {
    await this.containerReady().catch((err: unknown) => {
      throw this.unavailable('container', err);
    });
    try {
      await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (err) {
      const { status } = storageFailure(err);
      // 409: exists (and leased right now); 412: exists. Either way there is a blob to lease.
      if (status !== 409 && status !== 412) throw this.unavailable(blob.name, err);
    }
  }

  private unavailable(name: string, err: unknown): W365Error {
    return new W365Error(
      DistributedErrorCodes.StorageUnavailable,
      LeaseMessages.unavailable(name, describeStorageFailure(err)),
      {
        retryable: true,
        cause: err,
      },
    );
  }
}

interface BlobLeaseInit {
  name: string;
  epoch: number;
  blob: BlockBlobClient;
  client: BlobLeaseClient;
  durationInS: number;
  renewIntervalInMs: number;
  acquiredAt: number;
  logger: Logger;
  now: () => number;
}

class BlobLease implements Lease {
  readonly name: string;
  readonly epoch: number;
  private readonly abort = new AbortController();
  private timer?: NodeJS.Timeout;
  private released = false;
  /** When the last successful renewal was sent: the server's expiry is at least a duration after it. */
  private renewedAt: number;

  constructor(private readonly i: BlobLeaseInit) {
    this.name = i.name;
    this.epoch = i.epoch;
    this.renewedAt = i.acquiredAt;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Also false once a whole duration has passed since the last renewal (a paused process waking up). */
  get held(): boolean {
    return !this.released && !this.abort.signal.aborted && this.i.now() < this.renewedAt + this.i.durationInS * 1000;
  }

  startRenewing(): void {
    this.timer = setInterval(() => void this.renew(), this.i.renewIntervalInMs);
    this.timer.unref();
  }

  async isCurrent(): Promise<boolean> {
    if (!this.held) return false;
    try {
      const props = await this.i.blob.getProperties({ conditions: { leaseId: this.i.client.leaseId } });
      return Number(props.metadata?.[EPOCH_KEY]) === this.epoch;
    } catch (err) {
      const { status } = storageFailure(err);
      if (status === 412 || status === 409) {
        this.lose(LeaseMessages.takenOver);
        return false;
      }
      throw err;
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    if (this.abort.signal.aborted) return;
    await this.i.client.releaseLease().catch(() => undefined);
    this.abort.abort(new W365Error(DistributedErrorCodes.LeaseLost, LeaseMessages.released(this.name)));
  }

  private async renew(): Promise<void> {
    if (this.released || this.abort.signal.aborted) return;
    const sentAt = this.i.now();
    try {
      await this.i.client.renewLease();
      this.renewedAt = sentAt;
    } catch (err) {
      if (storageFailure(err).status === 409) {
        // LeaseIdMismatchWithLeaseOperation: it lapsed and another instance took it.
        this.lose(LeaseMessages.takenOver);
      } else if (this.i.now() >= this.renewedAt + this.i.durationInS * 1000) {
        this.lose(LeaseMessages.lapsed(describeStorageFailure(err)));
      } else {
        this.i.logger.warn({ lease: this.name, err: describeStorageFailure(err) }, 'lease renewal failed; retrying');
      }
    }
  }

  private lose(reason: string): void {
    if (this.released || this.abort.signal.aborted) return;
    clearInterval(this.timer);
    this.abort.abort(new W365Error(DistributedErrorCodes.LeaseLost, LeaseMessages.lost(this.name, this.epoch, reason)));
  }
}
