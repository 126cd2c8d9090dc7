/**
 * Import Invoice as a job, for one provider: the invoice file attached to the job's request (a note on
 * the Provider; any distributor) or the distributor's own invoices for a billing period (Ion, Dicker).
 * Each invoice is checked (a connector's invoice against its stated total; a file was checked whole
 * while it was parsed), linked to the provider's accounts, and written all or nothing (write-invoice.ts).
 * Problems are job items; a refused file or invoice writes nothing.
 */
import { totalMismatch } from '../../invoices';
import type { JobContext, OperationHandler, OperationResult } from '../../jobs/types';
import type { InvoiceRead, ProviderConfig } from '../../providers/types';
import type { SyncDeps } from '../deps';
import { loadProvider } from '../provider-config';
import { readScopeAccounts } from '../subscriptions/reference';
import { InvoiceImportErrorCodes } from './errors';
import { importRequestOf, type ImportRequest } from './request';
import { MAX_PROBLEM_ITEMS, readInvoiceSource } from './sources';
import { ImportMessages, ImportSummary } from './strings';
import { writeInvoice, type InvoiceOutcome } from './write-invoice';

export type { ImportRequest, ImportSource } from './request';
export type { InvoiceOutcome } from './write-invoice';

/** Whether a connector's invoice may be imported: every line read, and its lines add up to its total. */
function checkRead(ctx: JobContext, read: InvoiceRead, request: ImportRequest, fromFile: boolean): boolean {
  const { invoice, problems } = read;
  if (problems.length) {
    for (const p of problems.slice(0, MAX_PROBLEM_ITEMS))
      ctx.item({
        severity: 'Error',
        code: p.code,
        message: ImportMessages.lineUnreadable(p.record, p.message),
        recordName: p.record,
      });
    ctx.item({
      severity: 'Error',
      code: InvoiceImportErrorCodes.LinesUnreadable,
      message: ImportMessages.linesUnreadable(invoice.number, problems.length),
      recordName: invoice.number,
    });
    return false;
  }
  const mismatch = fromFile ? undefined : totalMismatch(invoice, request.totalTolerance);
  if (mismatch)
    ctx.item({ severity: 'Error', code: mismatch.code, message: mismatch.message, recordName: invoice.number });
  return !mismatch;
}

/** One warning per customer the invoice bills that no provider account has (the lines are imported). */
function reportUnknownCustomers(ctx: JobContext, read: InvoiceRead, accountIds: ReadonlyMap<string, string>): void {
  const unknown = new Map<string, { id: string; lines: number }>();
  for (const l of read.invoice.lines) {
    const key = l.customerId.toLowerCase();
    if (accountIds.has(key)) continue;
    const u = unknown.get(key) ?? { id: l.customerId, lines: 0 };
    u.lines++;
    unknown.set(key, u);
  }
  for (const u of unknown.values())
    ctx.item({
      severity: 'Warning',
      code: InvoiceImportErrorCodes.CustomerUnknown,
      message: ImportMessages.customerUnknown(u.id, u.lines),
      providerValue: u.id,
      recordName: read.invoice.number,
    });
}

function summaryOf(outcomes: readonly (InvoiceOutcome | { number: string; refused: true })[]): OperationResult {
  const lines = outcomes.map((o) => {
    if ('refused' in o) return ImportSummary.refused(o.number);
    if (o.decision === 'changed') return ImportSummary.refused(o.number);
    if (o.decision === 'unchanged') return ImportSummary.unchanged(o.number);
    if (!o.complete) return ImportSummary.incomplete(o.number, o.failed);
    if (o.decision === 'resume') return ImportSummary.resumed(o.number, o.written);
    return ImportSummary.imported(o.number, o.lines, o.currencyCode, o.total, o.periodStart, o.periodEnd);
  });
  const failed = outcomes.filter((o) => 'refused' in o || o.decision === 'changed' || !o.complete);
  return {
    summary: lines.join('\n') || ImportSummary.none,
    ...(failed.length === outcomes.length && failed.length
      ? { status: 'Failed' as const, errorCode: errorCodeOf(failed[0]) }
      : {}),
    result: {
      invoices: outcomes.map((o) =>
        'refused' in o ? { number: o.number, refused: true } : { ...o, refused: o.decision === 'changed' },
      ),
    },
  };
}

function errorCodeOf(o: InvoiceOutcome | { number: string; refused: true }): string {
  if ('refused' in o) return InvoiceImportErrorCodes.LinesUnreadable;
  return o.decision === 'changed' ? InvoiceImportErrorCodes.Changed : InvoiceImportErrorCodes.WriteFailed;
}

export async function importInvoices(
  deps: SyncDeps,
  ctx: JobContext,
  request?: ImportRequest,
): Promise<OperationResult> {
  const now = (deps.now ?? (() => new Date()))();
  const req = request ?? importRequestOf(ctx.job.parameters, now);
  const { config } = await loadProvider(deps.dv, ctx.job.providerId, deps.redactor);
  const connector = deps.connectors.create(config.internalName, deps.connectorDeps(ctx.log));
  const read = await readInvoiceSource(deps, ctx, config, connector, req);
  if (!read.ok) return read.result;
  ctx.progress(15, 'Reading the provider accounts');
  const accountIds = await providerAccountIds(deps, config, ctx.signal);
  const outcomes: (InvoiceOutcome | { number: string; refused: true })[] = [];
  for (const r of read.reads) {
    if (!checkRead(ctx, r, req, read.fromFile)) {
      outcomes.push({ number: r.invoice.number, refused: true });
      continue;
    }
    reportUnknownCustomers(ctx, r, accountIds);
    outcomes.push(
      await writeInvoice(deps, ctx, r.invoice, {
        providerId: config.providerId,
        providerName: config.name,
        providerAccountIds: accountIds,
      }),
    );
  }
  return summaryOf(outcomes);
}

async function providerAccountIds(deps: SyncDeps, config: ProviderConfig, signal: AbortSignal) {
  const accounts = await readScopeAccounts(deps.dv, config.providerId, undefined, signal);
  return new Map(accounts.map((a) => [a.providerSpecificId.toLowerCase(), a.id]));
}

export function importInvoiceOperation(deps: SyncDeps): OperationHandler {
  // A refused request (parameters, mapping, attachment) throws a W365Error: the runner ends the job
  // Failed with its code and message, before anything was written.
  return (ctx) => importInvoices(deps, ctx);
}
