/// <reference types="xrm" />
/**
 * Xrm.Device.pickFile as the shell offers it: a dialog with a file input and OK / Cancel, answering
 * with each chosen file's base64 content, name, size and MIME type, as Dynamics does in a browser [I]
 * (its web client opens the browser's own file chooser; a dialog around the input lets a headless test
 * set the file and press OK). Cancel or Escape answers with no files [I]. A file over
 * `maximumAllowedFileSize` (taken, like CaptureFileResponse.fileSize, in KB [I]) is refused with an
 * error response, not a crash.
 */
import { ShellStrings } from '../strings';
import { h } from './dom';

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(file.name));
    reader.readAsDataURL(file);
  });
}

async function toResponse(file: File, maxKb?: number): Promise<Xrm.Device.CaptureFileResponse> {
  const fileSize = Math.ceil(file.size / 1024);
  if (maxKb !== undefined && fileSize > maxKb)
    // [I] The code: Dynamics does not document the one pickFile rejects with for an oversized file.
    throw { errorCode: 0x80040203, message: ShellStrings.fileTooLarge(file.name, maxKb) };
  return { fileName: file.name, fileContent: await readBase64(file), fileSize, mimeType: file.type };
}

export function pickFileDialog(options: Xrm.Device.PickFileOptions = {}): Promise<Xrm.Device.CaptureFileResponse[]> {
  return new Promise((resolve, reject) => {
    const input = h('input', {
      type: 'file',
      multiple: options.allowMultipleFiles === true,
      'aria-label': ShellStrings.pickFile,
    });
    const close = (files: readonly File[]) => {
      backdrop.remove();
      document.removeEventListener('keydown', onKey, true);
      Promise.all(files.map((f) => toResponse(f, options.maximumAllowedFileSize))).then(resolve, reject);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      close([]);
    };
    const ok = h('button', { type: 'button', class: 'primary', onclick: () => close(Array.from(input.files ?? [])) }, [
      ShellStrings.ok,
    ]);
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => close([]) }, [ShellStrings.cancel]);
    const dialog = h(
      'div',
      { role: 'dialog', 'aria-modal': 'true', 'aria-label': ShellStrings.pickFile, class: 'dialog' },
      [
        h('h2', {}, [ShellStrings.pickFile]),
        h('div', { class: 'dialog-text' }, [input]),
        h('div', { class: 'dialog-buttons' }, [ok, cancel]),
      ],
    );
    const backdrop = h('div', { class: 'dialog-backdrop' }, [dialog]);
    document.body.append(backdrop);
    document.addEventListener('keydown', onKey, true);
    input.focus();
  });
}
