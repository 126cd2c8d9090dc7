/**
 * Reconcile as a job, for one provider and one imported invoice (its billing period): reads the invoice
 * and what the CRM holds for the provider (read-invoice.ts, read-crm.ts), compares them with the pure
 * `reconcileInvoice` (plugins/sync/reconcile/), and writes the variances by dedupe key
 * (write-variances.ts). The summary gives the count and amount at stake per type and currency. A rerun
 * over the same data writes nothing; a variance a person accepted stays accepted.
 */
import { Choices } from '../../../solution/schema';
import type { JobContext, OperationHandler, OperationResult } from '../../jobs/types';
import { costAlerts } from '../alerts/run';
import type { SyncDeps } from '../deps';
import { loadProvider } from '../provider-config';
import {
  reconcileInvoice,
  totalsOf,
  varianceTypeValue,
  type ReconcileResult,
  type VarianceTypeName,
} from '../reconcile';
import { readCrmFacts } from './read-crm';
import { findInvoice, readInvoiceFacts } from './read-invoice';
import { reconcileRequestOf, toleranceFor } from './request';
import { ReconcileSummary } from './strings';
import { writeVariances, type VarianceWriteCounts } from './write-variances';

export { ReconcileErrorCodes } from './errors';

const typeLabel = (type: VarianceTypeName) => Choices.varianceType.label(varianceTypeValue(type));

function summaryOf(
  invoice: { number: string; periodStart: string; periodEnd: string },
  result: ReconcileResult,
  counts: VarianceWriteCounts,
): OperationResult {
  const totals = totalsOf(result.variances);
  const text = [
    ReconcileSummary.heading(
      invoice.number,
      invoice.periodStart,
      invoice.periodEnd,
      result.stats.lines,
      result.stats.subscriptionsCompared,
    ),
    ReconcileSummary.variances(result.variances.length, counts.created, counts.updated),
    ReconcileSummary.totals(totals, (t) => typeLabel(t.type)),
    ReconcileSummary.fixed(counts.fixed),
    ReconcileSummary.failed(counts.failed),
  ].filter(Boolean);
  const byType = Object.fromEntries(Object.entries(result.stats.byType).filter(([, n]) => n > 0));
  return {
    summary: text.join('\n'),
    ...(counts.failed ? { status: 'SucceededWithWarnings' as const } : {}),
    result: { invoice: invoice.number, variances: result.variances.length, byType, totals, writes: counts },
  };
}

export async function reconcile(deps: SyncDeps, ctx: JobContext): Promise<OperationResult> {
  const request = reconcileRequestOf(ctx.job.parameters);
  const { config } = await loadProvider(deps.dv, ctx.job.providerId, deps.redactor);
  const tolerance = toleranceFor(request, config);
  ctx.progress(5, 'Reading the invoice');
  const row = await findInvoice(deps.dv, config.providerId, request.invoice, ctx.signal);
  const invoice = await readInvoiceFacts(deps.dv, row, ctx.signal);
  ctx.progress(30, `Reading ${config.name}'s subscriptions, license changes and catalogue`);
  const crm = await readCrmFacts(deps.dv, invoice, ctx.signal);
  ctx.progress(60, `Comparing ${invoice.lines.length} lines of invoice ${invoice.number}`);
  const result = reconcileInvoice({ invoice, ...crm, tolerance });
  ctx.progress(75, `Saving ${result.variances.length} variances`);
  const counts = await writeVariances(deps, ctx, invoice, result.variances);
  const now = (deps.now ?? (() => new Date()))();
  await costAlerts(deps.dv, ctx, config, invoice.number, result.variances, now);
  return summaryOf(invoice, result, counts);
}

export function reconcileOperation(deps: SyncDeps): OperationHandler {
  // A refused request (parameters, tolerance, an invoice not found or not imported) throws a W365Error:
  // the runner ends the job Failed with its code and message, before anything was written.
  return (ctx) => reconcile(deps, ctx);
}
