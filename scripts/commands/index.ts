/**
 * The list of subcommands, loaded lazily: each command module pulls in what it runs (fastify, the
 * emulator, esbuild, msal-node...), and loading all of them to print the help or run one command cost
 * seconds. The names and one-line descriptions live here so that the top-level help needs no module;
 * `tests/scripts/w365-cli.unit.test.ts` checks they match what each module registers. Add one line per
 * command file.
 */
import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

export interface CommandEntry {
  readonly name: string;
  /** Shown in `w365 --help`; the same text the module gives its command. */
  readonly description: string;
  readonly load: () => CommandModule;
}

/*
 * `require`, not `import()`: tsx runs these sources as CommonJS, and its dynamic import goes through
 * Node's ESM resolver, which does not find extensionless `.ts` files. Each `require` runs only when
 * its `load` is called.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'automap',
    description: 'map provider accounts to CRM accounts from CSV files (header id,name,domain,tenantid)',
    load: () => require('./automap') as CommandModule,
  },
  {
    name: 'bench',
    description: 'run a benchmark scenario (accounts, automap, emulator, subscriptions, grid, sync-worker)',
    load: () => require('./bench') as CommandModule,
  },
  {
    name: 'check-license-log',
    description: 'list subscriptions whose quantity differs from the sum of their License Change Log deltas',
    load: () => require('./check-license-log') as CommandModule,
  },
  {
    name: 'migrate-manual',
    description:
      'pair manual subscriptions with synced ones and move their license change log (dry run unless --apply)',
    load: () => require('./migrate-manual') as CommandModule,
  },
  {
    name: 'register-webhooks',
    description: 'create or update the webhook endpoint and step the service needs in the target environment',
    load: () => require('./register-webhooks') as CommandModule,
  },
  {
    name: 'dataverse-emulator',
    description:
      'run the Dataverse Web API emulator (HTTPS, SQLite); prints {"url","webApiUrl","authority","caFile"} when ready',
    load: () => require('./dataverse-emulator') as CommandModule,
  },
  {
    name: 'demo',
    description: 'run every flow headlessly on a fresh embedded default and print one JSON line with the jobs',
    load: () => require('./demo') as CommandModule,
  },
  {
    name: 'sandbox',
    description: 'run a local distributor sandbox (techdata, ion, dicker)',
    load: () => require('./sandbox') as CommandModule,
  },
  {
    name: 'serve',
    description: 'run the sync service (on the embedded emulator and sandboxes when W365_DATAVERSE_URL is not set)',
    load: () => require('./serve') as CommandModule,
  },
  {
    name: 'solution',
    description: 'build and check the Dataverse solution (managed and unmanaged zips)',
    load: () => require('./solution') as CommandModule,
  },
  {
    name: 'webresources',
    description: 'build the ribbon web resources and their RibbonDiffXml',
    load: () => require('./webresources') as CommandModule,
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Registers the command `argv` runs (`w365 <name> ...` or `w365 help <name>`) from its module, and
 * every other one by name and description only, which is all the top-level help shows.
 */
export function registerFor(program: Command, argv: readonly string[]): void {
  const [first, second] = argv.slice(2);
  const wanted = first === 'help' ? second : first;
  for (const entry of COMMANDS) {
    if (entry.name === wanted) entry.load().register(program);
    else program.command(entry.name).description(entry.description);
  }
}

/** Every command from its module (tests compare them with the table above). */
export function registerAll(program: Command): void {
  for (const entry of COMMANDS) entry.load().register(program);
}
