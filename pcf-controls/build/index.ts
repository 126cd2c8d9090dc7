/**
 * The PCF build: generates the names module from the schema (and automap's reason codes), runs
 * `pcf-scripts build` (production: manifest validation, ESLint, ts-loader type-check, webpack +
 * minify; React and Fluent are platform libraries, left out of bundle.js) in each control project,
 * and bundles the local PCF host and the platform libraries it serves (host.ts).
 *
 * Output, as the solution packer and the app shell read it:
 *   pcf-controls/<Control>/out/controls/<Control>/{ControlManifest.xml,bundle.js,css,strings}
 *   emulators/app-shell/pcf-host/host.js, platform/{libraries.json,react-*.js,fluent-*.js}
 *
 * A control is rebuilt only when its inputs changed (a hash of its sources, the shared code, the
 * generated names, pcf-scripts' version and the versions of what it bundles or compiles against,
 * kept in `<project>/out/.w365-build-hash`, outside the folder the packer zips): `npm test` and
 * `npm start` both call this, and webpack costs ~10 s a control.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeIfChanged } from '../../solution/codegen/write-if-changed';
import { buildPcfHost } from './host';
import { pcfNamesModuleSource } from './names';

export { buildPcfHost, HOST_BUNDLE, HOST_ENTRY } from './host';

export const CONTROL_PROJECTS = ['AccountMappingGrid', 'ProductMappingGrid'] as const;
export type ControlName = (typeof CONTROL_PROJECTS)[number];

export const PCF_DIR = 'pcf-controls';
export const GENERATED_NAMES_FILE = 'pcf-controls/shared/generated/names.ts';
const HASH_FILE = '.w365-build-hash';
/** Packages bundled into bundle.js (virtual-core) or compiled against (the platform libraries' types). */
const BUNDLE_DEPENDENCIES = ['@tanstack/virtual-core', 'react', '@fluentui/react-components'];

export interface PcfBuildOptions {
  readonly repoRoot: string;
  /** Rebuild even when the inputs did not change. */
  readonly force?: boolean;
  readonly log?: (line: string) => void;
}

export interface PcfBuildResult {
  readonly controls: readonly { name: ControlName; outputDir: string; rebuilt: boolean; bundleBytes: number }[];
  readonly hostBundle: string;
}

/** Folder with the built control (what the packer zips and the app shell serves at /pcf/<Control>/). */
export function controlOutputDir(repoRoot: string, name: ControlName): string {
  return path.join(repoRoot, PCF_DIR, name, 'out', 'controls', name);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name === 'out' || e.name === 'node_modules' || e.name === 'generated' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

async function inputHash(repoRoot: string, name: ControlName): Promise<string> {
  const hash = createHash('sha256');
  const pcfScripts = JSON.parse(await fs.readFile(require.resolve('pcf-scripts/package.json'), 'utf8')) as {
    version: string;
  };
  hash.update(`pcf-scripts@${pcfScripts.version}\n`);
  // What the bundle is built from or against besides our sources: a new version of any rebuilds it.
  for (const dep of BUNDLE_DEPENDENCIES) {
    const json = JSON.parse(await fs.readFile(require.resolve(`${dep}/package.json`), 'utf8')) as { version: string };
    hash.update(`${dep}@${json.version}\n`);
  }
  const files = [
    ...(await filesUnder(path.join(repoRoot, PCF_DIR, name))),
    ...(await filesUnder(path.join(repoRoot, PCF_DIR, 'shared'))),
    path.join(repoRoot, GENERATED_NAMES_FILE),
    path.join(repoRoot, 'eslint.config.mjs'),
  ];
  for (const f of files) {
    hash.update(path.relative(repoRoot, f));
    hash.update(await fs.readFile(f));
  }
  return hash.digest('hex');
}

function runPcfScripts(projectDir: string, log: (line: string) => void): Promise<void> {
  const bin = require.resolve('pcf-scripts/bin/pcf-scripts.js');
  return new Promise((resolve, reject) => {
    // PP_TOOLS_TELEMETRY_OPTOUT: pcf-scripts otherwise sends usage telemetry (Application Insights),
    // which must not leave a build machine unasked, and fails slowly when offline.
    const child = spawn(process.execPath, [bin, 'build', '--buildMode', 'production', '--noColor'], {
      cwd: projectDir,
      env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        log(`pcf-scripts build ${path.basename(projectDir)}: ok`);
        resolve();
      } else reject(new Error(`PCF_BUILD_FAILED: pcf-scripts build in ${projectDir} exited ${code}:\n${output}`));
    });
  });
}

