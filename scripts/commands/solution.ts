/**
 * `w365 solution build --out DIR`: write the managed and unmanaged solution zips.
 * `w365 solution check --in DIR`: validate them (XSD, layout, references, the review's findings); exit
 * code 1 on any problem, each printed as `<zip>: <file>:<line>: <reason>`.
 * `w365 solution import --in ZIP`: import a zip into W365_DATAVERSE_URL (or the running embedded default)
 * with ImportSolutionAsync, printing the system job's progress; exit code 1 when the import fails.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { isW365Error, W365Error } from '../../common/errors';
import { SolutionErrorCodes } from '../../solution/packer/codes';
import { buildSolution } from '../../solution/packer/build';
import { checkSolution, formatProblem } from '../../solution/packer/check';
import { buildWebResources } from '../../webresources/build';
import { buildPcfControls } from '../../pcf-controls/build';
import { importSolutionAsync } from '../../plugins/dataverse/solution-import';
import { Redactor } from '../../plugins/shared/redact';
import { connectDataverse } from '../cli-dataverse';
import { runTool } from './tool-support';

const REPO_ROOT = path.join(__dirname, '../..');

function fail(e: unknown): void {
  const message = isW365Error(e) ? `${e.code}: ${e.message}` : `w365 solution: ${(e as Error).message ?? String(e)}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

export function register(program: Command): void {
  const solution = program
    .command('solution')
    .description('build and check the Dataverse solution (managed and unmanaged zips)');

  solution
    .command('build')
    .description('write Work365ProviderSync_<version>_managed.zip and ..._unmanaged.zip')
    .requiredOption('--out <dir>', 'folder to write the zips to')
    .option('--no-assets', 'do not build the web resources and PCF controls first (pack whatever was built before)')
    .action(async (opts: { out: string; assets: boolean }) => {
      try {
        // The zip carries the ribbon web resources and the PCF controls: build them first (each build
        // skips what is up to date), so a clean clone's `solution build` ships a complete solution.
        if (opts.assets) {
          await buildWebResources({ repoRoot: REPO_ROOT });
          await buildPcfControls({ repoRoot: REPO_ROOT, log: (line) => process.stderr.write(`${line}\n`) });
        }
        const result = await buildSolution({ outDir: path.resolve(opts.out) });
        process.stdout.write(`Solution ${result.version}\n  ${result.managedZip}\n  ${result.unmanagedZip}\n`);
        process.stdout.write(`Web resources: ${result.webResources.join(', ') || 'none'}\n`);
        process.stdout.write(`PCF controls: ${result.controls.join(', ') || 'none'}\n`);
        process.stdout.write(`Ribbons: ${result.ribbons.join(', ') || 'none'}\n`);
        for (const note of result.notes) process.stdout.write(`Note: ${note}\n`);
      } catch (e) {
        fail(e);
      }
    });

  solution
    .command('check')
    .description('validate the zips in a folder against the Dataverse XSDs and the example solutions')
    .requiredOption('--in <dir>', 'folder holding the zips')
    .action(async (opts: { in: string }) => {
      try {
        const problems = await checkSolution({ inDir: opts.in });
        for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
        if (problems.length > 0) {
          process.stderr.write(`${problems.length} problem(s).\n`);
          process.exitCode = 1;
        } else {
          process.stdout.write(`No problems in ${path.resolve(opts.in)}.\n`);
        }
      } catch (e) {
        fail(e);
      }
    });

  solution
    .command('import')
    .description('import a solution zip with ImportSolutionAsync into W365_DATAVERSE_URL (or the embedded default)')
    .requiredOption('--in <zip>', 'the solution zip, e.g. dist/Work365ProviderSync_1_0_0_0_managed.zip')
    .option('--poll-ms <n>', 'how often to read the import job', '2000')
    .action(async (opts: { in: string; pollMs: string }) => {
      const redactor = new Redactor();
      await runTool(redactor, async () => {
        const file = path.resolve(opts.in);
        const zip = await fs.readFile(file).catch(() => {
          throw new W365Error(SolutionErrorCodes.ImportInputMissing, `No solution zip at ${file}.`);
        });
        const { dv, where } = connectDataverse(redactor);
        process.stdout.write(`Importing ${path.basename(opts.in)} into ${where}\n`);
        const started = Date.now();
        const ids = await importSolutionAsync(dv, zip, {
          pollIntervalInMs: Number(opts.pollMs),
          onProgress: (p) => {
            const seconds = Math.round((Date.now() - started) / 1000);
            process.stdout.write(`  ${p.status}${p.progress !== undefined ? ` ${p.progress}%` : ''} (${seconds} s)\n`);
          },
        });
        process.stdout.write(`Imported (system job ${ids.asyncOperationId}).\n`);
      });
    });
}
