/**
 * `solution check` catches a broken solution and says where: a built zip is corrupted in several ways
 * and each corruption must come back as a problem with its file, line and reason.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { Tables } from '../../solution/schema';
import {
  buildSolution,
  checkSolution,
  checkZip,
  loadCheckContext,
  readZip,
  SolutionErrorCodes,
  writeZip,
  type CheckContext,
  type PackedFile,
} from '../../solution/packer';
import { register } from '../../scripts/commands/solution';

let dir: string;
let zipName: string;
let original: PackedFile[];
let ctx: CheckContext;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-check-'));
  const built = await buildSolution({
    outDir: path.join(dir, 'dist'),
    pcfOutputDirs: [],
    webResources: [],
    ribbons: {},
  });
  zipName = path.basename(built.managedZip);
  original = await readZip(await fs.readFile(built.managedZip));
  ctx = await loadCheckContext();
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Check a copy of the built zip with `edit` applied to its entries. */
async function checkEdited(edit: (files: PackedFile[]) => PackedFile[], name = zipName) {
  return checkZip(name, await writeZip(edit(original.map((f) => ({ ...f })))), ctx);
}

function replaceIn(file: string, from: string | RegExp, to: string) {
  return (files: PackedFile[]) =>
    files.map((f) => {
      if (f.path !== file) return f;
      const text = f.data.toString('utf8');
      const next = text.replace(from, to);
      if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
      return { path: f.path, data: Buffer.from(next, 'utf8') };
    });
}

function lineOf(file: string, needle: string): number {
  const text = original.find((f) => f.path === file)!.data.toString('utf8');
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('solution check on a broken zip', () => {
  it('reports an XSD violation in customizations.xml with its line and reason', async () => {
    const secured = '<IsSecured>1</IsSecured>';
    const problems = await checkEdited(replaceIn('customizations.xml', secured, '<IsSecured>yes</IsSecured>'));
    expect(problems).toEqual([
      {
        zip: zipName,
        file: 'customizations.xml',
        line: lineOf('customizations.xml', secured),
        reason: expect.stringContaining(
          "Element 'IsSecured': [facet 'enumeration'] The value 'yes' is not an element of the set {'0', '1'}",
        ),
      },
    ]);
  });

  it('reports an element the schema does not allow where it is', async () => {
    const problems = await checkEdited(
      replaceIn('customizations.xml', '<OwnershipTypeMask>', '<Colour>red</Colour><OwnershipTypeMask>'),
    );
    expect(problems[0]).toMatchObject({
      file: 'customizations.xml',
      line: lineOf('customizations.xml', '<OwnershipTypeMask>'),
    });
    expect(problems[0].reason).toContain("Element 'Colour': This element is not expected");
  });

  it('reports XML that is not well-formed, at the line the parser stopped', async () => {
    const problems = await checkEdited(replaceIn('solution.xml', '</Version>', '</Versoin>'));
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'solution.xml',
        line: lineOf('solution.xml', '</Version>'),
        reason: expect.stringContaining('not well-formed XML'),
      }),
    ]);
  });

  it('reports a missing part, a part without a content type and a file nothing refers to', async () => {
    const problems = await checkEdited((files) => [
      ...files.filter((f) => f.path !== 'solution.xml'),
      { path: 'WebResources/w365_/js/stray.js', data: Buffer.from('// nothing refers to me') },
    ]);
    const reasons = problems.map((p) => `${p.file}: ${p.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringContaining(': missing solution.xml'),
        expect.stringContaining('[Content_Types].xml: no content type for WebResources/w365_/js/stray.js'),
        'WebResources/w365_/js/stray.js: this file is in the zip but nothing in customizations.xml or a control manifest refers to it',
      ]),
    );
  });

  it('reports root components and components that do not match', async () => {
    const root = `<RootComponent type="1" schemaName="${Tables.syncJobItem.logicalName}" behavior="0" />`;
    const problems = await checkEdited(
      replaceIn('solution.xml', root, '<RootComponent type="1" schemaName="w365_ghost" behavior="0" />'),
    );
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.reason}`)).toEqual([
      `solution.xml:${lineOf('solution.xml', root)}: root component table 'w365_ghost' is not in customizations.xml`,
      expect.stringMatching(
        new RegExp(
          `^customizations\\.xml:\\d+: table '${Tables.syncJobItem.logicalName}' has no RootComponent in solution\\.xml`,
        ),
      ),
    ]);
  });

  it('reports a Managed flag that contradicts the zip name', async () => {
    const problems = await checkEdited(replaceIn('solution.xml', '<Managed>1</Managed>', '<Managed>0</Managed>'));
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'solution.xml',
        line: lineOf('solution.xml', '<Managed>'),
        reason: 'the zip is named _managed but <Managed> is 0',
      }),
    ]);
  });

  it('reports a subgrid pointing at a view the solution does not have', async () => {
    const problems = await checkEdited(
      replaceIn(
        'customizations.xml',
        /<ViewId>\{[0-9a-f-]+\}<\/ViewId>/,
        '<ViewId>{00000000-0000-0000-0000-000000000001}</ViewId>',
      ),
    );
    expect(problems.map((p) => p.reason)).toContain(
      "subgrid 'additionalproperties' shows view 00000000-0000-0000-0000-000000000001, which is not in the solution",
    );
  });
});

describe('solution check from the command line and its inputs', () => {
  it('prints each problem with file and line and exits non-zero', async () => {
    const broken = path.join(dir, 'broken');
    await fs.mkdir(broken);
    const bytes = await writeZip(
      replaceIn('customizations.xml', '<IsSecured>1</IsSecured>', '<IsSecured>2</IsSecured>')(original),
    );
    await fs.writeFile(path.join(broken, zipName), bytes);
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const program = new Command().exitOverride();
    register(program);
    try {
      await program.parseAsync(['node', 'w365', 'solution', 'check', '--in', broken]);
      expect(process.exitCode).toBe(1);
    } finally {
      spy.mockRestore();
      err.mockRestore();
      process.exitCode = undefined;
    }
    expect(out.join('')).toContain(
      `${zipName}: customizations.xml:${lineOf('customizations.xml', '<IsSecured>1</IsSecured>')}: Element 'IsSecured'`,
    );
  });

  it('fails clearly without the folder or without the shared reference material', async () => {
    await expect(checkSolution({ inDir: path.join(dir, 'nothing-here') })).rejects.toMatchObject({
      code: SolutionErrorCodes.CheckInputMissing,
    });
    await expect(
      checkSolution({ inDir: path.join(dir, 'dist'), sharedDir: path.join(dir, 'no-shared') }),
    ).rejects.toMatchObject({
      code: SolutionErrorCodes.SharedDirMissing,
      message: expect.stringContaining('W365_SHARED_DIR'),
    });
    const empty = path.join(dir, 'empty');
    await fs.mkdir(empty);
    expect(await checkSolution({ inDir: empty })).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('no solution zip') }),
    ]);
  });
});
