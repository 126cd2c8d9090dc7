/// <reference types="xrm" />
/**
 * Import Invoice on the Provider form: the person picks the invoice CSV with the platform's file picker
 * (`Xrm.Device.pickFile`), the file becomes a note (annotation) on the Provider, and an Import Invoice
 * job names the note (`{"attachmentId": ...}`, plugins/sync/invoice-import/request.ts). The service
 * reads the note from Dataverse, so the browser never names a path on the service's disk, and the note
 * stays on the provider's timeline as the record of what was imported.
 *
 * Order: a job already running for the provider is offered first (before a file is picked, so a
 * declined follow leaves no stray note); then pick, upload, create the job, follow it. Requests: one
 * read for a running job, one note create, one job create, then one read per poll.
 */
import { GZIP_ABOVE_BYTES, fromBase64, toBase64 } from './compress';
import type { CommandDeps, PollPolicy } from './deps';
import { reasonOf } from './follow';
import { Annotation, Provider, SyncJobStatus } from './generated/names';
import { createJob, findActiveJob } from './jobs';
import { providerTarget, type ProviderRef } from './provider-commands';
import { attributeValue, formRecord, isFormContext } from './record';
import { progressViewFor, type ProgressView } from './progress';
import { alert, confirm, jobRan, runJobCommand, type JobTarget } from './run-job';
import { AlreadyRunning, CouldNotStart, ImportStrings, OperationNames, SaveFirst, jobName } from './strings';

const TITLE = OperationNames.ImportInvoice;

export interface PickedFile {
  readonly fileName: string;
  /** Base64, as pickFile gives it and as a note keeps its document. */
  readonly base64: string;
  readonly mimeType: string;
}

/** The saved provider on the form. Any provider type: an invoice file can come from any distributor. */
async function formProvider(deps: CommandDeps, primaryControl: unknown): Promise<ProviderRef | undefined> {
  if (!isFormContext(primaryControl)) return undefined;
  const record = formRecord(primaryControl);
  if (!record.id || record.dirty) {
    await alert(deps, SaveFirst.title, SaveFirst.text(TITLE));
    return undefined;
  }
  return { id: record.id, name: attributeValue<string>(primaryControl, Provider.col.name) ?? '' };
}

/** The CSV the person picks, or undefined (cancelled, or told why not). */
export async function pickInvoiceFile(deps: CommandDeps): Promise<PickedFile | undefined> {
  const device = deps.xrm.Device;
  if (!device || typeof device.pickFile !== 'function') {
    await alert(deps, ImportStrings.noPickerTitle, ImportStrings.noPicker);
    return undefined;
  }
  let files: Xrm.Device.CaptureFileResponse[];
  try {
    // pickFile's `accept` knows only audio, video and image, so any file can be picked; the name is
    // checked below. Cancelling answers with no files [I].
    files = await device.pickFile({ allowMultipleFiles: false });
  } catch (error) {
    await alert(deps, ImportStrings.pickFailedTitle, ImportStrings.pickFailed(reasonOf(error)));
    return undefined;
  }
  const file = files?.[0];
  if (!file) return undefined;
  if (!/\.csv$/i.test(file.fileName)) {
    await alert(deps, ImportStrings.notCsvTitle, ImportStrings.notCsv(file.fileName));
    return undefined;
  }
  return { fileName: file.fileName, base64: file.fileContent, mimeType: file.mimeType || 'text/csv' };
}

/** A large file gzipped (compress.ts: why), when the browser can; otherwise the file as picked. */
export async function compressed(deps: CommandDeps, file: PickedFile): Promise<PickedFile> {
  // base64 is 4 characters per 3 bytes.
  if (!deps.gzip || (file.base64.length * 3) / 4 <= GZIP_ABOVE_BYTES) return file;
  const packed = await deps.gzip(fromBase64(file.base64));
  return { fileName: file.fileName, base64: toBase64(packed), mimeType: 'application/gzip' };
}

/** The file as a note on the provider (as `w365 import-invoice --file` writes it); the note's id. */
export async function uploadInvoiceNote(deps: CommandDeps, providerId: string, picked: PickedFile): Promise<string> {
  const file = await compressed(deps, picked);
  const n = Annotation.col;
  const created = await deps.xrm.WebApi.createRecord(Annotation.logicalName, {
    [n.subject]: ImportStrings.noteSubject(file.fileName).slice(0, 500),
    [n.fileName]: file.fileName.slice(0, 255),
    [n.mimeType]: file.mimeType,
    [n.documentBody]: file.base64,
    [n.isDocument]: true,
    [`${Annotation.nav.objectId}@odata.bind`]: `/${Provider.entitySetName}(${providerId})`,
  });
  return created.id.replace(/[{}]/g, '').toLowerCase();
}

/** A job already running for the provider: followed (returns the outcome) or declined, or none. */
async function offerRunning(
  deps: CommandDeps,
  target: JobTarget,
  policy: PollPolicy,
  view: ProgressView,
): Promise<boolean | undefined> {
  const active = await findActiveJob(deps.xrm, target.activeScope).catch(() => undefined);
  if (!active) return undefined;
  const state = active.status === SyncJobStatus.Queued ? AlreadyRunning.queued : AlreadyRunning.running;
  const follow = await confirm(
    deps,
    AlreadyRunning.title,
    AlreadyRunning.text(TITLE, active.name, state),
    AlreadyRunning.follow,
    AlreadyRunning.close,
  );
  if (!follow) return false;
  return jobRan(await runJobCommand(deps, { ...target, followJobId: active.id }, policy, view));
}

/** Returns whether a job ran (the form is then refreshed: the invoice and the note appear). */
export async function importInvoice(deps: CommandDeps, primaryControl: unknown, policy: PollPolicy): Promise<boolean> {
  const provider = await formProvider(deps, primaryControl);
  if (!provider) return false;
  const view = progressViewFor(deps, primaryControl);
  const base = providerTarget('ImportInvoice', provider);
  const followed = await offerRunning(deps, base, policy, view);
  if (followed !== undefined) return followed;
  const file = await pickInvoiceFile(deps);
  if (!file) return false;
  view.show(ImportStrings.uploading(file.fileName));
  let attachmentId: string;
  try {
    attachmentId = await uploadInvoiceNote(deps, provider.id, file);
  } catch (error) {
    view.close();
    await alert(deps, ImportStrings.uploadFailedTitle, ImportStrings.uploadFailed(file.fileName, reasonOf(error)));
    return false;
  }
  const spec = {
    ...base.spec,
    name: jobName(TITLE, `${provider.name} (${file.fileName})`),
    parameters: { attachmentId },
  };
  let jobId: string;
  try {
    jobId = await createJob(deps.xrm, spec);
  } catch (error) {
    view.close();
    await alert(deps, CouldNotStart.title, CouldNotStart.text(TITLE, reasonOf(error)));
    return false;
  }
  return jobRan(await runJobCommand(deps, { ...base, spec, followJobId: jobId }, policy, view));
}
