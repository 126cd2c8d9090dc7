/** Where the repository is, so that defaults (pcf-controls/, ../shared) work from any working directory. */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest folder above `start` that holds a package.json: the repository root. */
export function findRepoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}.`);
    dir = parent;
  }
}
