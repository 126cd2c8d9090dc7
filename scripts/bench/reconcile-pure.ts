/**
 * `npm run -s bench -- reconcile-pure [--customers 5000] [--subscriptions 50000] [--seed 17] --json`:
 * the pure reconciliation alone (no Dataverse, no HTTP) on generated data (reconcile-data.ts): a
 * 60,000-line invoice with about 1% planted variances of every type, and an empty invoice. Checks each
 * finding against the truth (`found`: planted variances reported with the right type; `false_positives`:
 * findings where nothing was planted), that a rerun finds exactly the same variances (keys included),
 * and measures wall time and peak memory. Phase 2's `reconcile` benchmark adds the Dataverse side.
 */
import { performance } from 'node:perf_hooks';
import { reconcileInvoice, VARIANCE_TYPES, type Variance, type VarianceTypeName } from '../../plugins/sync/reconcile';
import { generateReconcileBenchData, type PlantedVariance } from './reconcile-data';
import { numberOption } from './options';
import { peakRssMb, type BenchScenario } from './types';

function matches(v: Variance, p: PlantedVariance): boolean {
  return (
    v.type === p.type &&
    (p.subscriptionId === undefined || v.subscriptionId === p.subscriptionId) &&
    (p.customerId === undefined || v.customerId?.toLowerCase() === p.customerId.toLowerCase()) &&
    (p.sku === undefined || v.sku === p.sku) &&
    (p.lineNumber === undefined || v.lineNumbers[0] === p.lineNumber)
  );
}

export interface Score {
  planted: number;
  found: number;
  false_positives: number;
  by_type: Record<string, { planted: number; found: number; false_positives: number }>;
}

/** Each planted variance is found by at most one finding of its type; findings left over are false positives. */
export function score(variances: readonly Variance[], planted: readonly PlantedVariance[]): Score {
  const by_type = Object.fromEntries(
    VARIANCE_TYPES.map((t) => [t, { planted: 0, found: 0, false_positives: 0 }]),
  ) as Score['by_type'];
  const unused = new Set(variances);
  const byType = new Map<VarianceTypeName, Variance[]>();
  for (const v of variances) byType.set(v.type, [...(byType.get(v.type) ?? []), v]);
  let found = 0;
  for (const p of planted) {
    by_type[p.type].planted++;
    const hit = (byType.get(p.type) ?? []).find((v) => unused.has(v) && matches(v, p));
    if (!hit) continue;
    unused.delete(hit);
    by_type[p.type].found++;
    found++;
  }
  for (const v of unused) by_type[v.type].false_positives++;
  return { planted: planted.length, found, false_positives: unused.size, by_type };
}

export const reconcilePureScenario: BenchScenario = {
  name: 'reconcile-pure',
  description: 'Pure reconciliation of a 60,000-line invoice with 1% planted variances of every type',
  async run(args, log) {
    const customers = numberOption(args, 'customers', 5000);
    const subscriptions = numberOption(args, 'subscriptions', 50000);
    const seed = numberOption(args, 'seed', 17);
    const generateStart = performance.now();
    const data = generateReconcileBenchData({ customers, subscriptions, seed });
    const generateMs = Math.round(performance.now() - generateStart);
    log(
      `generated ${customers} customers, ${subscriptions} subscriptions, ${data.input.invoice.lines.length} invoice lines, ${data.planted.length} planted variances in ${generateMs} ms`,
    );
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const result = reconcileInvoice(data.input);
    const wallMs = Math.round(performance.now() - start);
    // The machine may be shared: CPU time says what the reconciliation itself cost.
    const cpuMs = Math.round(process.cpuUsage(cpuStart).user / 1000);
    const heapUsedMb = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
    const empty = reconcileInvoice({ ...data.input, invoice: data.emptyInvoice });
    const rerun = reconcileInvoice(data.input);
    const rerunIdentical = JSON.stringify(rerun.variances) === JSON.stringify(result.variances);
    const figures = score([...result.variances, ...empty.variances], [...data.planted, { type: 'invoiceEmpty' }]);
    log(
      `reconciled in ${wallMs} ms: ${result.variances.length} variances, ${figures.found} of ${figures.planted} planted found, ${figures.false_positives} false positives`,
    );
    return {
      customers,
      subscriptions,
      invoice_lines: data.input.invoice.lines.length,
      ...figures,
      matched_lines: result.stats.matchedLines,
      rerun_identical: rerunIdentical,
      peak_rss_mb: peakRssMb(),
      heap_used_mb: heapUsedMb,
      generate_ms: generateMs,
      cpu_ms: cpuMs,
      wall_ms: wallMs,
    };
  },
};
