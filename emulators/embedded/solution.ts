/**
 * The solution zip `w365 solution build` makes, for the embedded default and the tests to import into
 * the Dataverse emulator: what ships is what runs. The packer is deterministic (same sources, same
 * bytes), so a build is kept under the hash of its inputs (the solution's sources, the bundled web
 * resources, the built PCF controls) and built again only when one of them changes; many test workers
 * and every `npm start` then share one build.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildSolution } from '../../solution/packer/build';
import { DEFAULT_PCF_CONTROLS_DIR, discoverPcfOutputs } from '../../solution/packer/controls';
import { DEFAULT_WEBRESOURCE_MANIFEST } from '../../solution/packer/webresources';

export interface SolutionZipOptions {
  repoRoot?: string;
  /** Where builds are kept; default `<repo>/node_modules/.cache/w365-solution`. */
  cacheDir?: string;
  /** The managed zip (what admins import; default) or the unmanaged one. */
  managed?: boolean;
}

const REPO_ROOT = path.join(__dirname, '..', '..');
/** The packer's inputs besides the built assets: its own code and everything it packs from. */
const SOURCE_DIRS = ['solution', 'common'];

async function filesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

/** SHA-256 over the path and bytes of every input of a build. */
async function inputsHash(repoRoot: string): Promise<string> {
  const files = [
    ...(await Promise.all(SOURCE_DIRS.map((d) => filesUnder(path.join(repoRoot, d))))).flat(),
    ...(await filesUnder(path.dirname(path.join(repoRoot, DEFAULT_WEBRESOURCE_MANIFEST)))),
    ...(
      await Promise.all((await discoverPcfOutputs(path.join(repoRoot, DEFAULT_PCF_CONTROLS_DIR))).map(filesUnder))
    ).flat(),
  ];
  const hash = createHash('sha256');
  for (const f of files)
    hash
      .update(path.relative(repoRoot, f))
      .update('\0')
      .update(await fs.readFile(f))
      .update('\0');
  return hash.digest('hex').slice(0, 24);
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Builds (or finds the build of) the current sources and returns the zip's bytes. */
export async function builtSolutionZip(options: SolutionZipOptions = {}): Promise<Buffer> {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const cacheDir = options.cacheDir ?? path.join(repoRoot, 'node_modules', '.cache', 'w365-solution');
  const dir = path.join(cacheDir, await inputsHash(repoRoot));
  const pick = async (d: string) => {
    const names = (await fs.readdir(d)).filter((n) =>
      n.endsWith(options.managed === false ? '_unmanaged.zip' : '_managed.zip'),
    );
    if (names.length !== 1) throw new Error(`SOLUTION_CACHE_INVALID: ${d} holds ${names.length} matching zips`);
    return fs.readFile(path.join(d, names[0]));
  };
  if (await exists(dir)) return pick(dir);
  // Built beside the final folder and renamed into place, so that a parallel build (another test worker)
  // never sees half a folder; whichever rename comes second finds the folder there and uses it.
  const staging = await fs.mkdtemp(path.join(await ensureDir(cacheDir), `.build-${process.pid}-`));
  await buildSolution({ outDir: staging, repoRoot });
  try {
    await fs.rename(staging, dir);
  } catch {
    await fs.rm(staging, { recursive: true, force: true });
  }
  return pick(dir);
}

async function ensureDir(dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  return dir;
}
