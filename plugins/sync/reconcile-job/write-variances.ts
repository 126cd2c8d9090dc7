/**
 * Variance rows of one reconciliation, by dedupe key: a new variance is created Open; one found again
 * gets only its differing columns updated (never its review status, so Accepted stays Accepted); and
 * an Open variance of this invoice that the run no longer finds (the data was fixed: a SKU mapped, a
 * quantity corrected) is marked Fixed. Accepted and Fixed ones are left as a person left them. A rerun
 * over the same data writes nothing.
 */
import { Choices, Tables } from '../../../solution/schema';
import { BatchedWriter } from '../../dataverse/batched-writer';
import type { Row } from '../../dataverse/client';
import { updateRow, type WriteIntent } from '../../dataverse/intents';
import { eq } from '../../dataverse/odata';
import type { JobContext } from '../../jobs/types';
import type { SyncDeps } from '../deps';
import { varianceWrite, type InvoiceFacts, type Variance } from '../reconcile';
import { selectOf, writeIntent } from '../row-writes';
import { ReconcileErrorCodes } from './errors';
import { ReconcileMessages } from './strings';

const V = Tables.variance;
const MAX_FAILURE_ITEMS = 50;

type Tag = { kind: 'create' | 'update' | 'fixed'; name: string };

export interface VarianceWriteCounts {
  created: number;
  updated: number;
  unchanged: number;
  fixed: number;
  failed: number;
}

async function existingVariances(deps: SyncDeps, invoice: InvoiceFacts, select: string[], signal?: AbortSignal) {
  const out = new Map<string, Row>();
  const filter = eq(V.val.invoice, { guid: invoice.id });
  const columns = [...new Set([...select, V.col.dedupeKey, V.col.reviewStatus, V.col.name])];
  for await (const r of deps.dv.rows(V, { select: columns, filter }, { signal }))
    out.set(String(r[V.col.dedupeKey]), r);
  return out;
}

export async function writeVariances(
  deps: SyncDeps,
  ctx: JobContext,
  invoice: InvoiceFacts,
  variances: readonly Variance[],
): Promise<VarianceWriteCounts> {
  const counts: VarianceWriteCounts = { created: 0, updated: 0, unchanged: 0, fixed: 0, failed: 0 };
  const writer = new BatchedWriter<Tag>(deps.dv, {
    signal: ctx.signal,
    maxOperationsPerBatch: deps.writes?.maxOperationsPerBatch,
    concurrentBatches: deps.writes?.concurrentBatches,
    flushAtOperations: deps.writes?.flushAtOperations,
    beforeFlush: () => ctx.checkpoint(),
    onResult: (r) => {
      if (r.ok) {
        ctx.tally.add(r.tag.kind === 'create' ? 'created' : 'updated');
        counts[r.tag.kind === 'create' ? 'created' : r.tag.kind === 'fixed' ? 'fixed' : 'updated']++;
        return;
      }
      ctx.tally.add('failed');
      if (++counts.failed <= MAX_FAILURE_ITEMS)
        ctx.item({
          severity: 'Error',
          code: ReconcileErrorCodes.WriteFailed,
          message: ReconcileMessages.writeFailed(r.tag.name, r.error?.message ?? 'unknown error'),
          recordType: V.logicalName,
          recordName: r.tag.name,
        });
    },
  });
  // Every column any of the variances writes (lookups differ by type), so a diff never sees one as missing.
  const writes = variances.map((v) => varianceWrite(invoice, v));
  const select = [...new Set([V.col.id, ...writes.flatMap(selectOf)])];
  const existing = await existingVariances(deps, invoice, select, ctx.signal);
  for (const [i, v] of variances.entries()) {
    const w = writes[i];
    const current = existing.get(v.key);
    existing.delete(v.key);
    const intent = writeIntent(w, current);
    const name = String(w.values[V.col.name]);
    if (intent) await writer.add({ intents: [intent], tag: { kind: current ? 'update' : 'create', name } });
    else {
      counts.unchanged++;
      ctx.tally.add('unchanged');
    }
  }
  for (const row of existing.values()) {
    const fix = fixedIntent(row);
    if (fix) await writer.add({ intents: [fix], tag: { kind: 'fixed', name: String(row[V.col.name] ?? '') } });
  }
  await writer.flush();
  return counts;
}

/** An Open variance the run no longer finds: Fixed. Accepted and Fixed ones stay as a person left them. */
function fixedIntent(row: Row): WriteIntent | undefined {
  if (Number(row[V.col.reviewStatus]) !== Choices.varianceReviewStatus.Open) return undefined;
  return updateRow(V, String(row[V.col.id]), {
    values: { [V.col.reviewStatus]: Choices.varianceReviewStatus.Fixed },
  });
}
