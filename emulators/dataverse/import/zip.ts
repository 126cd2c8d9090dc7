/** The parts of a solution zip, read with yauzl. */
import yauzl from 'yauzl';

export async function readZipParts(buffer: Buffer): Promise<Map<string, Buffer>> {
  return await new Promise<Map<string, Buffer>>((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zipfile) => {
      if (err || !zipfile) {
        reject(err ?? new Error('Cannot open zip.'));
        return;
      }
      const out = new Map<string, Buffer>();
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
            out.set(entry.fileName, Buffer.concat(chunks));
            zipfile.readEntry();
          });
        });
      });
      zipfile.readEntry();
    });
  });
}
