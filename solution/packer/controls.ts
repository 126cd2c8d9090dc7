/**
 * PCF controls (extension point for issue 8). `pcf-scripts build` writes each control to
 * `pcf-controls/<Project>/out/controls/<Control>/` (the compiled ControlManifest.xml, bundle.js,
 * strings/*.resx, css). The packer finds every such folder, and packs it as a solution built by pac
 * does [C] (PCF CodeInterpreter sample): the folder's files under `Controls/<prefix>_<namespace>.<constructor>/`,
 * a `<CustomControl>` naming that folder's ControlManifest.xml, and a root component of type 66 with the
 * same name. Forms bind a packed control to a subgrid through `PcfBinding` (solution/ui/types.ts).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PUBLISHER } from '../schema';
import { W365Error } from '../../common/errors';
import { SolutionErrorCodes } from './codes';
import type { PackedControlRef } from './forms';
import type { PackedFile } from './webresources';
import { attr, child, children, parseXml, XmlParseError } from './xml-parse';
import { el, leaf, type XmlElement } from './xml';

export const DEFAULT_PCF_CONTROLS_DIR = 'pcf-controls';
export const CONTROL_MANIFEST = 'ControlManifest.xml';

export interface PackedControl extends PackedControlRef {
  readonly namespace: string;
  readonly version: string;
  /** Zip path of the control's ControlManifest.xml. */
  readonly manifestPath: string;
  readonly files: PackedFile[];
}

const invalid = (message: string) => new W365Error(SolutionErrorCodes.ExtensionInvalid, message);

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Folders `<dir>/<Project>/out/controls/<Control>/` that hold a built ControlManifest.xml, sorted. */
export async function discoverPcfOutputs(pcfControlsDir: string): Promise<string[]> {
  if (!(await isDir(pcfControlsDir))) return [];
  const found: string[] = [];
  for (const project of (await fs.readdir(pcfControlsDir)).sort()) {
    const controlsDir = path.join(pcfControlsDir, project, 'out', 'controls');
    if (!(await isDir(controlsDir))) continue;
    for (const control of (await fs.readdir(controlsDir)).sort()) {
      const dir = path.join(controlsDir, control);
      try {
        await fs.access(path.join(dir, CONTROL_MANIFEST));
        found.push(dir);
      } catch {
        // A folder without a manifest is a half-finished build; the control is simply not packed.
      }
    }
  }
  return found;
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/**
 * The manifest with its control's version set to the solution's. Dataverse only replaces a control's
 * bundle when the control's version changes ("Every update in the component needs a component version
 * bump to be reflected on the Microsoft Dataverse server" [C], Microsoft Learn, PCF common issues), so a
 * version fixed in the source manifest would keep the first bundle forever; the solution's version changes
 * with every release. pcf-scripts accepts any number of dot-separated parts [C] (ManifestSchema.json versionType).
 */
function stampVersion(manifestText: string, line: number, version: string, file: string): string {
  const lines = manifestText.split('\n');
  const index = line - 1;
  const stamped = lines[index]?.replace(/(<control\b[^>]*?\sversion=")[^"]*(")/, `$1${version}$2`);
  if (stamped === undefined || stamped === lines[index])
    throw invalid(`${file}:${line}: <control> has no version attribute on its first line to stamp.`);
  lines[index] = stamped;
  return lines.join('\n');
}

/** Read one control's output folder into the files and names the solution needs, stamped with `version`. */
export async function packControl(outputDir: string, version: string): Promise<PackedControl> {
  const manifestFile = path.join(outputDir, CONTROL_MANIFEST);
  const manifestText = await fs.readFile(manifestFile, 'utf8');
  let manifest;
  try {
    manifest = parseXml(manifestText);
  } catch (e) {
    const line = e instanceof XmlParseError ? `:${e.line}` : '';
    throw invalid(`${manifestFile}${line}: not well-formed XML: ${(e as Error).message}`);
  }
  const control = child(manifest, 'control');
  if (manifest.name !== 'manifest' || !control) throw invalid(`${manifestFile}: expected <manifest><control ...>.`);
  const namespace = attr(control, 'namespace');
  const ctor = attr(control, 'constructor');
  if (!namespace || !ctor) throw invalid(`${manifestFile}:${control.line}: <control> needs namespace and constructor.`);
  const name = `${PUBLISHER.prefix}_${namespace}.${ctor}`;
  const files = await listFiles(outputDir);
  const resources = child(control, 'resources');
  for (const r of resources?.children ?? []) {
    const ref = attr(r, 'path');
    if (ref && !files.includes(ref))
      throw invalid(`${manifestFile}:${r.line}: <${r.name} path="${ref}"> names a file the build did not write.`);
  }
  if (!resources || !resources.children.some((r) => r.name === 'code'))
    throw invalid(`${manifestFile}: <resources> has no <code> (bundle.js).`);
  const dataSets = children(control, 'data-set');
  const packed: PackedFile[] = [];
  for (const file of files) {
    const data =
      file === CONTROL_MANIFEST
        ? Buffer.from(stampVersion(manifestText, control.line, version, manifestFile), 'utf8')
        : await fs.readFile(path.join(outputDir, file));
    packed.push({ path: `Controls/${name}/${file}`, data });
  }
  return {
    name,
    constructor: ctor,
    namespace,
    version,
    ...(dataSets[0] && attr(dataSets[0], 'name') ? { dataSetName: attr(dataSets[0], 'name') } : {}),
    manifestPath: `Controls/${name}/${CONTROL_MANIFEST}`,
    files: packed,
  };
}

export async function packControls(outputDirs: readonly string[], version: string): Promise<PackedControl[]> {
  const controls: PackedControl[] = [];
  for (const dir of outputDirs) controls.push(await packControl(dir, version));
  const names = new Set<string>();
  for (const c of controls) {
    if (names.has(c.name)) throw invalid(`Two PCF builds produce control '${c.name}'.`);
    names.add(c.name);
  }
  return controls.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function customControlsXml(controls: readonly PackedControl[]): XmlElement {
  return el(
    'CustomControls',
    {},
    controls.map((c) => el('CustomControl', {}, [leaf('Name', c.name), leaf('FileName', `/${c.manifestPath}`)])),
  );
}
