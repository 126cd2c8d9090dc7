/**
 * The RibbonDiffXml of each table: valid against Microsoft's RibbonCore.xsd (xmllint-wasm, with the
 * included RibbonTypes/RibbonWSS schemas preloaded), internally consistent (every label, command and
 * rule a button names exists), and packed by the solution packer into zips that pass `solution check`
 * together with the web resources they call.
 */
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { Tables } from '../../solution/schema';
import { ribbonDiffXmlByTable, RIBBON_WEB_RESOURCES } from '../../solution/ribbon';
import { buildSolution } from '../../solution/packer/build';
import { checkSolution } from '../../solution/packer/check';
import { resolveSharedPaths } from '../../solution/packer/check/shared-dir';
import { attr, child, children, descendants, parseXml, type XNode } from '../../solution/packer/xml-parse';
import { readZip } from '../../solution/packer/zip';
import { buildWebResources } from '../../webresources/build';

const repoRoot = path.resolve(__dirname, '..', '..');
const ribbons = ribbonDiffXmlByTable();
const xsd = (name: string) => ({
  fileName: name,
  contents: readFileSync(path.join(resolveSharedPaths({ repoRoot }).schemaDir, name), 'utf8').replace(/^\uFEFF/, ''),
});

describe.each(Object.keys(ribbons))('RibbonDiffXml of %s', (table) => {
  const xml = ribbons[table];
  const root: XNode = parseXml(xml);
  const ids = (name: string) => new Set(descendants(root, name).map((n) => attr(n, 'Id')));

  it('is valid against RibbonCore.xsd', async () => {
    const result = await validateXML({
      xml: [{ fileName: `${table}.xml`, contents: xml }],
      schema: [xsd('RibbonCore.xsd')],
      preload: [xsd('RibbonTypes.xsd'), xsd('RibbonWSS.xsd')],
    });
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the xsd check can fail: a JavaScriptFunction inside an enable rule is refused', async () => {
    const broken = xml.replace(
      /<CustomRule ([^>]*)>/,
      '<CustomRule $1><JavaScriptFunction Library="x" FunctionName="y" />',
    );
    const result = await validateXML({
      xml: [{ fileName: 'broken.xml', contents: broken }],
      schema: [xsd('RibbonCore.xsd')],
      preload: [xsd('RibbonTypes.xsd'), xsd('RibbonWSS.xsd')],
    });
    expect(result.valid).toBe(false);
  });

  it('adds a Work 365 flyout to this table’s locations, and every label, command and rule it names exists', () => {
    for (const action of descendants(root, 'CustomAction'))
      expect(attr(action, 'Location')).toMatch(
        new RegExp(`^Mscrm\\.(Form|HomepageGrid)\\.${table}\\.MainTab\\.[A-Za-z]+\\.Controls\\._children$`),
      );
    const labels = ids('LocLabel');
    const commands = ids('CommandDefinition');
    const rules = new Set(descendants(child(root, 'RuleDefinitions')!, 'EnableRule').map((n) => attr(n, 'Id')));
    for (const control of [...descendants(root, 'Button'), ...descendants(root, 'FlyoutAnchor')]) {
      expect(commands.has(attr(control, 'Command'))).toBe(true);
      for (const a of ['LabelText', 'Alt', 'ToolTipTitle', 'ToolTipDescription'])
        expect(labels.has(attr(control, a)?.replace('$LocLabels:', ''))).toBe(true);
    }
    for (const def of descendants(root, 'CommandDefinition')) {
      for (const ref of children(children(def, 'EnableRules')[0], 'EnableRule'))
        expect(rules.has(attr(ref, 'Id'))).toBe(true);
    }
    const libraries = new Set(RIBBON_WEB_RESOURCES.map((w) => `$webresource:${w.name}`));
    for (const fn of [...descendants(root, 'JavaScriptFunction'), ...descendants(root, 'CustomRule')])
      expect(libraries.has(attr(fn, 'Library') ?? '')).toBe(true);
    expect(descendants(root, 'FlyoutAnchor').length).toBeGreaterThan(0);
  });
});

describe('the solution with the ribbons and web resources', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-ribbon-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('packs them where the packer’s extension points look, and the zips pass solution check', async () => {
    // Lay out the build output in a scratch copy of the extension points, so this test never races a
    // developer's build of the real webresources/dist.
    const outDir = path.join(dir, 'webresources', 'dist');
    const ribbonDir = path.join(dir, 'ribbon');
    await buildWebResources({ repoRoot, outDir, ribbonDir });
    const built = await buildSolution({
      outDir: path.join(dir, 'zips'),
      repoRoot,
      webResourceManifest: path.join(outDir, 'webresources.json'),
      ribbonDir,
      pcfOutputDirs: [],
    });
    expect(built.webResources).toEqual(RIBBON_WEB_RESOURCES.map((w) => w.name).sort());
    expect([...built.ribbons].sort()).toEqual(
      [
        Tables.billingContract.logicalName,
        Tables.provider.logicalName,
        Tables.syncJob.logicalName,
        Tables.distributorInvoice.logicalName,
        Tables.variance.logicalName,
      ].sort(),
    );
    const problems = await checkSolution({ inDir: path.join(dir, 'zips'), repoRoot });
    expect(problems).toEqual([]);
    const files = await readZip(await fs.readFile(built.managedZip));
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(RIBBON_WEB_RESOURCES.map((w) => `WebResources/${w.name}`)),
    );
    const customizations = files.find((f) => f.path === 'customizations.xml')!.data.toString('utf8');
    expect(customizations).toContain('FunctionName="W365.ProviderRibbon.verifyConnectivity"');
    expect(customizations).toContain('FunctionName="W365.BillingContractRibbon.syncSubscriptions"');
  }, 120_000);
});
