/**
 * The platform libraries a virtual (React) control declares with `<platform-library name="React"|"Fluent"
 * version=...>`, as Dynamics provides them: one script per library, built here from node_modules (never
 * fetched from the internet), that puts the library on the global pcf-scripts' bundle reads it from.
 * pcf-scripts turns each declared library into a webpack external named by its `libAlias` in
 * PlatformLibraryVersions.json (React 16.x -> `Reactv16`, Fluent 9.x -> `FluentUIReactv940`), so the
 * control's bundle.js carries only our code; the host (emulators/app-shell/pcf-host/host.ts) loads
 * these scripts before the bundle, as the platform does.
 *
 * Output, beside the host: `emulators/app-shell/pcf-host/platform/<file>.js` and `libraries.json`, the
 * list the host reads (name, version, the range of versions it serves, its global and its file).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { writeIfChanged } from '../../solution/codegen/write-if-changed';
import { contentVersion } from './content-version';
import { rangeFor, type VersionRange } from './versions';

export const PLATFORM_DIR = 'emulators/app-shell/pcf-host/platform';
export const PLATFORM_INDEX = 'libraries.json';

interface PlatformRange extends VersionRange {
  readonly platformVersion: string;
  readonly libAlias: string;
}

/** One library as the host offers it (the shape of libraries.json). */
export interface PlatformLibrary {
  /** As the manifest names it: `React`, `Fluent`. */
  readonly name: string;
  /** The version installed in node_modules and served. */
  readonly version: string;
  /** The manifest versions this library serves (PlatformLibraryVersions.json's range). */
  readonly minVersion: string;
  readonly maxVersion: string;
  /** The global the control's bundle reads (`Reactv16`); React's entry also sets ReactDOM's. */
  readonly global: string;
  readonly domGlobal?: string;
  /** Path under the platform folder. */
  readonly file: string;
  /** The file's content version (content-version.ts): the host asks for `<file>?v=<contentVersion>`. */
  readonly contentVersion?: string;
}

export const PlatformErrorCodes = { Unsupported: 'PCF_PLATFORM_LIBRARY_UNSUPPORTED' } as const;

type Versions = Readonly<Record<string, readonly PlatformRange[]>>;

async function installedVersion(pkg: string): Promise<string> {
  const json = JSON.parse(await fs.readFile(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string };
  return json.version;
}

/**
 * `react` and `react-dom` inside the Fluent script resolve to the React script's globals: one React on
 * the page. Subpaths (`react/jsx-runtime`) are bundled as usual; their own `require('react')` lands here.
 */
function reactFromGlobals(react: string, reactDom: string): Plugin {
  return {
    name: 'react-from-platform-globals',
    setup(b) {
      b.onResolve({ filter: /^react(-dom)?$/ }, (args) => ({ path: args.path, namespace: 'platform-global' }));
      b.onLoad({ filter: /.*/, namespace: 'platform-global' }, (args) => ({
        contents: `module.exports = window[${JSON.stringify(args.path === 'react-dom' ? reactDom : react)}];`,
        loader: 'js',
      }));
    },
  };
}

async function bundle(repoRoot: string, contents: string, plugins: Plugin[] = []): Promise<Uint8Array> {
  const result = await build({
    absWorkingDir: repoRoot,
    stdin: { contents, resolveDir: repoRoot, loader: 'js' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

/** Which libraries to build, from the installed packages and pcf-scripts' table of platform versions. */
export async function platformLibraries(): Promise<PlatformLibrary[]> {
  const versions = JSON.parse(
    await fs.readFile(require.resolve('pcf-scripts/PlatformLibraryVersions.json'), 'utf8'),
  ) as Versions;
  const react = await installedVersion('react');
  const fluent = await installedVersion('@fluentui/react-components');
  const reactRange = rangeFor(versions.react ?? [], react);
  const domRange = rangeFor(versions.react_dom ?? [], await installedVersion('react-dom'));
  const fluentRange = rangeFor(versions.fluent ?? [], fluent);
  if (!reactRange || !domRange || !fluentRange)
    throw new Error(
      `${PlatformErrorCodes.Unsupported}: pcf-scripts serves no platform library for react ${react} or @fluentui/react-components ${fluent}; install versions its PlatformLibraryVersions.json lists.`,
    );
  return [
    {
      name: 'React',
      version: react,
      minVersion: reactRange.minVersion,
      maxVersion: reactRange.maxVersion,
      global: reactRange.libAlias,
      domGlobal: domRange.libAlias,
      file: `react-${react}.js`,
    },
    {
      name: 'Fluent',
      version: fluent,
      minVersion: fluentRange.minVersion,
      maxVersion: fluentRange.maxVersion,
      global: fluentRange.libAlias,
      file: `fluent-${fluent}.js`,
    },
  ];
}

/** The lock file and the list decide the output; Fluent takes esbuild a few seconds, so skip it when unchanged. */
async function inputsHash(repoRoot: string, libraries: readonly PlatformLibrary[]): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(libraries));
  hash.update(await fs.readFile(path.join(repoRoot, 'package-lock.json')));
  hash.update(await fs.readFile(__filename));
  return hash.digest('hex');
}

/** Build the platform library scripts and their index; returns the index's path. */
export async function buildPlatformLibraries(repoRoot: string): Promise<string> {
  const dir = path.join(repoRoot, PLATFORM_DIR);
  const libraries = await platformLibraries();
  const hash = await inputsHash(repoRoot, libraries);
  const hashFile = path.join(dir, '.build-hash');
  const index = path.join(dir, PLATFORM_INDEX);
  const present = await Promise.all(
    [PLATFORM_INDEX, ...libraries.map((l) => l.file)].map((f) =>
      fs.access(path.join(dir, f)).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (present.every(Boolean) && (await fs.readFile(hashFile, 'utf8').catch(() => '')) === hash) return index;
  const [react, fluent] = libraries;
  // React as its CommonJS module object (what the platform hands over); Fluent through its ES modules:
  // its CommonJS build pulls every icon of @fluentui/react-icons (18 MB), its ES modules let esbuild
  // keep only the icons the components use.
  const reactEntry = [
    `window[${JSON.stringify(react.global)}] = require('react');`,
    `window[${JSON.stringify(react.domGlobal)}] = require('react-dom');`,
  ].join('\n');
  const fluentEntry = `import * as Fluent from '@fluentui/react-components';\nwindow[${JSON.stringify(fluent.global)}] = Fluent;`;
  const [reactJs, fluentJs] = await Promise.all([
    bundle(repoRoot, reactEntry),
    bundle(repoRoot, fluentEntry, [reactFromGlobals(react.global, react.domGlobal as string)]),
  ]);
  await writeIfChanged(path.join(dir, react.file), reactJs);
  await writeIfChanged(path.join(dir, fluent.file), fluentJs);
  const versioned = [
    { ...react, contentVersion: contentVersion(reactJs) },
    { ...fluent, contentVersion: contentVersion(fluentJs) },
  ];
  await writeIfChanged(index, `${JSON.stringify(versioned, null, 2)}\n`);
  await writeIfChanged(hashFile, hash);
  return index;
}
