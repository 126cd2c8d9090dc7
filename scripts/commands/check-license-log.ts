/** `w365 check-license-log --provider ID`: subscriptions whose quantity differs from the sum of their log deltas. */
import type { Command } from 'commander';
import { Redactor } from '../../plugins/shared/redact';
import { checkLicenseLog } from '../../plugins/sync/license-check';
import { connectDataverse } from '../cli-dataverse';
import { resolveProviderId, runTool } from './tool-support';

export function register(program: Command): void {
  program
    .command('check-license-log')
    .description('list subscriptions whose quantity differs from the sum of their License Change Log deltas')
    .requiredOption('--provider <id or name>', 'provider to check')
    .option('--json', 'print the report as one JSON line')
    .action(async (opts: { provider: string; json?: boolean }) => {
      const redactor = new Redactor();
      await runTool(redactor, async () => {
        const { dv } = connectDataverse(redactor);
        const provider = await resolveProviderId(dv, opts.provider);
        const report = await checkLicenseLog(dv, provider.id);
        if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          process.stdout.write(
            `Checked ${report.checked} subscriptions of ${provider.name}: ${report.mismatches.length} mismatch${report.mismatches.length === 1 ? '' : 'es'}.\n`,
          );
          for (const m of report.mismatches) {
            process.stdout.write(
              `  ${m.name} (${m.subscriptionId}): quantity ${m.quantity}, log sums to ${m.logSum} over ${m.entries} entries; add a balancing entry of ${m.quantity - m.logSum}.\n`,
            );
          }
        }
        if (report.mismatches.length) process.exitCode = 3;
      });
    });
}
