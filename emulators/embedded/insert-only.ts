/**
 * How the demo seeder writes: a row is created when it is missing and never touched when it exists.
 * Seeding runs at every start of the embedded default, after the person's flows have changed rows (a
 * migration moves License Change Log entries onto synced subscriptions and deactivates the manual
 * ones): an upsert would move that history back and deactivate nothing, so the tools would report
 * mismatches that the restart made. `If-None-Match: *` is Dataverse's create-only PATCH [C]
 * (perform-conditional-operations-using-web-api.md): 412 when the row exists, nothing written.
 */
import type { DataverseClient, Row } from '../../plugins/dataverse/client';
import { recordPath } from '../../plugins/dataverse/odata';

export interface InsertCounts {
  created: number;
  kept: number;
}

export class InsertOnlyWriter {
  readonly counts: InsertCounts = { created: 0, kept: 0 };

  constructor(readonly dv: DataverseClient) {}

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
