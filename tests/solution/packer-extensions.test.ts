/**
 * The extension points later issues fill in: a built PCF control, a web resources manifest and a
 * per-table RibbonDiffXml. The build picks them up from where those builds write them, binds the
 * control to the Provider form's provider accounts subgrid, and the result still passes the check.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tables } from '../../solution/schema';
import {
  buildSolution,
  checkZip,
  formatProblem,
  loadCheckContext,
  readZip,
  SolutionErrorCodes,
  type BuildResult,
} from '../../solution/packer';
import { child, childText, children, descendants, parseXml, type XNode } from '../../solution/packer/xml-parse';

let root: string;
let built: BuildResult;
let files: Map<string, Buffer>;
let cust: XNode;

const MANIFEST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<manifest>
  <control namespace="W365" constructor="AccountMappingGrid" version="0.0.1" display-name-key="AccountMappingGrid_Display_Key" description-key="AccountMappingGrid_Desc_Key" control-type="standard" api-version="1.3.18">
    <data-set name="accounts" display-name-key="Accounts_Display_Key" />
    <property name="pageSize" display-name-key="PageSize_Key" of-type="Whole.None" usage="input" required="false" />
    <resources>
      <code path="bundle.js" order="1"/>
      <resx path="strings/AccountMappingGrid.1033.resx" version="1.0.0"/>
    </resources>
    <built-by name="pac" version="1.48.2"/>
  </control>
</manifest>
`;

const RIBBON = `<?xml version="1.0" encoding="utf-8"?>
<RibbonDiffXml>
  <CustomActions>
    <CustomAction Id="w365.provider.Verify.CustomAction" Location="Mscrm.Form.w365_provider.MainTab.Save.Controls._children" Sequence="45">
      <CommandUIDefinition>
        <Button Id="w365.provider.Verify.Button" Command="w365.provider.Verify.Command" LabelText="$LocLabels:w365.provider.Verify.Label" Sequence="45" TemplateAlias="o1" ModernImage="Refresh" />
      </CommandUIDefinition>
    </CustomAction>
  </CustomActions>
  <Templates><RibbonTemplates Id="Mscrm.Templates" /></Templates>
  <CommandDefinitions>
    <CommandDefinition Id="w365.provider.Verify.Command">
      <EnableRules />
      <DisplayRules />
      <Actions>
        <JavaScriptFunction Library="$webresource:w365_/js/providerribbon.js" FunctionName="W365.ProviderRibbon.verifyConnectivity">
          <CrmParameter Value="PrimaryControl" />
        </JavaScriptFunction>
      </Actions>
    </CommandDefinition>
  </CommandDefinitions>
  <RuleDefinitions><TabDisplayRules /><DisplayRules /><EnableRules /></RuleDefinitions>
  <LocLabels><LocLabel Id="w365.provider.Verify.Label"><Titles><Title description="Verify Connectivity" languagecode="1033" /></Titles></LocLabel></LocLabels>
</RibbonDiffXml>
`;

/** Lay the inputs out as the webresources build, pcf-scripts and the ribbon folder would. */
async function writeInputs(base: string) {
  const out = path.join(base, 'pcf-controls', 'AccountMappingGrid', 'out', 'controls', 'AccountMappingGrid');
  await fs.mkdir(path.join(out, 'strings'), { recursive: true });
  await fs.writeFile(path.join(out, 'ControlManifest.xml'), MANIFEST);
  await fs.writeFile(path.join(out, 'bundle.js'), 'var W365 = W365 || {};');
  await fs.writeFile(
    path.join(out, 'strings', 'AccountMappingGrid.1033.resx'),
    '<?xml version="1.0" encoding="utf-8"?><root />',
  );
  const dist = path.join(base, 'webresources', 'dist');
  await fs.mkdir(dist, { recursive: true });
  await fs.writeFile(path.join(dist, 'providerribbon.js'), 'var W365 = W365 || {}; W365.ProviderRibbon = {};');
  await fs.writeFile(
    path.join(dist, 'webresources.json'),
    JSON.stringify({
      webResources: [
        { name: 'w365_/js/providerribbon.js', displayName: 'Provider ribbon', type: 3, file: 'providerribbon.js' },
      ],
    }),
  );
  await fs.mkdir(path.join(base, 'solution', 'ribbon'), { recursive: true });
  await fs.writeFile(path.join(base, 'solution', 'ribbon', `${Tables.provider.logicalName}.xml`), RIBBON);
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-ext-'));
  await writeInputs(root);
  // repoRoot points the default input paths at the fake repository; the real one is untouched.
  built = await buildSolution({ outDir: path.join(root, 'dist'), repoRoot: root });
  files = new Map((await readZip(await fs.readFile(built.managedZip))).map((f) => [f.path, f.data]));
  cust = parseXml(files.get('customizations.xml')!.toString('utf8'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('extension points', () => {
  it('picks up the control, the web resource and the ribbon from their default places', () => {
    expect(built.controls).toEqual(['w365_W365.AccountMappingGrid']);
    expect(built.webResources).toEqual(['w365_/js/providerribbon.js']);
    expect(built.ribbons).toEqual([Tables.provider.logicalName]);
    expect(built.notes).toEqual([expect.stringContaining("'ProductMappingGrid' is not built")]);
  });

  it('packs them where Dataverse expects them and lists every extension in [Content_Types].xml', () => {
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml',
      'solution.xml',
      'customizations.xml',
      'environmentvariabledefinitions/w365_NightlySchedule/environmentvariabledefinition.xml',
      'environmentvariabledefinitions/w365_NightlyTimeZone/environmentvariabledefinition.xml',
      'Controls/w365_W365.AccountMappingGrid/ControlManifest.xml',
      'Controls/w365_W365.AccountMappingGrid/bundle.js',
      'Controls/w365_W365.AccountMappingGrid/strings/AccountMappingGrid.1033.resx',
      'WebResources/w365_/js/providerribbon.js',
    ]);
    const types = parseXml(files.get('[Content_Types].xml')!.toString());
    expect(children(types, 'Default').map((d) => d.attrs.Extension)).toEqual(['xml', 'js', 'resx']);
    expect(children(types, 'Override').map((o) => o.attrs.PartName)).toEqual([
      '/Controls/w365_W365.AccountMappingGrid/ControlManifest.xml',
    ]);
    const roots = descendants(parseXml(files.get('solution.xml')!.toString()), 'RootComponent').map(
      (r) => `${r.attrs.type}:${r.attrs.schemaName ?? ''}`,
    );
    expect(roots).toEqual(expect.arrayContaining(['66:w365_W365.AccountMappingGrid', '61:w365_/js/providerribbon.js']));
  });

  it('binds the control to the provider accounts subgrid for every form factor', () => {
    const provider = children(child(cust, 'Entities')!, 'Entity').find(
      (e) => childText(e, 'Name') === Tables.provider.schemaName,
    )!;
    const grid = descendants(provider, 'control').find((c) => c.attrs.id === 'provideraccounts')!;
    const description = descendants(provider, 'controlDescription').find(
      (d) => d.attrs.forControl === grid.attrs.uniqueid,
    )!;
    const custom = children(description, 'customControl').filter(
      (c) => c.attrs.name === 'w365_W365.AccountMappingGrid',
    );
    expect(custom.map((c) => c.attrs.formFactor)).toEqual(['0', '1', '2']);
    const dataSet = descendants(custom[0], 'data-set')[0];
    expect(dataSet.attrs.name).toBe('accounts');
    expect(childText(dataSet, 'RelationshipName')).toBe('w365_provider_provideraccount');
    expect(descendants(provider, 'CustomAction').map((a) => a.attrs.Id)).toEqual(['w365.provider.Verify.CustomAction']);
  });

  it('still passes the check, and the check notices a ribbon calling a script the solution lacks', async () => {
    const ctx = await loadCheckContext();
    expect(
      (await checkZip(path.basename(built.managedZip), await fs.readFile(built.managedZip), ctx)).map(formatProblem),
    ).toEqual([]);
    const other = await buildSolution({
      outDir: path.join(root, 'dist-noweb'),
      repoRoot: root,
      webResources: [],
    });
    const problems = await checkZip('noweb.zip', await fs.readFile(other.managedZip), ctx);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'customizations.xml',
        reason: '$webresource:w365_/js/providerribbon.js is not a web resource of the solution',
      }),
    ]);
    expect(problems[0].line).toBeGreaterThan(1);
  });
});

