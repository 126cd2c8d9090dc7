/**
 * `w365 automap --provider-accounts PA.csv --crm-accounts CRM.csv --out OUT.csv [--mapped MAPPED.csv]
 *  [--suggest-threshold 0.5]`: runs automap on CSV files (header `id,name,domain,tenantid`) and writes
 * `provider_account_id,decision,crm_account_id,score,reason`. Prints warnings and a one-line summary to
 * stderr. Bad input stops with a coded error naming the file, line and column, and exit code 2; the
 * output is written to a temporary file and renamed, so a failed run never leaves half a file.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import { isW365Error } from '../../common/errors';
import { automap, AutomapDecisionKind } from '../../plugins/sync/automap';
import { decodeCsv, formatDecisionsCsv, parseAccountsCsv, parseMappedCsv } from '../../plugins/sync/automap/csv';
import { automapError } from '../../plugins/sync/automap/errors';

export interface AutomapCommandOptions {
  providerAccounts: string;
  crmAccounts: string;
  out: string;
  mapped?: string;
  suggestThreshold?: number;
}

/** Runs the command; returns the counts per decision. Throws W365Error for bad input. */
export async function runAutomapCommand(
  options: AutomapCommandOptions,
  writeLine: (line: string) => void,
): Promise<Record<AutomapDecisionKind, number>> {
  const startedAt = performance.now();
  await refuseOverwritingInput(options);
  const providers = parseAccountsCsv(await readInput(options.providerAccounts, writeLine), options.providerAccounts);
  const crm = parseAccountsCsv(await readInput(options.crmAccounts, writeLine), options.crmAccounts);
  const mapped = options.mapped
    ? parseMappedCsv(await readInput(options.mapped, writeLine), options.mapped)
    : new Set<string>();
  for (const warning of [...providers.warnings, ...crm.warnings]) writeLine(`warning: ${warning}`);

  const decisions = automap(
    { providerAccounts: providers.accounts, crmAccounts: crm.accounts, mappedCrmAccountIds: mapped },
    options.suggestThreshold === undefined ? {} : { suggestThreshold: options.suggestThreshold },
  );
  await writeAtomically(options.out, formatDecisionsCsv(decisions));

  const counts: Record<AutomapDecisionKind, number> = { auto: 0, suggest: 0, none: 0 };
  for (const d of decisions) counts[d.decision]++;
  writeLine(
    `automap: ${counts.auto} auto, ${counts.suggest} suggest, ${counts.none} none ` +
      `(${providers.accounts.length} provider accounts, ${crm.accounts.length} CRM accounts, ${mapped.size} mapped) ` +
      `-> ${options.out} in ${Math.round(performance.now() - startedAt)} ms`,
  );
  return counts;
}

export function register(program: Command): void {
  program
    .command('automap')
    .description('map provider accounts to CRM accounts from CSV files (header id,name,domain,tenantid)')
    .requiredOption('--provider-accounts <file>', 'provider accounts CSV')
    .requiredOption('--crm-accounts <file>', 'CRM accounts CSV')
    .requiredOption('--out <file>', 'decisions CSV to write: provider_account_id,decision,crm_account_id,score,reason')
    .option('--mapped <file>', 'CRM accounts already mapped in this provider (column crm_account_id): never proposed')
    .option('--suggest-threshold <score>', 'lowest name similarity (0..1) that still becomes a suggestion', parseScore)
    .action(async (options: AutomapCommandOptions) => {
      try {
        await runAutomapCommand(options, (line) => process.stderr.write(`${line}\n`));
      } catch (e) {
        if (!isW365Error(e)) throw e;
        process.stderr.write(`${e.code}: ${e.message}\n`);
        process.exitCode = 2;
      }
    });
}

function parseScore(value: string): number {
  const score = Number(value);
  if (value.trim() === '' || !(score >= 0 && score <= 1)) {
    throw new InvalidArgumentError('AUTOMAP_BAD_THRESHOLD: a number from 0 to 1 is needed.');
  }
  return score;
}

/** The file's text, decoded as what it is (csv.ts); a file that is not UTF-8 is said so. */
async function readInput(file: string, writeLine: (line: string) => void): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw automapError('AUTOMAP_FILE_NOT_FOUND', `${file}: no such file`, { file }, e);
    throw automapError('AUTOMAP_FILE_UNREADABLE', `${file}: cannot be read (${code ?? String(e)})`, { file }, e);
  }
  const decoded = decodeCsv(bytes, file);
  if (decoded.warning) writeLine(`warning: ${decoded.warning}`);
  return decoded.text;
}

/** Writing the output over an input would lose the input: refuse before reading anything. */
async function refuseOverwritingInput(options: AutomapCommandOptions): Promise<void> {
  const out = await resolveExisting(options.out);
  for (const input of [options.providerAccounts, options.crmAccounts, options.mapped]) {
    if (input !== undefined && (await resolveExisting(input)) === out) {
      throw automapError(
        'AUTOMAP_OUT_IS_INPUT',
        `--out ${options.out} is also an input file: choose another output file`,
        { file: options.out },
      );
    }
  }
}

async function resolveExisting(file: string): Promise<string> {
  try {
    return await fs.realpath(file);
  } catch {
    return path.resolve(file);
  }
}

/** Temporary file beside the target, then rename: readers never see half a file, and a failure leaves none. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await fs.writeFile(temporary, text, 'utf8');
    await fs.rename(temporary, file);
  } catch (e) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    throw automapError('AUTOMAP_OUTPUT_UNWRITABLE', `${file}: cannot be written (${code ?? String(e)})`, { file }, e);
  }
}
