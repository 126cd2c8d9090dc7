/**
 * Zip writing (yazl) and reading (yauzl). Writing is deterministic: entries in the order given, one
 * fixed timestamp, fixed file modes, DOS timestamps only (the extended UTC timestamp field would
 * carry the build machine's time zone), and deflate at a fixed level, so the same inputs give the
 * same bytes on a given Node version (zlib's output is stable for the same zlib build).
 */
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { PackedFile } from './webresources';

/**
 * 2000-01-01 00:00 in local time: DOS timestamps store local wall-clock fields, and yazl reads them
 * with local getters, so a local-time date gives the same bytes in every time zone.
 */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);
const FILE_MODE = 0o100644;
/** `forceDosTimestamp` is yazl 3's; @types/yazl (2.x) does not know it yet. */
const ENTRY_OPTIONS: Partial<yazl.Options> & { forceDosTimestamp: boolean } = {
  mtime: FIXED_MTIME,
  mode: FILE_MODE,
  compress: true,
  forceDosTimestamp: true,
};

export async function writeZip(files: readonly PackedFile[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`Zip entry '${f.path}' added twice.`);
    seen.add(f.path);
    zip.addBuffer(f.data, f.path, ENTRY_OPTIONS);
  }
  zip.end();
  const chunks: Buffer[] = [];
  return await new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Every file entry of a zip, in the zip's order (directory entries skipped). */
export async function readZip(buffer: Buffer): Promise<PackedFile[]> {
  return await new Promise<PackedFile[]>((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zipfile) => {
      if (err || !zipfile) {
        reject(err ?? new Error('Cannot open zip.'));
        return;
      }
      const out: PackedFile[] = [];
      zipfile.on('error', reject);
      zipfile.on('end', () => resolve(out));
      zipfile.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          zipfile.readEntry();
          return;
        }
        zipfile.openReadStream(entry, (e, stream) => {
          if (e || !stream) {
            reject(e ?? new Error(`Cannot read ${entry.fileName}.`));
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.push({ path: entry.fileName, data: Buffer.concat(chunks) });
            zipfile.readEntry();
          });
        });
      });
      zipfile.readEntry();
    });
  });
}
