/**
 * `w365 reconcile --provider ID (--invoice NUMBER | --period yyyy-mm) [--tolerance-amount N]
 * [--tolerance-percent N] [--json]`: compares an imported invoice with the CRM and writes its variances,
 * as the Reconcile job does. A rerun over the same data writes nothing; accepted variances stay accepted.
 */
import type { Command } from 'commander';
import { W365Error } from '../../common/errors';
import { Redactor } from '../../plugins/shared/redact';
import type { SyncDeps } from '../../plugins/sync/deps';
import { reconcileOperation } from '../../plugins/sync/reconcile-job/operation';
import { connectDataverse } from '../cli-dataverse';
import { outcomeText, runToolJob, ToolJobContext, type ToolJobOutcome } from './tool-job';
import { resolveProviderId, runTool, toolDeps } from './tool-support';

export interface ReconcileOptions {
  invoice?: string;
  period?: string;
  toleranceAmount?: string;
  tolerancePercent?: string;
  json?: boolean;
}

function toleranceOf(opts: ReconcileOptions): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [key, option, raw] of [
    ['amount', '--tolerance-amount', opts.toleranceAmount],
    ['percent', '--tolerance-percent', opts.tolerancePercent],
  ] as const) {
    if (raw === undefined) continue;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new W365Error('CLI_OPTIONS_CONFLICT', `${option} must be a number of 0 or more, not "${raw}".`);
    out[key] = n;
  }
  return Object.keys(out).length ? out : undefined;
}

export async function reconcileTool(
  deps: SyncDeps,
  providerId: string,
  opts: ReconcileOptions,
  onProgress?: (message: string) => void,
): Promise<ToolJobOutcome> {
  if (Boolean(opts.invoice) === Boolean(opts.period))
    throw new W365Error('CLI_OPTIONS_CONFLICT', 'Give one of --invoice or --period.');
  const tolerance = toleranceOf(opts);
  const parameters: Record<string, unknown> = opts.invoice ? { invoiceNumber: opts.invoice } : { period: opts.period };
  if (tolerance) parameters.tolerance = tolerance;
  const ctx = new ToolJobContext('Reconcile', providerId, parameters, onProgress);
  return runToolJob(reconcileOperation(deps), ctx);
}

export function register(program: Command): void {
  program
    .command('reconcile')
    .description('compare an imported distributor invoice with the CRM and write its variances')
    .requiredOption('--provider <id or name>', 'the provider the invoice is from')
    .option('--invoice <number>', 'the invoice number')
    .option('--period <yyyy-mm>', "the billing month (the provider's only invoice for it)")
    .option(
      '--tolerance-amount <n>',
      "rounding, not a variance, up to this amount (default: the provider's, else 0.05)",
    )
    .option('--tolerance-percent <n>', 'rounding up to this percentage of what the CRM expects')
    .option('--json', 'print the outcome as one JSON line')
    .action(async (opts: ReconcileOptions & { provider: string }) => {
      const redactor = new Redactor();
      await runTool(redactor, async () => {
        const { dv } = connectDataverse(redactor);
        const provider = await resolveProviderId(dv, opts.provider);
        const progress = opts.json ? undefined : (m: string) => process.stderr.write(`${m}\n`);
        const outcome = await reconcileTool(toolDeps(dv, redactor), provider.id, opts, progress);
        process.stdout.write(`${opts.json ? JSON.stringify(outcome) : outcomeText(outcome)}\n`);
        if (outcome.status === 'Failed') process.exitCode = 1;
      });
    });
}
