/**
 * Import Invoice on the Provider form: the picked CSV becomes a note on the provider (base64, file
 * name, mime type, bound to the provider) and an Import Invoice job names the note and is followed;
 * a job already running, a cancelled pick, a file that is not CSV, a failed upload, a client without a
 * file picker and an unsaved provider.
 */
import { Choices, Tables } from '../../solution/schema';
import { pollPolicy } from '../../webresources/src/deps';
import { importInvoice } from '../../webresources/src/import-invoice';
import { browserGzip, GZIP_ABOVE_BYTES } from '../../webresources/src/compress';
import { fileBytes } from '../../plugins/sync/invoice-import/attachment';
import { refreshAfterJob } from '../../webresources/src/record';
import { WebApiError } from './fakes/fake-webapi';
import {
  createdRecords as created,
  platform,
  platformWithPicker,
  providerForm,
  PROVIDER_ID,
  seedProvider,
  type Platform,
} from './fakes/platform';

const J = Tables.syncJob;
const N = Tables.annotation;
const CSV = 'invoice_number,invoice_date,currency,total\nINV-7,2025-06-30,AUD,120.00\n';
const csvFile = (fileName = 'techdata-2025-06.csv') => ({
  fileName,
  fileContent: Buffer.from(CSV).toString('base64'),
  fileSize: 1,
  mimeType: 'text/csv',
});

async function run(p: Platform, form: unknown) {
  if (await importInvoice(p.deps, form, pollPolicy(180))) await refreshAfterJob(form);
}

