/**
 * The solution packer: `buildSolution` writes the managed and the unmanaged solution zip.
 *
 * Microsoft's own packer is the `pac` CLI (`pac solution pack`, formerly SolutionPackager), a .NET tool
 * that cannot run here (no .NET, not on npm: dataverse.md §4), so this packer is ours. It writes what
 * pac and Dataverse exports write, copied from the example solutions in ../shared/reference, and
 * `solution check` validates the result against Microsoft's XSDs and those examples.
 *
 * Inputs: the schema module (tables, choices, keys, relationships, roles, field security), the UI
 * module (forms, views, app), and three extension points that later work fills in and that the build
 * picks up when they exist: web resources (webresources.ts), PCF controls (controls.ts), ribbons
 * (ribbon.ts). Output is deterministic: same inputs, byte-identical zips.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SOLUTION_UNIQUE_NAME, SOLUTION_VERSION } from '../version';
import { contentTypesXml } from './content-types';
import {
  CONTROL_MANIFEST,
  DEFAULT_PCF_CONTROLS_DIR,
  discoverPcfOutputs,
  packControls,
  type PackedControl,
} from './controls';
import { customizationsXml, solutionChoiceNames } from './customizations';
import { dashboardRootComponents } from './dashboards';
import { missingDependencies } from './dependencies';
import { environmentVariableFiles } from './environment-variables';
import { componentIds } from './ids';
import { managedPolicy } from './managed';
import {
  assertValidModel,
  customTablesOf,
  defaultModel,
  extendedTablesOf,
  solutionTablesOf,
  type SolutionModel,
} from './model';
import { findRepoRoot } from './repo-root';
import { DEFAULT_RIBBON_DIR, loadRibbonDir, prepareRibbons } from './ribbon';
import { ComponentType, solutionXml, type RootComponent } from './solution-xml';
import {
  DEFAULT_WEBRESOURCE_MANIFEST,
  loadWebResourceManifest,
  packWebResources,
  type PackedFile,
  type WebResourceInput,
} from './webresources';
import { writeZip } from './zip';

export interface BuildOptions {
  /** Folder the two zips are written to (created when missing). */
  readonly outDir: string;
  /** Repository root for the default input paths; default: found from this file. */
  readonly repoRoot?: string;
  /** Default: SOLUTION_VERSION (solution/version.ts). */
  readonly version?: string;
  /** Default: the shipped schema and UI (tests pass variants). */
  readonly model?: SolutionModel;
  /** Web resources to pack; default: read from `webResourceManifest`. */
  readonly webResources?: readonly WebResourceInput[];
  /** Default: `<repo>/webresources/dist/webresources.json`; absent file = no web resources. */
  readonly webResourceManifest?: string;
  /** PCF output folders (each holding a ControlManifest.xml); default: discovered under `pcfControlsDir`. */
  readonly pcfOutputDirs?: readonly string[];
  /** Default: `<repo>/pcf-controls`. */
  readonly pcfControlsDir?: string;
  /** RibbonDiffXml per table logical name; default: the files of `ribbonDir`. */
  readonly ribbons?: Readonly<Record<string, string>>;
  /** Default: `<repo>/solution/ribbon`. */
  readonly ribbonDir?: string;
}

export interface BuildResult {
  readonly managedZip: string;
  readonly unmanagedZip: string;
  readonly version: string;
  /** Web resource names, control names and ribbon tables that were packed. */
  readonly webResources: readonly string[];
  readonly controls: readonly string[];
  readonly ribbons: readonly string[];
  /** Things a person should know (a PCF binding left out because the control is not built yet...). */
  readonly notes: readonly string[];
}

/** `Work365ProviderSync_1_0_0_0_managed.zip` */
export function zipFileName(version: string, managed: boolean): string {
  return `${SOLUTION_UNIQUE_NAME}_${version.replace(/\./g, '_')}_${managed ? 'managed' : 'unmanaged'}.zip`;
}

