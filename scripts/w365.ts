/**
 * Entry point of the `w365` command-line tool. Each subcommand lives in `scripts/commands/<name>.ts`;
 * only the one being run is loaded (`registerFor`), so `w365 --help` and `w365 --version` answer at once.
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
