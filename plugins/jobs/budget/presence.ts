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
 * demand in metadata, written again every second (the budget's beat) while the worker has requests for the
 * budget. The workers that want it are the blobs written lately. Ages are measured against the newest
 * blob (the caller's own, just written), in the storage's clock, so workers' clocks need not agree.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { containerOnce, storageFailure } from '../storage-clients';

/** What a worker says of itself: its demand and what it sent in the trailing window. */
export interface PresenceEntry {
  workerId: string;
  /** Requests' worth it wants (at least 1). */
  demand: number;
  requests: number;
  executionInMs: number;
}

export interface PresenceBoard {
  /** Says that the worker wants budget `name` now, and what it sent lately. */
  beat(name: string, entry: PresenceEntry): Promise<void>;
  /** The workers that said so within the last `withinMs` (the caller's own entry included). */
  workers(name: string, withinMs: number): Promise<PresenceEntry[]>;
  leave(name: string, workerId: string): Promise<void>;
}

/** A worker's blob unwritten this long is an old process's. */
const STALE_IN_MS = 10 * 60_000;

export class BlobPresenceBoard implements PresenceBoard {
  private readonly containerReady: () => Promise<void>;

  constructor(private readonly o: { container: ContainerClient; prefix?: string }) {
    this.containerReady = containerOnce(o.container);
  }

  async beat(name: string, entry: PresenceEntry): Promise<void> {
    const blob = this.o.container.getBlockBlobClient(`${this.prefix(name)}${encodeURIComponent(entry.workerId)}`);
    const metadata = {
      demand: String(Math.max(1, Math.round(entry.demand))),
      requests: String(Math.max(0, Math.round(entry.requests))),
      execms: String(Math.max(0, Math.round(entry.executionInMs))),
    };
    const options = { metadata };
    try {
      await blob.upload('', 0, options);
    } catch (err) {
      if (storageFailure(err).status !== 404) throw err;
      await this.containerReady();
      await blob.upload('', 0, options);
    }
  }

  async workers(name: string, withinMs: number): Promise<PresenceEntry[]> {
    const prefix = this.prefix(name);
    const written: (PresenceEntry & { name: string; at: number })[] = [];
    for await (const b of this.o.container.listBlobsFlat({ prefix, includeMetadata: true })) {
      const m = b.metadata ?? {};
      written.push({
        name: b.name,
        at: b.properties.lastModified.getTime(),
        workerId: decodeURIComponent(b.name.slice(prefix.length)),
        demand: Math.max(1, Number(m.demand) || 1),
        requests: Math.max(0, Number(m.requests) || 0),
        executionInMs: Math.max(0, Number(m.execms) || 0),
      });
    }
    if (written.length === 0) return [];
    const newest = Math.max(...written.map((w) => w.at));
    // Workers that stopped long ago (a restart gets a new id): tidied away, best effort.
    for (const w of written.filter((x) => newest - x.at > STALE_IN_MS))
      void this.o.container.deleteBlob(w.name).catch(() => undefined);
    return written
      .filter((w) => newest - w.at <= withinMs)
      .map(({ workerId, demand, requests, executionInMs }) => ({ workerId, demand, requests, executionInMs }));
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