function rootComponents(
  model: SolutionModel,
  controls: readonly PackedControl[],
  webResources: readonly WebResourceInput[],
): RootComponent[] {
  return [
    ...customTablesOf(model).map((t) => ({
      type: ComponentType.Entity,
      schemaName: t.logicalName,
      behavior: 0 as const,
    })),
    ...extendedTablesOf(model).map((t) => ({
      type: ComponentType.Entity,
      schemaName: t.logicalName,
      behavior: 2 as const,
    })),
    ...solutionChoiceNames(model).map((name) => ({
      type: ComponentType.OptionSet,
      schemaName: name,
      behavior: 0 as const,
    })),
    ...model.roles.map((r) => ({ type: ComponentType.Role, id: componentIds.role(r.key), behavior: 0 as const })),
    ...webResources.map((w) => ({ type: ComponentType.WebResource, schemaName: w.name, behavior: 0 as const })),
    { type: ComponentType.SiteMap, schemaName: model.app.siteMapUniqueName, behavior: 0 },
    ...controls.map((c) => ({ type: ComponentType.CustomControl, schemaName: c.name, behavior: 0 as const })),
    ...model.fieldSecurityProfiles.map((p) => ({
      type: ComponentType.FieldSecurityProfile,
      id: componentIds.fieldSecurityProfile(p.key),
      behavior: 0 as const,
    })),
    ...dashboardRootComponents(model.dashboards ?? []),
    { type: ComponentType.AppModule, schemaName: model.app.uniqueName, behavior: 0 },
    ...model.environmentVariables.map((v) => ({
      type: ComponentType.EnvironmentVariableDefinition,
      schemaName: v.schemaName,
      behavior: 0 as const,
    })),
  ];
}

export async function buildSolution(options: BuildOptions): Promise<BuildResult> {
  const repoRoot = options.repoRoot ?? findRepoRoot();
  const version = options.version ?? SOLUTION_VERSION;
  if (!/^\d+(\.\d+){1,3}$/.test(version))
    throw new Error(`Solution version '${version}' must be 2 to 4 dot-separated numbers.`);
  const model = options.model ?? defaultModel();
  assertValidModel(model);

  const tableNames = solutionTablesOf(model).map((t) => t.logicalName);
  const ribbonDir = options.ribbonDir ?? path.join(repoRoot, DEFAULT_RIBBON_DIR);
  const ribbons = prepareRibbons(
    options.ribbons ?? (await loadRibbonDir(ribbonDir)),
    tableNames,
    options.ribbons ? 'ribbons' : ribbonDir,
  );
  const webInputs =
    options.webResources ??
    (await loadWebResourceManifest(options.webResourceManifest ?? path.join(repoRoot, DEFAULT_WEBRESOURCE_MANIFEST)));
  const web = await packWebResources(webInputs);
  const pcfDirs =
    options.pcfOutputDirs ??
    (await discoverPcfOutputs(options.pcfControlsDir ?? path.join(repoRoot, DEFAULT_PCF_CONTROLS_DIR)));
  const controls = await packControls(pcfDirs, version);
  const extraFiles: PackedFile[] = [...web.files, ...controls.flatMap((c) => c.files)].sort((a, b) =>
    a.path < b.path ? -1 : 1,
  );
  const roots = rootComponents(model, controls, web.resources);
  const dependencies = missingDependencies(model);

  await fs.mkdir(options.outDir, { recursive: true });
  const notes = new Set<string>();
  const written: Record<'managed' | 'unmanaged', string> = { managed: '', unmanaged: '' };
  for (const managed of [true, false]) {
    const customizations = customizationsXml({
      model,
      version,
      policy: managedPolicy(managed),
      controls,
      webResources: web.resources,
      ribbons,
      note: (m) => notes.add(m),
    });
    const manifest = solutionXml({ version, managed, rootComponents: roots, missingDependencies: dependencies });
    const parts: PackedFile[] = [
      { path: 'solution.xml', data: Buffer.from(manifest, 'utf8') },
      { path: 'customizations.xml', data: Buffer.from(customizations, 'utf8') },
      ...environmentVariableFiles(model.environmentVariables, version, managedPolicy(managed)),
      ...extraFiles,
    ];
    const contentTypes = contentTypesXml(
      parts.map((p) => p.path),
      controls.map((c) => c.manifestPath).filter((p) => p.endsWith(CONTROL_MANIFEST)),
    );
    const zip = await writeZip([{ path: '[Content_Types].xml', data: Buffer.from(contentTypes, 'utf8') }, ...parts]);
    const file = path.join(options.outDir, zipFileName(version, managed));
    await fs.writeFile(file, zip);
    written[managed ? 'managed' : 'unmanaged'] = file;
  }
  return {
    managedZip: written.managed,
    unmanagedZip: written.unmanaged,
    version,
    webResources: web.resources.map((w) => w.name),
    controls: controls.map((c) => c.name),
    ribbons: [...ribbons.keys()],
    notes: [...notes],
  };
}
