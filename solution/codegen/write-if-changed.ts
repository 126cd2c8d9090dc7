/**
 * The one file writer of the browser builds (webresources/build, pcf-controls/build): several
 * processes (a test run, `npm start`, `w365 solution build`) may build at once, and none may ever read
 * a half-written file, so it writes through a temporary file and a rename. Writing only when the
 * content changed keeps file times (and so watchers and the PCF build's input hash) still when a
 * build has nothing new.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** True when the file was (re)written, false when it already held exactly these bytes. */
export async function writeIfChanged(file: string, contents: string | Uint8Array): Promise<boolean> {
  const next = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : Buffer.from(contents);
  const current = await fs.readFile(file).catch(() => undefined);
  if (current && current.equals(next)) return false;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, next);
  await fs.rename(tmp, file);
  return true;
}
