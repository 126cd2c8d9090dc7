/**
 * Where workers tell each other that a target asked them to wait (Retry-After). Dataverse counts its
 * limits per user, and every worker is the same application user: when one worker is told to wait,
 * the others would be told the same on their next request, and each request sent meanwhile extends
 * the wait ("continuing to send extends the wait", api-limits.md). So a pause is published, and every
 * worker reads it before it sends again.
 *
 * On Blob storage: one empty blob per budget whose metadata holds `pauseduntil` (epoch ms). A raise
 * is a read and a write under If-Match, retried on a lost race, and only ever moves the time later.
 * Times are absolute; the workers' clocks are assumed to agree within a second or two (NTP), which
 * is small next to a Retry-After of tens of seconds.
 */
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { containerOnce, storageFailure } from '../storage-clients';

export interface PauseBoard {
  /** The latest published pause for `name` (epoch ms), 0 when none. */
  read(name: string): Promise<number>;
  /** Publishes "no request to `name` before `untilEpochMs`" unless a later pause is already there. */
  raise(name: string, untilEpochMs: number): Promise<void>;
}

const KEY = 'pauseduntil';

export class BlobPauseBoard implements PauseBoard {
  private readonly containerReady: () => Promise<void>;

  constructor(private readonly o: { container: ContainerClient; prefix?: string }) {
    this.containerReady = containerOnce(o.container);
  }

  async read(name: string): Promise<number> {
    try {
      const props = await this.blob(name).getProperties();
      return Number(props.metadata?.[KEY] ?? 0) || 0;
    } catch (err) {
      if (storageFailure(err).status === 404) return 0;
      throw err;
    }
  }

  async raise(name: string, untilEpochMs: number): Promise<void> {
    const blob = this.blob(name);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.readWithEtag(blob);
      if (current.until >= untilEpochMs) return;
      try {
        if (current.etag) {
          await blob.setMetadata({ [KEY]: String(untilEpochMs) }, { conditions: { ifMatch: current.etag } });
        } else {
          await blob.upload('', 0, { metadata: { [KEY]: String(untilEpochMs) }, conditions: { ifNoneMatch: '*' } });
        }
        return;
      } catch (err) {
        const { status } = storageFailure(err);
        if (status !== 412 && status !== 409) throw err; // another worker raised it meanwhile: read again
      }
    }
  }

  private async readWithEtag(blob: BlockBlobClient): Promise<{ until: number; etag?: string }> {
    try {
      const props = await blob.getProperties();
      return { until: Number(props.metadata?.[KEY] ?? 0) || 0, etag: props.etag };
    } catch (err) {
      if (storageFailure(err).status !== 404) throw err;
      await this.containerReady();
      return { until: 0 };
    }
  }

  private blob(name: string): BlockBlobClient {
    return this.o.container.getBlockBlobClient(`${this.o.prefix ?? 'budgets/'}${name}/pause`);
  }
}
