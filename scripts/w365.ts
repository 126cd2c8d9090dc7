/**
 * Entry point of the `w365` command-line tool. Each subcommand lives in `scripts/commands/<name>.ts`
 * and registers itself through `registerAll`.
 */
import { Command } from 'commander';
import { registerAll } from './commands';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('w365')
    .description('Work 365 Provider Sync: distributor customers and subscriptions synced into Dataverse')
    .showHelpAfterError();
  registerAll(program);
  await program.parseAsync(argv);
}
