/**
 * How an invoice file reaches the service: as a note (annotation) on the Provider. The ribbon's Import
 * Invoice (and `w365 import-invoice --file`) uploads the file as the note's document (base64, gzip
 * allowed), then creates the Sync Job naming the note; the job reads the note from Dataverse. The
 * browser never names a path on the service's disk, and the note stays on the provider's timeline as
 * the record of what was imported. A note that is not the job's provider's is not read: a job cannot be
 * used to read someone else's attachment.
 */
import { gunzipSync } from 'node:zlib';
import { Tables } from '../../../solution/schema';
import { W365Error } from '../../../common/errors';
import type { DataverseApi } from '../../dataverse/api';
import { InvoiceImportErrorCodes } from './errors';
import { ImportMessages } from './strings';

const N = Tables.annotation;

/** Largest invoice file read (after gunzip): a 60,000-line invoice is about 10 MB. */
export const MAX_INVOICE_FILE_BYTES = 32 * 1024 * 1024;

export interface InvoiceFile {
  fileName: string;
  content: Buffer;
}

const isGzip = (b: Buffer) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

/** The file's bytes; a gzip file (the ribbon compresses large files) unpacked, within the size cap. */
export function fileBytes(fileName: string, raw: Buffer, maxBytes = MAX_INVOICE_FILE_BYTES): Buffer {
  const tooLarge = (bytes: number) =>
    new W365Error(
      InvoiceImportErrorCodes.AttachmentTooLarge,
      ImportMessages.attachmentTooLarge(fileName, bytes, maxBytes),
    );
  if (!isGzip(raw)) {
    if (raw.length > maxBytes) throw tooLarge(raw.length);
    return raw;
  }
  try {
    return gunzipSync(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes + 1);
    throw err;
  }
}

export async function readAttachment(
  dv: DataverseApi,
  providerId: string,
  attachmentId: string,
  signal?: AbortSignal,
): Promise<InvoiceFile> {
  const row = await dv.retrieve(N, attachmentId, [N.col.fileName, N.col.documentBody, N.val.objectId], signal);
  const regarding = row?.[N.val.objectId];
  const body = row?.[N.col.documentBody];
  if (
    !row ||
    typeof regarding !== 'string' ||
    regarding.toLowerCase() !== providerId.toLowerCase() ||
    typeof body !== 'string' ||
    !body
  )
    throw new W365Error(InvoiceImportErrorCodes.AttachmentNotFound, ImportMessages.attachmentNotFound(attachmentId));
  const fileName = String(row[N.col.fileName] ?? 'invoice.csv');
  return { fileName, content: fileBytes(fileName, Buffer.from(body, 'base64')) };
}
