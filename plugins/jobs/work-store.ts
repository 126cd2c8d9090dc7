/**
 * The Dataverse side of the work ledger (`ledger.ts`): reading it with the row version, and writing it
 * back only if the row is still at that version (If-Match), with the counts, warnings, progress and
 * heartbeat that follow from it. `DataverseJobStore` delegates here; the job row's Result column holds
 * the ledger while the job runs.
 */
import { Tables } from '../../solution/schema';
import type { DataverseApi } from '../dataverse/api';
import { DataverseError } from '../dataverse/errors';
import { updateRow, type Desired } from '../dataverse/intents';
import { ledgerProgress, parseLedger, serialiseLedger, type WorkLedger } from './ledger';
import type { JobRecord } from './types';

const J = Tables.syncJob;

export interface WorkState {
  /** The row as read, with its version (etag). */
  job: JobRecord;
  /** Absent until the job has been planned into items. */
  ledger?: WorkLedger;
}

export function ledgerValues(ledger: WorkLedger, now: Date): Desired {
  const p = ledgerProgress(ledger);
  return {
    values: {
      [J.col.result]: serialiseLedger(ledger),
      [J.col.createdCount]: ledger.counts.created,
      [J.col.updatedCount]: ledger.counts.updated,
      [J.col.unchangedCount]: ledger.counts.unchanged,
      [J.col.skippedCount]: ledger.counts.skipped,
      [J.col.failedCount]: ledger.counts.failed,
      [J.col.warningCount]: ledger.warnings + ledger.errors,
      [J.col.progress]: p.percent,
      [J.col.progressMessage]: p.message,
      [J.col.heartbeatOn]: now.toISOString(),
    },
  };
}

export async function readLedgerColumn(dv: DataverseApi, jobId: string): Promise<WorkLedger | undefined> {
  const row = await dv.retrieve(J, jobId, [J.col.result]);
  return row ? parseLedger(row[J.col.result]) : undefined;
}

/** The ledger written if the row is still at `etag`; its new version, or undefined when it moved on. */
export async function writeLedgerIfMatch(
  dv: DataverseApi,
  jobId: string,
  etag: string,
  ledger: WorkLedger,
  now: Date,
): Promise<string | undefined> {
  try {
    const written = await dv.write(updateRow(J, jobId, ledgerValues(ledger, now), { etag }), { returnVersion: true });
    return written.etag ?? '*';
  } catch (err) {
    if (err instanceof DataverseError && err.status === 412) return undefined;
    throw err;
  }
}
