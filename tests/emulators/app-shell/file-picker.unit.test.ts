/**
 * @jest-environment jsdom
 */
/**
 * The app shell's Xrm.Device.pickFile: a dialog with a file input whose OK answers with the file's
 * base64 content, name, size in KB and MIME type (what Import Invoice uploads as a note); Cancel and
 * Escape answer with no files; a file over the size allowed is refused with an error response.
 */
import { pickFileDialog } from '../../../emulators/app-shell/client/file-picker';

const CSV = 'invoice_number,total\nINV-7,120.00\n';

function choose(files: File[]): void {
  const input = document.querySelector('input[type=file]') as HTMLInputElement;
  // jsdom cannot set an input's files as a person would; the property is what the picker reads.
  Object.defineProperty(input, 'files', { value: files, configurable: true });
}

const button = (label: string) =>
  Array.from(document.querySelectorAll('button')).find((b) => b.textContent === label) as HTMLButtonElement;

afterEach(() => {
  document.body.innerHTML = '';
});

it('answers OK with the chosen file as base64, and closes the dialog', async () => {
  const picked = pickFileDialog({ allowMultipleFiles: false });
  expect(document.querySelector('[role=dialog]')?.getAttribute('aria-label')).toBe('Choose a file');
  expect((document.querySelector('input[type=file]') as HTMLInputElement).multiple).toBe(false);
  choose([new File([CSV], 'june.csv', { type: 'text/csv' })]);
  button('OK').click();
  const files = await picked;
  expect(files).toEqual([
    { fileName: 'june.csv', fileContent: Buffer.from(CSV).toString('base64'), fileSize: 1, mimeType: 'text/csv' },
  ]);
  expect(document.querySelector('[role=dialog]')).toBeNull();
});

it('answers Cancel, Escape, and OK with nothing chosen, with no files', async () => {
  const cancelled = pickFileDialog();
  button('Cancel').click();
  expect(await cancelled).toEqual([]);
  const escaped = pickFileDialog();
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
  expect(await escaped).toEqual([]);
  const empty = pickFileDialog();
  button('OK').click();
  expect(await empty).toEqual([]);
});

it('refuses a file over the size allowed with an error response', async () => {
  const picked = pickFileDialog({ maximumAllowedFileSize: 1 });
  choose([new File(['x'.repeat(3000)], 'big.csv', { type: 'text/csv' })]);
  button('OK').click();
  await expect(picked).rejects.toEqual({ errorCode: 0x80040203, message: 'big.csv is larger than the 1 KB allowed.' });
});
