/**
 * Imports a solution zip into an environment as admin tools do: `ImportSolutionAsync` with the zip
 * (base64 CustomizationFile), then the system job it answers with (`asyncoperations(<AsyncOperationId>)`)
 * is polled until it completes, with the import job's progress (`importjobs(<ImportJobKey>).progress`)
 * where the environment reports it [C] (ImportSolutionAsync action and response, asyncoperation states:
 * 3 Completed with status 30 Succeeded, 31 Failed, 32 Canceled).
 */
import { W365Error } from '../../common/errors';
import type { DataverseClient } from './client';

export const SolutionImportErrorCodes = {
  Failed: 'SOLUTION_IMPORT_FAILED',
  Timeout: 'SOLUTION_IMPORT_TIMEOUT',
} as const;

/** asyncoperation status reasons [C]. */
const STATUS: Readonly<Record<number, string>> = {
  0: 'Waiting For Resources',
  10: 'Waiting',
  20: 'In Progress',
  21: 'Pausing',
  22: 'Canceling',
  30: 'Succeeded',
  31: 'Failed',
  32: 'Canceled',
};
const COMPLETED = 3;
const SUCCEEDED = 30;

export interface ImportProgress {
  status: string;
  /** Percent, where the import job reports it. */
  progress?: number;
}

export interface SolutionImportOptions {
  pollIntervalInMs?: number;
  timeoutInMs?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function progressOf(dv: Pick<DataverseClient, 'retrieve'>, importJobKey: string): Promise<number | undefined> {
  // [I] the import job is addressed by the ImportJobKey; an environment that answers otherwise only
  // loses the percentage, not the import.
  const job = await dv.retrieve('importjobs', importJobKey, ['progress']).catch(() => undefined);
  return typeof job?.progress === 'number' ? Math.round(job.progress) : undefined;
}

export async function importSolutionAsync(
  dv: Pick<DataverseClient, 'send' | 'retrieve'>,
  zip: Buffer,
  options: SolutionImportOptions = {},
): Promise<{ asyncOperationId: string; importJobKey: string }> {
  const res = await dv.send('POST', 'ImportSolutionAsync', {
    body: {
      CustomizationFile: zip.toString('base64'),
      OverwriteUnmanagedCustomizations: false,
      PublishWorkflows: true,
    },
  });
  const answer = JSON.parse(res.text) as { AsyncOperationId: string; ImportJobKey: string };
  const ids = { asyncOperationId: answer.AsyncOperationId, importJobKey: answer.ImportJobKey };
  const sleep = options.sleep ?? pause;
  const deadline = Date.now() + (options.timeoutInMs ?? 30 * 60_000);
  let last = '';
  for (;;) {
    const job = await dv.retrieve('asyncoperations', ids.asyncOperationId, [
      'statecode',
      'statuscode',
      'friendlymessage',
      'message',
    ]);
    const statuscode = Number(job?.statuscode);
    const progress = await progressOf(dv, ids.importJobKey);
    const report = {
      status: STATUS[statuscode] ?? `Status ${statuscode}`,
      ...(progress !== undefined ? { progress } : {}),
    };
    if (JSON.stringify(report) !== last) options.onProgress?.(report);
    last = JSON.stringify(report);
    if (Number(job?.statecode) === COMPLETED) {
      if (statuscode === SUCCEEDED) return ids;
      const why = String(job?.friendlymessage ?? job?.message ?? report.status);
      throw new W365Error(SolutionImportErrorCodes.Failed, `The import ended ${report.status}: ${why}`, {
        details: ids,
      });
    }
    if (Date.now() > deadline)
      throw new W365Error(
        SolutionImportErrorCodes.Timeout,
        `The import did not complete in time (system job ${ids.asyncOperationId}).`,
      );
    await sleep(options.pollIntervalInMs ?? 2000);
  }
}
