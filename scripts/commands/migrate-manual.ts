/**
 * `w365 migrate-manual --provider ID [--apply]`: pairs the provider's manual subscriptions with the
 * synced ones (same customer and SKU) and prints the plan; with --apply, moves their License Change Log
 * history (all but the Create entry) to the synced subscription and deactivates the manual one. A second
 * run changes nothing. Also available as a Sync Job (operation Migrate Manual Subscriptions).
 */
import type { Command } from 'commander';
import { Redactor } from '../../plugins/shared/redact';
import { migrateManualSubscriptions } from '../../plugins/sync/migration/operation';
import { connectDataverse } from '../cli-dataverse';
import { resolveProviderId, runTool, toolDeps } from './tool-support';

export function register(program: Command): void {
  program
    .command('migrate-manual')
    .description(
      'pair manual subscriptions with synced ones and move their license change log (dry run unless --apply)',
    )
    .requiredOption('--provider <id or name>', 'the automatic provider whose synced subscriptions take over')
    .option('--apply', 'apply the plan (default: dry run, prints the plan only)')
    .option('--json', 'print the plan as one JSON line')
    .action(async (opts: { provider: string; apply?: boolean; json?: boolean }) => {
      const redactor = new Redactor();
      await runTool(redactor, async () => {
        const { dv, where } = connectDataverse(redactor);
        const provider = await resolveProviderId(dv, opts.provider);
        const outcome = await migrateManualSubscriptions(toolDeps(dv, redactor), {
          providerId: provider.id,
          apply: Boolean(opts.apply),
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(outcome.result)}\n`);
        else
          process.stdout.write(
            `${opts.apply ? 'Applied' : 'Dry run'} for ${provider.name} on ${where}\n${outcome.summary}\n`,
          );
      });
    });
}
