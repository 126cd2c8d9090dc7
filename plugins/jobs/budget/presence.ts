/**
 * Which workers want a budget now, so that each can hold its fair part of the slots. Without it the
 * first busy worker took every slot and kept them while busy, and the others' requests waited for
 * them (four workers ran a job slower than one: docs/scale-out.md, "Shared budgets").
 *
 * Each worker says how much it wants (its demand: the most requests it had in flight or waiting
 * since it last said), so that parts follow demand: a worker whose only requests are the poller's
 * does not hold a quarter of the budget while another has hundreds waiting.
 *
 * On Blob storage: one empty blob per worker and budget (`budgets/<budget>/workers/<workerId>`), its
 * demand in metadata, written again every couple of seconds while the worker has requests for the
 * budget. The workers that want it are the blobs written lately. Ages are measured against the newest
 * blob (the caller's own, just written), in the storage's clock, so workers' clocks need not agree.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { storageFailure } from '../storage-clients';

export interface PresenceBoard {
  /** Says that `workerId` wants budget `name` now, `demand` requests' worth (at least 1). */
  beat(name: string, workerId: string, demand: number): Promise<void>;
  /** The demands of the workers that said so within the last `withinMs` (the caller's own included). */
  demands(name: string, withinMs: number): Promise<number[]>;
  leave(name: string, workerId: string): Promise<void>;
}

const DEMAND = 'demand';
/** A worker's blob unwritten this long is an old process's. */
const STALE_IN_MS = 10 * 60_000;

export class BlobPresenceBoard implements PresenceBoard {
  private containerReady?: Promise<unknown>;

  constructor(private readonly o: { container: ContainerClient; prefix?: string }) {}

  async beat(name: string, workerId: string, demand: number): Promise<void> {
    const blob = this.o.container.getBlockBlobClient(`${this.prefix(name)}${encodeURIComponent(workerId)}`);
    const options = { metadata: { [DEMAND]: String(Math.max(1, Math.round(demand))) } };
    try {
      await blob.upload('', 0, options);
    } catch (err) {
      if (storageFailure(err).status !== 404) throw err;
      this.containerReady ??= this.o.container.createIfNotExists().catch((e: unknown) => {
        this.containerReady = undefined;
        throw e;
      });
      await this.containerReady;
      await blob.upload('', 0, options);
    }
  }

  async demands(name: string, withinMs: number): Promise<number[]> {
    const written: { name: string; at: number; demand: number }[] = [];
    for await (const b of this.o.container.listBlobsFlat({ prefix: this.prefix(name), includeMetadata: true }))
      written.push({
        name: b.name,
        at: b.properties.lastModified.getTime(),
        demand: Math.max(1, Number(b.metadata?.[DEMAND]) || 1),
      });
    if (written.length === 0) return [];
    const newest = Math.max(...written.map((w) => w.at));
    // Workers that stopped long ago (a restart gets a new id): tidied away, best effort.
    for (const w of written.filter((x) => newest - x.at > STALE_IN_MS))
      void this.o.container.deleteBlob(w.name).catch(() => undefined);
    return written.filter((w) => newest - w.at <= withinMs).map((w) => w.demand);
  }

  /** The worker no longer wants the budget (it is closing): the others may have its part at once. */
  async leave(name: string, workerId: string): Promise<void> {
    await this.o.container
      .getBlockBlobClient(`${this.prefix(name)}${encodeURIComponent(workerId)}`)
      .deleteIfExists()
      .catch(() => undefined);
  }

  private prefix(name: string): string {
    return `${this.o.prefix ?? 'budgets/'}${name}/workers/`;
  }
}
