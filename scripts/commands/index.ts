/**
 * The list of subcommands, loaded lazily: `w365 <command>` loads only that command's module, so the
 * production service (`w365 serve` against a real Dataverse) never loads a stand-in, a benchmark or the
 * solution packer, and `w365 --help` lists every command without loading any. Add one line per command
 * file; its summary is what `w365 --help` shows.
 */
import type { Command } from 'commander';

type Register = (program: Command) => void;

interface CommandEntry {
  name: string;
  summary: string;
  load: () => { register: Register };
}

/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading is the point of this table */
const COMMANDS: CommandEntry[] = [
  {
    name: 'automap',
    summary: 'map provider accounts to CRM accounts from CSV files',
    load: () => require('./automap'),
  },
  { name: 'bench', summary: 'run a benchmark scenario', load: () => require('./bench') },
  {
    name: 'check-license-log',
    summary: 'list subscriptions whose quantity differs from the sum of their License Change Log',
    load: () => require('./check-license-log'),
  },
  {
    name: 'dataverse-emulator',
    summary: 'run the local Dataverse Web API emulator',
    load: () => require('./dataverse-emulator'),
  },
  { name: 'demo', summary: 'run every flow headlessly on a fresh embedded default', load: () => require('./demo') },
  {
    name: 'import-invoice',
    summary: "import a distributor invoice (a CSV file, or the distributor's invoice API)",
    load: () => require('./import-invoice'),
  },
  {
    name: 'migrate-manual',
    summary: 'pair manual subscriptions with synced ones (dry run unless --apply)',
    load: () => require('./migrate-manual'),
  },
  {
    name: 'register-webhooks',
    summary: 'create or update the webhook endpoint and step in the target environment',
    load: () => require('./register-webhooks'),
  },
  {
    name: 'reconcile',
    summary: 'compare an imported invoice with the CRM and write its variances',
    load: () => require('./reconcile'),
  },
  { name: 'sandbox', summary: 'run a local distributor sandbox', load: () => require('./sandbox') },
  {
    name: 'scale-local',
    summary: 'the scaled topology locally: azurite, the emulator, a scheduler and worker processes',
    load: () => require('./scale-local'),
  },
  { name: 'serve', summary: 'run the sync service', load: () => require('./serve') },
  { name: 'solution', summary: 'build and check the Dataverse solution zips', load: () => require('./solution') },
  { name: 'webresources', summary: 'build the ribbon web resources', load: () => require('./webresources') },
];
/* eslint-enable @typescript-eslint/no-require-imports */

export const COMMAND_NAMES: readonly string[] = COMMANDS.map((c) => c.name);

/**
 * Registers the command `argv` names (fully, with its options), or, when it names none (`--help`, an
 * unknown word), every command by its summary only.
 */
export function registerFor(program: Command, argv: readonly string[]): void {
  const named = COMMANDS.find((c) => c.name === argv[2]);
  if (named) return named.load().register(program);
  for (const c of COMMANDS) program.command(c.name).description(c.summary);
}

/** Every command, fully (the CLI's own tests and documentation). */
export function registerAll(program: Command): void {
  for (const c of COMMANDS) c.load().register(program);
}
