/**
 * One invoice into Dataverse, never half: the header first (Importing, set on create only), then its
 * lines through the BatchedWriter (keyed by invoice and line number, compared before write), then the
 * completion (Imported) once every line is written. The invoice read by its key decides what a re-import
 * means (`reimportOf`): the same content again changes nothing; a run that stopped part-way is
 * completed (only the missing or differing lines are written); other content under the same number is
 * refused. Counts follow the writes' results.
 */
import { Choices, Tables } from '../../../solution/schema';
import type { Row } from '../../dataverse/client';
import { BatchedWriter } from '../../dataverse/batched-writer';
import { updateRow } from '../../dataverse/intents';
import { eq, keySegment } from '../../dataverse/odata';
import {
  completionWrite,
  headerWrite,
  invoiceContentHash,
  lineWrite,
  reimportOf,
  type InvoiceImportContext,
  type ReimportDecision,
  type RowWrite,
} from '../../invoices';
import type { JobContext } from '../../jobs/types';
import type { DistributorInvoice } from '../../providers/types';
import type { SyncDeps } from '../deps';
import { createIntent, selectOf, updateIntent, writeIntent } from '../row-writes';
import { InvoiceImportErrorCodes } from './errors';
import { ImportMessages, StatusWords } from './strings';

const I = Tables.distributorInvoice;
const L = Tables.invoiceLine;

/** Failed lines listed as job items (all of them are counted). */
const MAX_FAILURE_ITEMS = 50;

export interface InvoiceOutcome {
  number: string;
  invoiceId: string;
  decision: ReimportDecision;
  /** Rows (header, lines, completion) written by this run. */
  written: number;
  failed: number;
  complete: boolean;
  lines: number;
  total: number;
  currencyCode: string;
  periodStart: string;
  periodEnd: string;
}

/** The invoice row as Dataverse holds it under the header's key (provider, number), with what a diff needs. */
async function readExisting(deps: SyncDeps, header: RowWrite, signal?: AbortSignal): Promise<Row | undefined> {
  const key = keySegment(I, header.keyName, header.key);
  return deps.dv.retrieve(I, key, [...selectOf(header), I.col.importStatus], signal);
}

async function existingLines(deps: SyncDeps, invoiceId: string, select: string[], signal?: AbortSignal) {
  const out = new Map<number, Row>();
  for await (const r of deps.dv.rows(
    L,
    { select: [...select, L.col.lineNumber], filter: eq(L.val.invoice, { guid: invoiceId }) },
    { signal },
  ))
    out.set(Number(r[L.col.lineNumber]), r);
  return out;
}

export async function writeInvoice(
  deps: SyncDeps,
  ctx: JobContext,
  invoice: DistributorInvoice,
  importContext: Omit<InvoiceImportContext, 'fileHash'>,
): Promise<InvoiceOutcome> {
  const fileHash = invoiceContentHash(invoice);
  const ic: InvoiceImportContext = { ...importContext, fileHash };
  const header = headerWrite(invoice, ic);
  const existing = await readExisting(deps, header, ctx.signal);
  const status = existing ? Number(existing[I.col.importStatus]) : undefined;
  const decision = reimportOf(
    existing ? { fileHash: (existing[I.col.fileHash] as string | null) ?? undefined, importStatus: status } : undefined,
    fileHash,
  );
  const invoiceId = existing ? String(existing[I.col.id]) : header.id;
  const outcome: InvoiceOutcome = {
    number: invoice.number,
    invoiceId,
    decision,
    written: 0,
    failed: 0,
    complete: decision === 'unchanged',
    lines: invoice.lines.length,
    total: Number(header.values[I.col.total]),
    currencyCode: invoice.currencyCode,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
  };
  if (decision === 'changed') {
    const was = status === Choices.invoiceImportStatus.Imported ? StatusWords.imported : StatusWords.importing;
    ctx.item({
      severity: 'Error',
      code: InvoiceImportErrorCodes.Changed,
      message: ImportMessages.changed(invoice.number, was),
      recordType: I.logicalName,
      recordId: invoiceId,
      recordName: invoice.number,
    });
    return outcome;
  }
  if (decision === 'unchanged') {
    ctx.tally.add('unchanged', invoice.lines.length + 1);
    return outcome;
  }
  const headerIntent = existing ? updateIntent(header, existing) : createIntent(header);
  if (headerIntent) {
    await ctx.checkpoint();
    await deps.dv.write(headerIntent, { signal: ctx.signal });
    ctx.tally.add(existing ? 'updated' : 'created');
    outcome.written++;
  } else ctx.tally.add('unchanged');
  await writeLines(deps, ctx, invoice, invoiceId, ic, existing !== undefined, outcome);
  if (outcome.failed === 0) {
    await ctx.checkpoint();
    const done = completionWrite(ic.providerId, invoice.number);
    await deps.dv.write(updateRow(I, invoiceId, { values: done.values }), { signal: ctx.signal });
    outcome.complete = true;
  }
  return outcome;
}

async function writeLines(
  deps: SyncDeps,
  ctx: JobContext,
  invoice: DistributorInvoice,
  invoiceId: string,
  ic: InvoiceImportContext,
  resume: boolean,
  outcome: InvoiceOutcome,
): Promise<void> {
  const writer = new BatchedWriter<{ lineNumber: number; create: boolean }>(deps.dv, {
    signal: ctx.signal,
    maxOperationsPerBatch: deps.writes?.maxOperationsPerBatch,
    concurrentBatches: deps.writes?.concurrentBatches,
    flushAtOperations: deps.writes?.flushAtOperations,
    beforeFlush: () => ctx.checkpoint(),
    onResult: (r) => {
      if (r.ok) {
        ctx.tally.add(r.tag.create ? 'created' : 'updated');
        outcome.written++;
        return;
      }
      ctx.tally.add('failed');
      if (++outcome.failed <= MAX_FAILURE_ITEMS)
        ctx.item({
          severity: 'Error',
          code: InvoiceImportErrorCodes.WriteFailed,
          message: ImportMessages.writeFailed(
            invoice.number,
            `line ${r.tag.lineNumber}`,
            r.error?.message ?? 'unknown error',
          ),
          recordType: L.logicalName,
          recordName: `${invoice.number} #${r.tag.lineNumber}`,
        });
    },
  });
  const first = invoice.lines[0];
  const current =
    resume && first
      ? await existingLines(deps, invoiceId, selectOf(lineWrite(invoiceId, first, ic)), ctx.signal)
      : new Map<number, Row>();
  let done = 0;
  for (const line of invoice.lines) {
    const w = lineWrite(invoiceId, line, ic);
    const existing = current.get(line.lineNumber);
    const intent = writeIntent(w, existing);
    if (intent) await writer.add({ intents: [intent], tag: { lineNumber: line.lineNumber, create: !existing } });
    else ctx.tally.add('unchanged');
    if (++done % 5000 === 0)
      ctx.progress(
        20 + Math.round((done / invoice.lines.length) * 70),
        `Wrote ${done} of ${invoice.lines.length} lines of ${invoice.number}`,
      );
  }
  await writer.flush();
}
