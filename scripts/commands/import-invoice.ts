/**
 * `w365 import-invoice --provider ID (--file PATH [--mapping PATH] | --period yyyy-mm) [--json]`:
 * imports a distributor invoice, as the Import Invoice job does. A file is uploaded first as a note on
 * the Provider (as the ribbon does, so the provider's timeline keeps what was imported) and the job
 * reads it from there; without a file, the distributor's own invoices for the period (Ion, Dicker). A
 * second run of the same invoice changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Tables } from '../../solution/schema';
import { W365Error } from '../../common/errors';
import type { DataverseApi } from '../../plugins/dataverse/api';
import { createRow } from '../../plugins/dataverse/intents';
import { Redactor } from '../../plugins/shared/redact';
import type { SyncDeps } from '../../plugins/sync/deps';
import { importInvoiceOperation } from '../../plugins/sync/invoice-import/operation';
import { connectDataverse } from '../cli-dataverse';
import { outcomeText, runToolJob, ToolJobContext, type ToolJobOutcome } from './tool-job';
import { resolveProviderId, runTool, toolDeps } from './tool-support';

const N = Tables.annotation;

export interface ImportInvoiceOptions {
  file?: string;
  mapping?: string;
  period?: string;
  json?: boolean;
}

/** A file as a note on the provider (base64, as Dataverse keeps a note's document); its id. */
export async function uploadInvoiceContent(
  dv: DataverseApi,
  providerId: string,
  fileName: string,
  content: Buffer,
): Promise<string> {
  const written = await dv.write(
    createRow(N, {
      values: {
        [N.col.subject]: `Invoice file ${fileName}`.slice(0, 500),
        [N.col.fileName]: fileName.slice(0, 255),
        [N.col.mimeType]: 'text/csv',
        [N.col.documentBody]: content.toString('base64'),
        [N.col.isDocument]: true,
      },
      lookups: { [N.col.objectId]: { table: Tables.provider, id: providerId } },
    }),
  );
  if (!written.id) throw new Error('Dataverse did not return the new note id');
  return written.id;
}

/** The local file as a note on the provider; its id. */
export function uploadInvoiceFile(dv: DataverseApi, providerId: string, file: string): Promise<string> {
  return uploadInvoiceContent(dv, providerId, path.basename(file), readLocal(file, '--file'));
}

function readLocal(file: string, option: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new W365Error(
      'CLI_FILE_UNREADABLE',
      `${option} ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`,
    );
  }
}

/** The job's parameters for these options (the file uploaded first). */
async function parametersFor(deps: SyncDeps, providerId: string, opts: ImportInvoiceOptions) {
  const parameters: Record<string, unknown> = {};
  if (opts.mapping) {
    try {
      parameters.mapping = JSON.parse(readLocal(opts.mapping, '--mapping').toString('utf8'));
    } catch (err) {
      if (err instanceof W365Error) throw err;
      throw new W365Error('CLI_FILE_UNREADABLE', `--mapping ${opts.mapping} is not JSON: ${(err as Error).message}`);
    }
  }
  if (opts.file) parameters.attachmentId = await uploadInvoiceFile(deps.dv, providerId, opts.file);
  else if (opts.period) parameters.period = opts.period;
  return parameters;
}

export async function importInvoiceTool(
  deps: SyncDeps,
  providerId: string,
  opts: ImportInvoiceOptions,
  onProgress?: (message: string) => void,
): Promise<ToolJobOutcome> {
  if (opts.file && opts.period)
    throw new W365Error('CLI_OPTIONS_CONFLICT', 'Give either --file or --period, not both.');
  const parameters = await parametersFor(deps, providerId, opts);
  const ctx = new ToolJobContext('ImportInvoice', providerId, parameters, onProgress);
  return runToolJob(importInvoiceOperation(deps), ctx);
}

export function register(program: Command): void {
  program
    .command('import-invoice')
    .description("import a distributor invoice from a CSV file, or from the distributor's invoice API for a month")
    .requiredOption('--provider <id or name>', 'the provider the invoice is from')
    .option('--file <path>', 'the invoice CSV (docs/invoice-csv.md); uploaded as a note on the provider')
    .option('--mapping <path>', "a column mapping (JSON) for a partner's own export layout")
    .option('--period <yyyy-mm>', 'the billing month, for a distributor with an invoice API (default: last month)')
    .option('--json', 'print the outcome as one JSON line')
    .action(async (opts: ImportInvoiceOptions & { provider: string }) => {
      const redactor = new Redactor();
      await runTool(redactor, async () => {
        const { dv } = connectDataverse(redactor);
        const provider = await resolveProviderId(dv, opts.provider);
        const progress = opts.json ? undefined : (m: string) => process.stderr.write(`${m}\n`);
        const outcome = await importInvoiceTool(toolDeps(dv, redactor), provider.id, opts, progress);
        process.stdout.write(`${opts.json ? JSON.stringify(outcome) : outcomeText(outcome)}\n`);
        if (outcome.status === 'Failed') process.exitCode = 1;
      });
    });
}
