/**
 * Entry point of the `w365` command-line tool. Each subcommand lives in `scripts/commands/<name>.ts`
 * and is loaded only when it is the command asked for (`commands/index.ts`).
 */
import { Command } from 'commander';
import { SOLUTION_VERSION } from '../solution/version';
import { registerFor } from './commands';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('w365')
    .description('Work 365 Provider Sync: distributor customers and subscriptions synced into Dataverse')
    .version(SOLUTION_VERSION, '-V, --version', 'print the version of Work 365 Provider Sync')
    .showHelpAfterError();
  registerFor(program, argv);
  await program.parseAsync(argv);
}
