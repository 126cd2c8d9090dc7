/**
 * `w365 dataverse-emulator --port N --db FILE [--client-id ID --client-secret SECRET] [--state-dir DIR]
 *  [--latency-ms N | MIN-MAX] [--limits dataverse | key=value,...] [--import ZIP]... [--import-built] [--no-product-management]`
 * The environment starts with the platform's tables (and Product Management's); `--import` imports a
 * solution zip (e.g. the one `w365 solution build` writes) at start, as ImportSolution would.
 * Starts the Dataverse Web API emulator and prints one JSON line when it is ready:
 *   {"url": ..., "webApiUrl": ".../api/data/v9.2", "authority": ..., "caFile": ...}
 * then serves until SIGINT/SIGTERM. Progress and errors go to stderr so stdout stays machine-readable.
 */
import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import {
  DATAVERSE_LIMITS,
  DEFAULT_APP_SHELL_CLIENT,
  DEFAULT_SERVICE_CLIENT,
  startDataverseEmulator,
  type LatencyConfig,
  type LimitsConfig,
} from '../../emulators/dataverse';

const LIMIT_KEYS: Record<string, keyof LimitsConfig> = {
  requests: 'requestsPerWindow',
  window: 'windowInMs',
  concurrent: 'maxConcurrent',
  exec: 'executionTimeInMsPerWindow',
};

/** `5`, `20-80` -> latency in ms. */
export function parseLatency(text: string): LatencyConfig {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`EMULATOR_CLI_INVALID: --latency-ms takes N or MIN-MAX (milliseconds), not '${text}'`);
  const minMs = Number(m[1]);
  const maxMs = m[2] === undefined ? minMs : Number(m[2]);
  if (maxMs < minMs) throw new Error(`EMULATOR_CLI_INVALID: --latency-ms ${text}: MAX is below MIN`);
  return { minMs, maxMs };
}

function parseWriteMs(text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text.trim()))
    throw new Error(`EMULATOR_CLI_INVALID: --write-ms takes a number of milliseconds, not '${text}'`);
  return Number(text);
}

/** `dataverse` (the real limits) or `requests=6000,window=300000,concurrent=52,exec=1200000` (any subset). */
export function parseLimits(text: string): LimitsConfig {
  if (text.trim() === 'dataverse') return { ...DATAVERSE_LIMITS };
  const out: LimitsConfig = {};
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    const key = LIMIT_KEYS[k];
    if (!key || !/^\d+$/.test(v ?? '') || Number(v) <= 0) {
      throw new Error(
        `EMULATOR_CLI_INVALID: --limits takes 'dataverse' or ${Object.keys(LIMIT_KEYS)
          .map((x) => `${x}=N`)
          .join(',')}; '${part}' is not valid`,
      );
    }
    out[key] = Number(v);
  }
  return out;
}

interface Options {
  port: string;
  db: string;
  clientId?: string;
  clientSecret?: string;
  stateDir?: string;
  latencyMs?: string;
  limits?: string;
  writeMs?: string;
  organizationId?: string;
  import: string[];
  importBuilt?: boolean;
  productManagement: boolean;
}

/** The zips to import: the files named, and with --import-built the current build of our solution first. */
async function solutionsToImport(o: Options): Promise<Buffer[]> {
  const files = await Promise.all(o.import.map((f) => fs.readFile(f)));
  if (!o.importBuilt) return files;
  // Loaded only when asked: it builds the solution (packer, web resources) on a cache miss.
  type SolutionModule = typeof import('../../emulators/embedded/solution');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { builtSolutionZip } = require('../../emulators/embedded/solution') as SolutionModule;
  return [await builtSolutionZip(), ...files];
}

export function register(program: Command): void {
  program
    .command('dataverse-emulator')
    .description(
      'run the Dataverse Web API emulator (HTTPS, SQLite); prints {"url","webApiUrl","authority","caFile"} when ready',
    )
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', '5555')
    .option('--db <file>', "SQLite file, or ':memory:'", ':memory:')
    .option('--client-id <id>', `client id of the service client (default ${DEFAULT_SERVICE_CLIENT.clientId})`)
    .option('--client-secret <secret>', 'its secret (default: the documented emulator secret)')
    .option('--state-dir <dir>', 'where the CA, server certificate and token key are kept (default ~/.w365/emulator)')
    .option('--latency-ms <n|min-max>', 'injected latency per Web API request')
    .option('--write-ms <n>', "server time per write (Dataverse's pipeline; counted as execution time)")
    .option('--organization-id <guid>', "the environment's organisation id (default: the emulator's fixed one)")
    .option('--limits <spec>', "service protection limits: 'dataverse' or requests=N,window=MS,concurrent=N,exec=MS")
    .option(
      '--import <zip>',
      'import a solution zip at start (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option(
      '--import-built',
      "import the current build of Work 365's solution (as `npm start` does) before any --import",
    )
    .option('--no-product-management', "leave out Microsoft's Product Management tables (product, uom, uomschedule)")
    .action(async (o: Options) => {
      try {
        if ((o.clientId === undefined) !== (o.clientSecret === undefined)) {
          throw new Error('EMULATOR_CLI_INVALID: give --client-id and --client-secret together');
        }
        if (!/^\d+$/.test(o.port)) throw new Error(`EMULATOR_CLI_INVALID: --port must be a number, not '${o.port}'`);
        const service = o.clientId
          ? { ...DEFAULT_SERVICE_CLIENT, clientId: o.clientId, clientSecret: o.clientSecret! }
          : DEFAULT_SERVICE_CLIENT;
        const emulator = await startDataverseEmulator({
          port: Number(o.port),
          dbFile: o.db,
          stateDir: o.stateDir,
          clients: [service, DEFAULT_APP_SHELL_CLIENT],
          latency: o.latencyMs ? parseLatency(o.latencyMs) : undefined,
          limits: o.limits ? parseLimits(o.limits) : undefined,
          writeTime: o.writeMs !== undefined ? { perWriteMs: parseWriteMs(o.writeMs) } : undefined,
          solutions: await solutionsToImport(o),
          productManagement: o.productManagement,
          organizationId: o.organizationId,
        });
        process.stdout.write(
          `${JSON.stringify({ url: emulator.url, webApiUrl: emulator.webApiUrl, authority: emulator.authority, caFile: emulator.caFile })}\n`,
        );
        process.stderr.write(
          `Dataverse emulator on ${emulator.url} (db ${o.db}). Clients: ${emulator.clients.map((c) => c.clientId).join(', ')}. ` +
            `Trust ${emulator.caFile} (NODE_EXTRA_CA_CERTS). Ctrl+C to stop.\n`,
        );
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await emulator.close();
      } catch (e) {
        const message = (e as Error).message;
        const code = /^([A-Z_]+):/.exec(message)?.[1];
        process.stderr.write(`${code ? message : `EMULATOR_START_FAILED: ${message}`}\n`);
        process.exitCode = 1;
      }
    });
}
