/**
 * `w365 sandbox <distributor> [options]`: runs a local distributor sandbox until SIGINT/SIGTERM. When it
 * is ready it prints exactly one JSON line (its URLs and credentials) on stdout, so a parent process can
 * read the first line and go. Each distributor is one entry of SANDBOXES (techdata, ion and dicker; a
 * new one adds its entry the same way); the options they share are emulators/sandbox-kit/cli.ts.
 */
import type { Command } from 'commander';
import {
  addTechDataSandboxOptions,
  startTechDataSandboxFromCli,
  type TechDataCliOptions,
} from '../../emulators/techdata/cli';
import { addIonSandboxOptions, startIonSandboxFromCli, type IonCliOptions } from '../../emulators/ion/cli';
import { addDickerSandboxOptions, startDickerSandboxFromCli, type DickerCliOptions } from '../../emulators/dicker/cli';

/** What a started sandbox must offer the command. */
interface RunningSandbox {
  info(): object;
  close(): Promise<void>;
}

type Serve = (start: () => Promise<RunningSandbox>) => Promise<void>;

interface SandboxEntry {
  name: string;
  description: string;
  /** Declare the subcommand's options and an action that hands `serve` a way to start the sandbox. */
  configure(command: Command, serve: Serve): void;
}

const SANDBOXES: SandboxEntry[] = [
  {
    name: 'techdata',
    description: 'the legacy Tech Data StreamOne partner API (token endpoint, SOIN-signed paged API)',
    configure: (command, serve) => {
      addTechDataSandboxOptions(command).action((options: TechDataCliOptions) =>
        serve(() => startTechDataSandboxFromCli(options)),
      );
    },
  },
  {
    name: 'ion',
    description:
      'TD SYNNEX StreamOne Ion v3 (single-use rotating refresh tokens, cursor and offset paging, cloud profiles)',
    configure: (command, serve) => {
      addIonSandboxOptions(command).action((options: IonCliOptions) => serve(() => startIonSandboxFromCli(options)));
    },
  },
  {
    name: 'dicker',
    description:
      'Dicker Data (the B2B access-key handshake, and a CSP feed of our design modelled on the annuity export)',
    configure: (command, serve) => {
      addDickerSandboxOptions(command).action((options: DickerCliOptions) =>
        serve(() => startDickerSandboxFromCli(options)),
      );
    },
  },
];

/** Start, print the ready line, and close cleanly on the first SIGINT or SIGTERM. */
async function serveUntilSignal(start: () => Promise<RunningSandbox>): Promise<void> {
  let sandbox: RunningSandbox;
  try {
    sandbox = await start();
  } catch (err) {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`SANDBOX_START_FAILED: ${e.code ? `${e.code} ` : ''}${e.message ?? String(err)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${JSON.stringify(sandbox.info())}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      sandbox.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function register(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .description(`run a local distributor sandbox (${SANDBOXES.map((s) => s.name).join(', ')})`);
  for (const entry of SANDBOXES) {
    entry.configure(sandbox.command(entry.name).description(entry.description), serveUntilSignal);
  }
}