describe('Import Invoice on the Provider form', () => {
  let p: ReturnType<typeof platformWithPicker>;
  beforeEach(() => {
    p = platformWithPicker();
    seedProvider(p.webApi);
  });

  it('uploads the picked CSV as a note on the provider, then starts and follows a job naming the note', async () => {
    p.picker.files = [csvFile()];
    p.webApi.scriptFor = () => ({
      progressMessage: 'Reading invoice lines',
      final: { status: 'Succeeded', summary: 'Imported INV-7: 1 line, total 120.00 AUD.', counts: { created: 2 } },
    });
    const { form, refreshed, notifications, shown } = providerForm();
    await run(p, form);
    const [note, job] = created(p);
    expect(note).toEqual({
      [N.col.subject]: 'Invoice file techdata-2025-06.csv',
      [N.col.fileName]: 'techdata-2025-06.csv',
      [N.col.mimeType]: 'text/csv',
      [N.col.documentBody]: Buffer.from(CSV).toString('base64'),
      [N.col.isDocument]: true,
      'objectid_w365_provider@odata.bind': `/${Tables.provider.entitySetName}(${PROVIDER_ID})`,
    });
    const noteRow = p.webApi.rows(N.logicalName)[0];
    // The service reads the note back and checks it is the job's provider's (attachment.ts).
    expect(noteRow[N.val.objectId]).toBe(PROVIDER_ID);
    expect(Buffer.from(String(noteRow[N.col.documentBody]), 'base64').toString()).toBe(CSV);
    expect(job).toEqual({
      [J.col.name]: 'Import Invoice: TechData (test) (techdata-2025-06.csv)',
      [J.col.operation]: Choices.syncOperation.ImportInvoice,
      [J.col.trigger]: Choices.syncTrigger.Manual,
      [J.col.jobStatus]: Choices.syncJobStatus.Queued,
      [`${J.nav.provider}@odata.bind`]: `/${Tables.provider.entitySetName}(${PROVIDER_ID})`,
      [J.col.parameters]: JSON.stringify({ attachmentId: noteRow[N.primaryIdAttribute] }),
    });
    expect(p.picker.options).toEqual([{ allowMultipleFiles: false }]);
    expect(notifications[0]).toBe('Import Invoice: uploading techdata-2025-06.csv…');
    expect(notifications.some((m) => /^[▰▱]{10} Import Invoice: Reading invoice lines \(\d+%\)$/.test(m))).toBe(true);
    expect(shown()).toBe(0);
    expect(p.navigation.dialogs[0].title).toBe('Import Invoice: Succeeded');
    expect(p.navigation.dialogs[0].text).toContain('Imported INV-7: 1 line, total 120.00 AUD.');
    expect(refreshed).toEqual({ form: 1, subgrids: 1 });
  });

  it('offers a job already running for the provider before a file is picked, and uploads nothing', async () => {
    p.webApi.insert(
      J.logicalName,
      {
        [J.col.name]: 'Import Invoice: TechData (test) (may.csv)',
        [J.col.operation]: Choices.syncOperation.ImportInvoice,
        [J.col.jobStatus]: Choices.syncJobStatus.Running,
        [J.val.provider]: PROVIDER_ID,
      },
      { final: 'never' },
    );
    p.picker.files = [csvFile()];
    p.navigation.answers.push(false);
    await run(p, providerForm().form);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual(['Already running']);
    expect(p.picker.options).toEqual([]);
    expect(created(p)).toEqual([]);
  });

  it('does nothing when the person cancels the picker', async () => {
    p.picker.files = [];
    const { form, refreshed } = providerForm();
    await run(p, form);
    expect(created(p)).toEqual([]);
    expect(p.navigation.dialogs).toEqual([]);
    expect(refreshed).toEqual({ form: 0, subgrids: 0 });
  });

  it('refuses a file that is not CSV before uploading it', async () => {
    p.picker.files = [{ ...csvFile('invoice.xlsx'), mimeType: 'application/vnd.ms-excel' }];
    await run(p, providerForm().form);
    expect(created(p)).toEqual([]);
    expect(p.navigation.dialogs[0]).toMatchObject({ title: 'Not a CSV file' });
    expect(p.navigation.dialogs[0].text).toMatch(/^invoice\.xlsx is not a CSV file\./);
  });

  it('says the upload failed (the platform’s reason) and starts no job', async () => {
    p.picker.files = [csvFile()];
    p.webApi.failCreate = new WebApiError(0x80044a02, 'The attachment is either not a valid type or is too large.');
    const { form, shown } = providerForm();
    await run(p, form);
    expect(p.webApi.count('createRecord', J.logicalName)).toBe(0);
    expect(p.navigation.dialogs[0]).toEqual({
      kind: 'alert',
      title: 'Could not upload',
      text: 'techdata-2025-06.csv could not be attached to the provider, so nothing was imported: The attachment is either not a valid type or is too large.',
    });
    expect(shown()).toBe(0);
  });

  it('tells the person when the picker fails', async () => {
    p.picker.failWith = { errorCode: 2, message: 'The file is larger than the maximum allowed.' };
    await run(p, providerForm().form);
    expect(created(p)).toEqual([]);
    expect(p.navigation.dialogs[0].text).toBe(
      'The file could not be read: The file is larger than the maximum allowed.',
    );
  });

  it('gzips a large file with the browser’s CompressionStream, and the service reads it back whole', async () => {
    const line = 'INV-7,2025-06-30,AUD,TD-1234,Microsoft 365 E3,38,36.00,1368.00\n';
    const big = CSV + line.repeat(Math.ceil(GZIP_ABOVE_BYTES / line.length) + 10);
    p.picker.files = [{ ...csvFile(), fileContent: Buffer.from(big).toString('base64') }];
    const gzip = browserGzip();
    expect(gzip).toBeDefined();
    await run({ ...p, deps: { ...p.deps, gzip } }, providerForm().form);
    const note = created(p)[0];
    const stored = Buffer.from(String(note[N.col.documentBody]), 'base64');
    expect(note[N.col.mimeType]).toBe('application/gzip');
    expect(note[N.col.fileName]).toBe('techdata-2025-06.csv');
    expect(stored.length).toBeLessThan(big.length / 10);
    expect(fileBytes('techdata-2025-06.csv', stored).toString()).toBe(big);
    expect(p.webApi.count('createRecord', J.logicalName)).toBe(1);
  });

  it('sends a large file as it is where the browser has no gzip', async () => {
    const big = 'x'.repeat(GZIP_ABOVE_BYTES + 1);
    p.picker.files = [{ ...csvFile(), fileContent: Buffer.from(big).toString('base64') }];
    await run(p, providerForm().form);
    expect(created(p)[0][N.col.documentBody]).toBe(Buffer.from(big).toString('base64'));
  });

  it('works for a Manual provider too: a file can come from any distributor', async () => {
    p.picker.files = [csvFile()];
    await run(p, providerForm({ providerType: Choices.providerType.Manual }).form);
    expect(p.webApi.count('createRecord', J.logicalName)).toBe(1);
  });

  it('asks to save an unsaved provider first', async () => {
    await run(p, providerForm({ dirty: true }).form);
    expect(p.navigation.dialogs[0].text).toBe('Save this record first, then choose Import Invoice again.');
    expect(p.picker.options).toEqual([]);
  });
});

it('explains that a client without a file picker cannot import from the ribbon', async () => {
  const q = platform();
  (q.xrm as unknown as { Device?: unknown }).Device = undefined;
  seedProvider(q.webApi);
  await run(q, providerForm().form);
  expect(q.navigation.dialogs[0].title).toBe('Cannot pick a file here');
  expect(created(q)).toEqual([]);
});
