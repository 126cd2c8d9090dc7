/** The list of subcommands. Add one import and one line per command file. */
import type { Command } from 'commander';
import * as automap from './automap';
import * as bench from './bench';
import * as checkLicenseLog from './check-license-log';
import * as dataverseEmulator from './dataverse-emulator';
import * as demo from './demo';
import * as migrateManual from './migrate-manual';
import * as registerWebhooks from './register-webhooks';
import * as sandbox from './sandbox';
import * as serve from './serve';
import * as solution from './solution';
import * as webresources from './webresources';

type Register = (program: Command) => void;

const commands: Register[] = [
  automap.register,
  bench.register,
  checkLicenseLog.register,
  migrateManual.register,
  registerWebhooks.register,
  dataverseEmulator.register,
  demo.register,
  sandbox.register,
  serve.register,
  solution.register,
  webresources.register,
];

export function registerAll(program: Command): void {
  for (const register of commands) register(program);
}
