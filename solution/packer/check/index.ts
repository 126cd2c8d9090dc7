/**
 * `checkSolution`: validates the zips `buildSolution` wrote. For each zip in the folder: the parts
 * every example solution has, well-formed XML, content types, solution.xml's shape, customizations.xml
 * against CustomizationsSolution.xsd, and the cross-references between them. Returns every problem
 * with its file and line; an empty list means the zips passed.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { W365Error } from '../../../common/errors';
import { SolutionErrorCodes } from '../codes';
import { readZip } from '../zip';
import { loadExampleExpectations, type ExampleExpectations } from './examples';
import { checkContentTypes, checkParts, checkSolutionXml, CONTENT_TYPES, parseXmlEntries } from './layout';
import { ProblemList, type SolutionProblem } from './problems';
import { checkFiles, checkInternalReferences, checkRootComponents } from './references';
import { resolveSharedPaths } from './shared-dir';
import { loadSchemas, validateAgainstXsd, type XsdFile } from './xsd';
import type { PackedFile } from '../webresources';
import { child, childText, type XNode } from '../xml-parse';
import {
  checkAuditedSecrets,
  checkCurrency,
  checkCurrencyRelationships,
  checkLabels,
  checkObjectTypeCodes,
} from './fidelity-entities';
import { checkControlVersions, checkDependencies, checkRolesAndCascades } from './fidelity-solution';

export { formatProblem, type SolutionProblem } from './problems';

export interface CheckOptions {
  /** Folder holding the zips (every `*.zip` in it is checked). */
  readonly inDir: string;
  /** The shared reference folder; default W365_SHARED_DIR or `<repo root>/../shared`. */
  readonly sharedDir?: string;
  readonly repoRoot?: string;
}

/** The XSDs and the example solutions' expectations, loaded once for any number of zips. */
export interface CheckContext {
  readonly schemas: readonly XsdFile[];
  readonly examples: ExampleExpectations;
}

export async function loadCheckContext(options: { sharedDir?: string; repoRoot?: string } = {}): Promise<CheckContext> {
  const shared = resolveSharedPaths(options);
  return { schemas: await loadSchemas(shared.schemaDir), examples: await loadExampleExpectations(shared.referenceDir) };
}

/** Check one zip's bytes; `zipName` labels the problems. */
export async function checkZip(zipName: string, bytes: Buffer, ctx: CheckContext): Promise<SolutionProblem[]> {
  const problems = new ProblemList(zipName);
  let files;
  try {
    files = await readZip(bytes);
  } catch (e) {
    problems.add('', null, `not a readable zip: ${(e as Error).message}`);
    return problems.items;
  }
  checkParts(files, ctx.examples, problems);
  const docs = parseXmlEntries(files, problems);
  checkContentTypes(files, docs.get(CONTENT_TYPES), problems);
  const manifest = checkSolutionXml(docs.get('solution.xml'), zipName, ctx.examples, problems);
  const customizations = files.find((f) => f.path === 'customizations.xml');
  const doc = docs.get('customizations.xml');
  if (customizations && doc) {
    for (const e of await validateAgainstXsd('customizations.xml', customizations.data.toString('utf8'), ctx.schemas)) {
      problems.add('customizations.xml', e.line, e.reason);
    }
    if (doc.name !== 'ImportExportXml')
      problems.add('customizations.xml', doc.line, `root must be <ImportExportXml>, not <${doc.name}>`);
    if (manifest) checkRootComponents(manifest, doc, docs, problems);
    checkFiles(doc, files, docs, manifest?.prefix, problems);
    checkInternalReferences(doc, problems);
    checkFidelity(doc, docs, manifest?.prefix, problems);
  }
  return problems.items;
}

/** What the XSD cannot see and a real import or export would: the solution review's findings. */
function checkFidelity(
  doc: XNode,
  docs: ReadonlyMap<string, XNode>,
  prefix: string | undefined,
  problems: ProblemList,
): void {
  checkCurrency(doc, problems);
  checkCurrencyRelationships(doc, problems);
  checkObjectTypeCodes(doc, problems);
  checkAuditedSecrets(doc, problems);
  checkLabels(doc, `${prefix ?? ''}_`.toLowerCase(), problems);
  checkRolesAndCascades(doc, problems);
  const manifest = child(docs.get('solution.xml') ?? doc, 'SolutionManifest');
  if (manifest) {
    checkDependencies(manifest, doc, problems);
    checkControlVersions(manifest, docs, problems);
  }
}

/**
 * Only the review's findings (no XSD, no layout): what tests that put a finding back into a zip need,
 * without paying for the XSD each time.
 */
export function checkFidelityOnly(zipName: string, files: readonly PackedFile[]): SolutionProblem[] {
  const problems = new ProblemList(zipName);
  const docs = parseXmlEntries(files, problems);
  const doc = docs.get('customizations.xml');
  const solutionDoc = docs.get('solution.xml');
  const manifest = solutionDoc ? child(solutionDoc, 'SolutionManifest') : undefined;
  const publisher = manifest ? child(manifest, 'Publisher') : undefined;
  const prefix = publisher ? childText(publisher, 'CustomizationPrefix') : undefined;
  if (doc) checkFidelity(doc, docs, prefix, problems);
  return problems.items;
}

export async function checkSolution(options: CheckOptions): Promise<SolutionProblem[]> {
  const inDir = path.resolve(options.inDir);
  let names: string[];
  try {
    names = (await fs.readdir(inDir)).filter((n) => n.toLowerCase().endsWith('.zip')).sort();
  } catch {
    throw new W365Error(
      SolutionErrorCodes.CheckInputMissing,
      `Folder ${inDir} does not exist; run \`w365 solution build --out ${options.inDir}\` first.`,
    );
  }
  if (names.length === 0)
    return [
      { zip: inDir, file: '', line: null, reason: 'no solution zip in this folder; run `w365 solution build` first' },
    ];
  const ctx = await loadCheckContext({ sharedDir: options.sharedDir, repoRoot: options.repoRoot });
  const problems: SolutionProblem[] = [];
  for (const name of names) problems.push(...(await checkZip(name, await fs.readFile(path.join(inDir, name)), ctx)));
  return problems;
}
