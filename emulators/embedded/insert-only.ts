/**
 * How the demo seeder writes: a row is created when it is missing and never touched when it exists.
 * Seeding runs at every start of the embedded default, after the person's flows have changed rows (a
 * migration moves License Change Log entries onto synced subscriptions and deactivates the manual
 * ones): an upsert would move that history back and deactivate nothing, so the tools would report
 * mismatches that the restart made. `If-None-Match: *` is Dataverse's create-only PATCH [C]
 * (perform-conditional-operations-using-web-api.md): 412 when the row exists, nothing written.
 */
import type { BatchOperation } from '../../plugins/dataverse/batch';
import type { DataverseClient, Row } from '../../plugins/dataverse/client';
import { recordPath } from '../../plugins/dataverse/odata';

/** Operations per `$batch` (Dataverse's limit is 1,000). */
export const SEED_BATCH_SIZE = 500;

export interface InsertCounts {
  created: number;
  kept: number;
}

export class InsertOnlyWriter {
  readonly counts: InsertCounts = { created: 0, kept: 0 };
  private readonly queued: BatchOperation[] = [];

  constructor(readonly dv: DataverseClient) {}

  /**
   * Queues a create-only write; `flush` sends the queue in `$batch` requests, in order (a row a later
   * one binds to is written first), each operation on its own so that a 412 (the row exists) stops
   * nothing. One request per few hundred rows instead of one per row: the first start seeds in a second.
   */
  queue(entitySet: string, id: string, body: Row): void {
    this.queued.push({
      method: 'PATCH',
      path: recordPath(entitySet, id),
      body,
      headers: { 'If-None-Match': '*' },
    });
  }

  async flush(): Promise<void> {
    while (this.queued.length) {
      const ops = this.queued.splice(0, SEED_BATCH_SIZE);
      const results = await this.dv.batch(
        ops.map((op) => ({ changeSet: [op] })),
        { continueOnError: true },
      );
      for (const r of results) {
        if (r.status === 412) this.counts.kept++;
        else if (r.status >= 200 && r.status < 300) this.counts.created++;
        else throw new Error(`Seeding failed: HTTP ${r.status} ${r.body.slice(0, 300)}`);
      }
    }
  }

  /** Creates the row with this id unless it exists; true when it was created. */
  async insert(entitySet: string, id: string, body: Row): Promise<boolean> {
    const res = await this.dv.send('PATCH', recordPath(entitySet, id), {
      body,
      headers: { 'If-None-Match': '*' },
      accept: [412],
    });
    const created = res.status !== 412;
    if (created) this.counts.created++;
    else this.counts.kept++;
    return created;
  }
}
