/**
 * The webresources build: generates the names module from the schema, bundles each ribbon script with
 * esbuild into one minified IIFE that assigns its namespace (`W365.ProviderRibbon`), and (unless asked
 * for in-memory output only) writes what the solution packer's extension points read:
 *
 *   webresources/dist/<file>.js, webresources/dist/webresources.json   (solution/packer/webresources.ts)
 *   solution/ribbon/<table>.xml                                         (solution/packer/ribbon.ts)
 *
 * The app shell calls the same function with `write: false` and serves the bytes it returns, so the
 * browser runs exactly what the solution ships.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { writeIfChanged } from '../../solution/codegen/write-if-changed';
import { RIBBON_WEB_RESOURCES, ribbonDiffXmlByTable, type RibbonWebResource } from '../../solution/ribbon';
import { SOLUTION_VERSION } from '../../solution/version';
import { namesModuleSource } from './names';

/** WebResourceType 3 (JavaScript) in the packer's manifest. */
const SCRIPT_TYPE = 3;

export const GENERATED_NAMES_FILE = 'webresources/src/generated/names.ts';
export const DEFAULT_OUT_DIR = 'webresources/dist';
export const DEFAULT_RIBBON_DIR = 'solution/ribbon';
export const MANIFEST_FILE = 'webresources.json';

export interface BuiltWebResource {
  readonly def: RibbonWebResource;
  readonly contents: Uint8Array;
  readonly sizeInBytes: number;
}

export interface WebResourcesBuild {
  readonly resources: readonly BuiltWebResource[];
  /** The packer's manifest (JSON text). */
  readonly manifest: string;
  /** Table logical name -> RibbonDiffXml. */
  readonly ribbons: Readonly<Record<string, string>>;
  /** Files written (absolute paths); empty with `write: false`. */
  readonly written: readonly string[];
}

export interface BuildOptions {
  readonly repoRoot: string;
  /** Write the bundles, manifest and ribbon files (default true); the generated names module is always written. */
  readonly write?: boolean;
  readonly outDir?: string;
  readonly ribbonDir?: string;
}

async function bundle(repoRoot: string, def: RibbonWebResource): Promise<Uint8Array> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [path.join(repoRoot, def.entry)],
    bundle: true,
    format: 'iife',
    // `var W365; (W365 ||= {}).ProviderRibbon = ...`: every library adds its own member to one W365 global.
    globalName: def.namespace,
    platform: 'browser',
    // Unified Interface runs in current Edge/Chrome/Safari; es2020 still lowers `||=` for older webviews.
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    banner: { js: `/* ${def.name} ${SOLUTION_VERSION} */` },
    tsconfig: path.join(repoRoot, 'webresources', 'tsconfig.json'),
    write: false,
    logLevel: 'silent',
  });
  const [out] = result.outputFiles;
  return out.contents;
}

export async function buildWebResources(options: BuildOptions): Promise<WebResourcesBuild> {
  const { repoRoot } = options;
  const written: string[] = [];
  const namesFile = path.join(repoRoot, GENERATED_NAMES_FILE);
  if (await writeIfChanged(namesFile, namesModuleSource())) written.push(namesFile);

  const resources: BuiltWebResource[] = [];
  for (const def of RIBBON_WEB_RESOURCES) {
    const contents = await bundle(repoRoot, def);
    resources.push({ def, contents, sizeInBytes: contents.byteLength });
  }
  const manifest = `${JSON.stringify(
    {
      webResources: resources.map((r) => ({
        name: r.def.name,
        displayName: r.def.displayName,
        type: SCRIPT_TYPE,
        file: r.def.file,
        description: r.def.description,
      })),
    },
    null,
    2,
  )}\n`;
  const ribbons = ribbonDiffXmlByTable();

  if (options.write !== false) {
    const outDir = path.resolve(repoRoot, options.outDir ?? DEFAULT_OUT_DIR);
    const ribbonDir = path.resolve(repoRoot, options.ribbonDir ?? DEFAULT_RIBBON_DIR);
    const targets: [string, string | Uint8Array][] = [
      ...resources.map((r): [string, Uint8Array] => [path.join(outDir, r.def.file), r.contents]),
      [path.join(outDir, MANIFEST_FILE), manifest],
      ...Object.entries(ribbons).map(([table, xml]): [string, string] => [path.join(ribbonDir, `${table}.xml`), xml]),
    ];
    for (const [file, contents] of targets) if (await writeIfChanged(file, contents)) written.push(file);
  }
  return { resources, manifest, ribbons, written };
}