describe('bad extension inputs are refused with a message naming them', () => {
  it('a ribbon for a table the solution does not have', async () => {
    await expect(
      buildSolution({ outDir: path.join(root, 'x1'), repoRoot: root, ribbons: { contact: RIBBON } }),
    ).rejects.toMatchObject({
      code: SolutionErrorCodes.ExtensionInvalid,
      message: expect.stringContaining("'contact' is not a table of the solution"),
    });
  });

  it('a ribbon that is not well-formed, with its line', async () => {
    const broken = RIBBON.replace('</CustomActions>', '');
    await expect(
      buildSolution({
        outDir: path.join(root, 'x2'),
        repoRoot: root,
        ribbons: { [Tables.provider.logicalName]: broken },
      }),
    ).rejects.toMatchObject({
      code: SolutionErrorCodes.ExtensionInvalid,
      message: expect.stringMatching(/w365_provider\.xml:\d+: not well-formed XML/),
    });
  });

  it('a web resource without the publisher prefix, or whose type does not fit its name', async () => {
    const file = path.join(root, 'webresources', 'dist', 'providerribbon.js');
    await expect(
      buildSolution({
        outDir: path.join(root, 'x3'),
        repoRoot: root,
        webResources: [{ name: 'new_/js/x.js', displayName: 'x', type: 3, filePath: file }],
      }),
    ).rejects.toMatchObject({
      code: SolutionErrorCodes.ExtensionInvalid,
      message: expect.stringContaining("'new_/js/x.js' must be named 'w365_/<path>'"),
    });
    await expect(
      buildSolution({
        outDir: path.join(root, 'x4'),
        repoRoot: root,
        webResources: [{ name: 'w365_/css/x.js', displayName: 'x', type: 2, filePath: file }],
      }),
    ).rejects.toMatchObject({
      code: SolutionErrorCodes.ExtensionInvalid,
      message: expect.stringContaining('is of type 2'),
    });
  });

  it('a control manifest naming a file its build did not write', async () => {
    const out = path.join(root, 'badpcf', 'P', 'out', 'controls', 'C');
    await fs.mkdir(out, { recursive: true });
    await fs.writeFile(path.join(out, 'ControlManifest.xml'), MANIFEST);
    await fs.writeFile(path.join(out, 'bundle.js'), '');
    await expect(
      buildSolution({ outDir: path.join(root, 'x5'), repoRoot: root, pcfOutputDirs: [out] }),
    ).rejects.toMatchObject({
      code: SolutionErrorCodes.ExtensionInvalid,
      message: expect.stringMatching(
        /ControlManifest\.xml:\d+: <resx path="strings\/AccountMappingGrid\.1033\.resx"> names a file the build did not write/,
      ),
    });
  });
});
