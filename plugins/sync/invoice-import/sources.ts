/**
 * The invoices an Import Invoice job imports: a file (a note on the Provider, or bytes the caller read)
 * through `parseInvoiceCsv`, all or nothing; or the distributor's own invoices for a billing period
 * (`connector.readInvoices`: Ion's billing report, Dicker's invoice feed). A file with problems is
 * refused with every problem as a job item (line, column, what was expected); the refusal is the
 * job's result, nothing is written.
 */
import { W365Error } from '../../../common/errors';
import { InvoiceErrorCodes, parseInvoiceCsv, refusal, type InvoiceFileProblem } from '../../invoices';
import type { JobContext, OperationResult } from '../../jobs/types';
import type { InvoiceRead, ProviderConfig, ProviderConnector } from '../../providers/types';
import type { SyncDeps } from '../deps';
import { readAttachment, type InvoiceFile } from './attachment';
import { InvoiceImportErrorCodes } from './errors';
import type { ImportRequest } from './request';
import { ImportMessages, ImportSummary } from './strings';

/** Problems listed as job items (all of them are in the result's JSON). */
export const MAX_PROBLEM_ITEMS = 200;

export type SourceRead = { ok: true; reads: InvoiceRead[]; fromFile: boolean } | { ok: false; result: OperationResult };

function fileRefused(ctx: JobContext, file: InvoiceFile, problems: readonly InvoiceFileProblem[]): SourceRead {
  for (const p of problems.slice(0, MAX_PROBLEM_ITEMS))
    ctx.item({
      severity: 'Error',
      code: p.code,
      message: p.message,
      recordName: `${file.fileName}${p.line !== undefined ? ` line ${p.line}` : ''}${p.column ? `, column ${p.column}` : ''}`,
    });
  ctx.tally.add('failed', problems.length);
  const error = refusal(file.fileName, problems);
  return {
    ok: false,
    result: {
      status: 'Failed',
      errorCode: InvoiceErrorCodes.FileRefused,
      summary: error.message,
      result: { problems },
    },
  };
}

async function fileOf(deps: SyncDeps, ctx: JobContext, config: ProviderConfig, request: ImportRequest) {
  const source = request.source;
  if (source.kind === 'content') return { fileName: source.fileName, content: source.content };
  if (source.kind !== 'attachment') throw new Error('not a file source');
  return readAttachment(deps.dv, config.providerId, source.attachmentId, ctx.signal);
}

export async function readInvoiceSource(
  deps: SyncDeps,
  ctx: JobContext,
  config: ProviderConfig,
  connector: ProviderConnector,
  request: ImportRequest,
): Promise<SourceRead> {
  const source = request.source;
  if (source.kind !== 'distributor') {
    ctx.progress(10, 'Reading the invoice file');
    const file = await fileOf(deps, ctx, config, request);
    const parsed = parseInvoiceCsv(file.content, { mapping: request.mapping, tolerance: request.totalTolerance });
    if (!parsed.ok) return fileRefused(ctx, file, parsed.problems);
    return { ok: true, reads: parsed.invoices.map((invoice) => ({ invoice, problems: [] })), fromFile: true };
  }
  if (!connector.readInvoices)
    throw new W365Error(InvoiceImportErrorCodes.NoSource, ImportMessages.noSource(config.name, connector.displayName));
  ctx.progress(10, `Reading ${config.name}'s invoices for ${source.periodStart} to ${source.periodEnd}`);
  const reads = await connector.readInvoices(config, {
    periodStart: source.periodStart,
    periodEnd: source.periodEnd,
    signal: ctx.signal,
  });
  if (!reads.length) {
    const message = ImportMessages.noneForPeriod(config.name, source.periodStart, source.periodEnd);
    ctx.item({ severity: 'Info', code: InvoiceImportErrorCodes.NoneForPeriod, message });
    return {
      ok: false,
      result: {
        summary: `${message} ${ImportSummary.none}`,
        status: 'NoChange',
      },
    };
  }
  return { ok: true, reads, fromFile: false };
}
