/**
 * The emulator stands in for Dataverse, so it knows our tables only from the solution it imports:
 * nothing in emulators/dataverse reads solution/ (the schema module, the packer). And its own platform
 * tables agree with what the product expects of Microsoft's tables (the schema module's standard
 * tables): every platform column the product names exists there with the same type.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Platform } from '../../../emulators/dataverse/platform';
import { ALL_TABLES } from '../../../solution/schema';

const ROOT = path.join(__dirname, '../../../emulators/dataverse');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

it('imports nothing from solution/', () => {
  const offenders = files(ROOT).filter((f) => /from '(\.\.\/)+solution\//.test(fs.readFileSync(f, 'utf8')));
  expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
});

it("serves every platform column the product uses, with the product's type", () => {
  const platform = new Map(Object.values(Platform).map((t) => [t.logicalName, t]));
  const differences: string[] = [];
  for (const expected of ALL_TABLES.filter((t) => t.standard)) {
    const actual = platform.get(expected.logicalName);
    if (!actual) {
      differences.push(`${expected.logicalName}: not a platform table`);
      continue;
    }
    if (actual.entitySetName !== expected.entitySetName) differences.push(`${expected.logicalName}: entity set`);
    for (const c of expected.columns.filter((x) => !x.logicalName.startsWith('w365_'))) {
      const a = actual.columns.find((x) => x.logicalName === c.logicalName);
      if (!a || a.type !== c.type)
        differences.push(`${expected.logicalName}.${c.logicalName}: ${a?.type ?? 'missing'} vs ${c.type}`);
      // A polymorphic lookup whose targets imports add (a note's Regarding: one per table with notes
      // enabled) has none on the base platform table; tests/emulators/dataverse/notes.test.ts covers it.
      if (
        a?.type === 'lookup' &&
        c.type === 'lookup' &&
        a.targets.length > 0 &&
        a.targets[0]?.navigationProperty !== c.targets[0]?.navigationProperty
      )
        differences.push(`${expected.logicalName}.${c.logicalName}: navigation property`);
    }
  }
  expect(differences).toEqual([]);
});