const LICENSE_FILE = 'bundle.js.LICENSE.txt';
/** webpack's pathinfo banner: a `/*!` comment whose middle line reads `!*** ./AccountMappingGrid/index.ts + 21 modules ***!`. */
const PATH_INFO_BANNER = /^\/\*![*!\\\s]*!\*{3} [^\n]+ \*{3}![*!\\\s]*\/$/;
const LICENSE_BANNER = `/*! For license information please see ${LICENSE_FILE} */`;

/**
 * pcf-scripts' webpack config sets `pathinfo`, whose module banners start with `/*!`, so terser
 * "extracts" them as licence comments into bundle.js.LICENSE.txt. With no third-party code in the
 * bundle that file holds only those banners; the manifest does not list it and the solution packer
 * zips every file of the output folder, so it is removed (with the banner line pointing at it). A
 * file holding anything else (a real licence, once a dependency is bundled) stops the build instead.
 */
async function dropPathInfoLicenseFile(outputDir: string): Promise<void> {
  const file = path.join(outputDir, LICENSE_FILE);
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const rest = text.replace(/\/\*![\s\S]*?\*\//g, (comment) => (PATH_INFO_BANNER.test(comment) ? '' : comment)).trim();
  if (rest !== '')
    throw new Error(
      `PCF_BUILD_LICENSE: ${file} holds more than webpack path info; list it in the manifest or handle it:\n${rest.slice(0, 500)}`,
    );
  await fs.rm(file);
  const bundle = path.join(outputDir, 'bundle.js');
  const code = await fs.readFile(bundle, 'utf8');
  if (code.includes(LICENSE_BANNER)) await fs.writeFile(bundle, code.replace(LICENSE_BANNER, ''));
}

async function buildControl(repoRoot: string, name: ControlName, force: boolean, log: (line: string) => void) {
  const projectDir = path.join(repoRoot, PCF_DIR, name);
  const outputDir = controlOutputDir(repoRoot, name);
  const hashFile = path.join(projectDir, 'out', HASH_FILE);
  const hash = await inputHash(repoRoot, name);
  const previous = await fs.readFile(hashFile, 'utf8').catch(() => '');
  const built = await fs.access(path.join(outputDir, 'bundle.js')).then(
    () => true,
    () => false,
  );
  let rebuilt = false;
  if (force || !built || previous.trim() !== hash) {
    await runPcfScripts(projectDir, log);
    await dropPathInfoLicenseFile(outputDir);
    await writeIfChanged(hashFile, `${hash}\n`);
    rebuilt = true;
  } else log(`${name}: up to date`);
  const bundleBytes = (await fs.stat(path.join(outputDir, 'bundle.js'))).size;
  return { name, outputDir, rebuilt, bundleBytes };
}

export async function buildPcfControls(options: PcfBuildOptions): Promise<PcfBuildResult> {
  const { repoRoot } = options;
  const log = options.log ?? (() => undefined);
  await writeIfChanged(path.join(repoRoot, GENERATED_NAMES_FILE), pcfNamesModuleSource());
  // Both at once: webpack is mostly single-threaded, so two controls take about as long as one.
  const controls = await Promise.all(
    CONTROL_PROJECTS.map((name) => buildControl(repoRoot, name, options.force ?? false, log)),
  );
  const hostBundle = await buildPcfHost(repoRoot);
  return { controls, hostBundle };
}
