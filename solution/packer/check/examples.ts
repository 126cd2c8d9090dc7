/**
 * What the example solutions in ../shared/reference have in common, so that `solution check` compares
 * our zips with real ones rather than with our own idea of them: the parts at the root of every
 * example, and the elements every example's solution.xml has in SolutionManifest and in Publisher.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { child, parseXml } from '../xml-parse';

export interface ExampleExpectations {
  /** Example folder names the expectations came from. */
  readonly examples: readonly string[];
  /** Files at the root of every example (`[Content_Types].xml`, `solution.xml`, `customizations.xml`). */
  readonly requiredParts: readonly string[];
  readonly manifestElements: readonly string[];
  readonly publisherElements: readonly string[];
}

const intersect = (sets: string[][]): string[] =>
  sets.length === 0 ? [] : sets[0].filter((x) => sets.every((s) => s.includes(x)));

export async function loadExampleExpectations(referenceDir: string): Promise<ExampleExpectations> {
  const examples = (await fs.readdir(referenceDir)).filter((n) => n.startsWith('example-solution-')).sort();
  if (examples.length === 0) throw new Error(`No example-solution-* folders in ${referenceDir}.`);
  const parts: string[][] = [];
  const manifest: string[][] = [];
  const publisher: string[][] = [];
  for (const name of examples) {
    const dir = path.join(referenceDir, name);
    const entries = await fs.readdir(dir, { withFileTypes: true });
    parts.push(entries.filter((e) => e.isFile()).map((e) => e.name));
    const root = parseXml(await fs.readFile(path.join(dir, 'solution.xml'), 'utf8'));
    const m = child(root, 'SolutionManifest');
    if (!m) continue;
    manifest.push(m.children.map((c) => c.name));
    const p = child(m, 'Publisher');
    if (p) publisher.push(p.children.map((c) => c.name));
  }
  return {
    examples,
    requiredParts: intersect(parts).sort(),
    manifestElements: intersect(manifest),
    publisherElements: intersect(publisher),
  };
}
