/**
 * The solution review's eight findings (../shared/docs/solution-review-2026-12.md): the built zip has
 * none of them, and `solution check` reports each one when it comes back. Every "comes back" case puts
 * the shape the 51c4da1 zip had into a fresh build, so each rule is proven against the real defect.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PRODUCT_MANAGEMENT, Tables } from '../../../solution/schema';
import {
  buildSolution,
  checkFidelityOnly,
  checkZip,
  formatProblem,
  loadCheckContext,
  readZip,
  writeZip,
  type CheckContext,
  type PackedFile,
} from '../../../solution/packer';
import { attr, child, childText, children, descendants, parseXml } from '../../../solution/packer/xml-parse';

const VERSION = '1.0.1.0';
const MANIFEST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<manifest>
  <control namespace="Work365" constructor="AccountMappingGrid" version="0.0.1" display-name-key="K" description-key="D" control-type="standard" api-version="1.3.18">
    <data-set name="providerAccounts" display-name-key="P" />
    <resources>
      <code path="bundle.js" order="1"/>
    </resources>
  </control>
</manifest>
`;

let root: string;
let zipName: string;
let original: PackedFile[];
let ctx: CheckContext;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-findings-'));
  const control = path.join(root, 'pcf', 'AccountMappingGrid', 'out', 'controls', 'AccountMappingGrid');
  await fs.mkdir(control, { recursive: true });
  await fs.writeFile(path.join(control, 'ControlManifest.xml'), MANIFEST);
  await fs.writeFile(path.join(control, 'bundle.js'), 'var x = 1;');
  const empty = path.join(root, 'empty');
  await fs.mkdir(empty);
  const built = await buildSolution({
    outDir: path.join(root, 'dist'),
    version: VERSION,
    pcfControlsDir: path.join(root, 'pcf'),
    ribbonDir: empty,
    webResourceManifest: path.join(empty, 'none.json'),
  });
  zipName = path.basename(built.managedZip);
  original = await readZip(await fs.readFile(built.managedZip));
  ctx = await loadCheckContext();
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const text = (file: string) => original.find((f) => f.path === file)!.data.toString('utf8');

/** The review's findings in a copy of the built zip with `from` replaced by `to` in `file` (must match). */
async function findingsAfter(file: string, from: string | RegExp, to: string): Promise<string[]> {
  const files = original.map((f) => {
    if (f.path !== file) return f;
    const before = f.data.toString('utf8');
    const after = before.replace(from, to);
    if (after === before) throw new Error(`test setup: ${String(from)} not found in ${file}`);
    return { path: f.path, data: Buffer.from(after, 'utf8') };
  });
  return checkFidelityOnly(zipName, await readZip(await writeZip(files))).map(formatProblem);
}

const CUSTOMIZATIONS = 'customizations.xml';

describe('the built solution', () => {
  it('has none of the eight findings, and passes the whole check', async () => {
    expect((await checkZip(zipName, await writeZip(original), ctx)).map(formatProblem)).toEqual([]);
  });

  it('declares the Product Management tables it needs as missing dependencies (finding 2)', () => {
    const manifest = parseXml(text('solution.xml'));
    const required = descendants(manifest, 'Required').map((r) => `${attr(r, 'schemaName')}|${attr(r, 'solution')}`);
    for (const table of [Tables.product, Tables.uom, Tables.uomSchedule])
      expect(required).toContain(`${table.logicalName}|${PRODUCT_MANAGEMENT} (9.0.0.0)`);
    const dependents = descendants(manifest, 'Dependent').map(
      (d) => `${attr(d, 'parentSchemaName')}.${attr(d, 'schemaName')}`,
    );
    expect(dependents).toContain(`${Tables.subscription.logicalName}.${Tables.subscription.col.product}`);
    expect(dependents).toContain(`${Tables.product.logicalName}.${Tables.product.col.providerPartNumber}`);
  });

  it('stamps every PCF control with the solution version (finding 5)', () => {
    const manifest = parseXml(text('Controls/w365_Work365.AccountMappingGrid/ControlManifest.xml'));
    expect(attr(child(manifest, 'control')!, 'version')).toBe(VERSION);
    expect(attr(child(manifest, 'control')!, 'api-version')).toBe('1.3.18');
  });

  it('gives Billing Contract no currency, and Subscription the platform currency columns (findings 1, 3)', () => {
    const doc = parseXml(text(CUSTOMIZATIONS));
    const entity = (schemaName: string) =>
      children(child(doc, 'Entities')!, 'Entity').find((e) => childText(e, 'Name') === schemaName)!;
    const columns = (schemaName: string) =>
      descendants(entity(schemaName), 'attribute').map((a) => attr(a, 'PhysicalName'));
    expect(columns(Tables.billingContract.schemaName)).not.toContain('TransactionCurrencyId');
    expect(columns(Tables.subscription.schemaName)).toEqual(
      expect.arrayContaining(['TransactionCurrencyId', 'ExchangeRate', 'w365_unitprice_Base', 'w365_unitcost_Base']),
    );
    expect(Tables.billingContract.schemaName).toBe('w365_BillingContract');
  });
});

describe('solution check reports each finding when it comes back', () => {
  it('1: a currency lookup on a table without money', async () => {
    const problems = await findingsAfter(CUSTOMIZATIONS, /<Type>money<\/Type>/g, '<Type>decimal</Type>');
    expect(problems).toContainEqual(expect.stringContaining('finding 1: w365_Subscription has a currency lookup'));
  });

  it('2: no MissingDependencies for Product Management', async () => {
    const problems = await findingsAfter(
      'solution.xml',
      /<MissingDependencies>[\s\S]*<\/MissingDependencies>/,
      '<MissingDependencies />',
    );
    expect(problems).toContainEqual(expect.stringContaining("finding 2: the solution needs 'product'"));
    expect(problems).toContainEqual(expect.stringContaining("finding 2: the solution needs 'uomschedule'"));
  });

  it('3: the currency relationship as a custom one, and money without its twins', async () => {
    const renamed = await findingsAfter(
      CUSTOMIZATIONS,
      'Name="TransactionCurrency_w365_Subscription"',
      'Name="TransactionCurrency_w365_subscription"',
    );
    expect(renamed).toContainEqual(
      expect.stringContaining('finding 3: currency relationship TransactionCurrency_w365_subscription is not named'),
    );
    const accuracy = await findingsAfter(
      CUSTOMIZATIONS,
      /<AccuracySource>2<\/AccuracySource>/,
      '<AccuracySource>0</AccuracySource>',
    );
    expect(accuracy).toContainEqual(expect.stringContaining('finding 3: money column'));
    const twin = await findingsAfter(CUSTOMIZATIONS, /<CalculationOf>w365_UnitPrice<\/CalculationOf>/, '');
    expect(twin).toContainEqual(
      expect.stringContaining('finding 3: money column w365_unitprice has no w365_unitprice_base twin'),
    );
  });

  it('4: a numeric object type code', async () => {
    const problems = await findingsAfter(
      CUSTOMIZATIONS,
      '</Name>\n      <EntityInfo>',
      '</Name>\n      <ObjectTypeCode>52793</ObjectTypeCode>\n      <EntityInfo>',
    );
    expect(problems).toContainEqual(expect.stringContaining('finding 4: w365_Provider carries an ObjectTypeCode'));
  });

  it('5: a control version that does not follow the solution', async () => {
    const file = 'Controls/w365_Work365.AccountMappingGrid/ControlManifest.xml';
    const problems = await findingsAfter(file, `version="${VERSION}"`, 'version="1.0.0"');
    expect(problems).toContainEqual(expect.stringContaining('finding 5: control version 1.0.0'));
  });

  it('6: an audited secret', async () => {
    const problems = await findingsAfter(
      CUSTOMIZATIONS,
      /(<LogicalName>w365_password<\/LogicalName>[\s\S]*?<IsAuditEnabled>)0/,
      '$11',
    );
    expect(problems).toContainEqual(
      expect.stringContaining('finding 6: secured column w365_Provider.w365_password is audited'),
    );
  });

  it('7: a role that cannot open the app, and job items that block deleting their job', async () => {
    const role = await findingsAfter(CUSTOMIZATIONS, /<RolePrivilege name="prvReadAppModule" level="Global" \/>/, '');
    expect(role).toContainEqual(
      expect.stringMatching(
        /finding 7: role 'Work 365 (User|Administrator)' is given the app but lacks prvReadAppModule/,
      ),
    );
    const cascade = await findingsAfter(
      CUSTOMIZATIONS,
      /(<EntityRelationship Name="w365_syncjob_syncjobitem">[\s\S]*?<CascadeDelete>)Cascade/,
      '$1Restrict',
    );
    expect(cascade).toContainEqual(
      expect.stringContaining('finding 7: relationship w365_syncjob_syncjobitem is Restrict on delete'),
    );
  });

  it('8: a schema name cased by its first letter only, twin view names, logical names in labels', async () => {
    const casing = await findingsAfter(CUSTOMIZATIONS, '>w365_BillingContract</Name>', '>w365_Billingcontract</Name>');
    expect(casing).toContainEqual(
      expect.stringContaining(
        'finding 8: SchemaName w365_Billingcontract is not cased by its words ("Billing Contract"): w365_BillingContract',
      ),
    );
    const views = await findingsAfter(
      CUSTOMIZATIONS,
      'description="Subscriptions with Status Active"',
      'description="Active Subscriptions"',
    );
    expect(views).toContainEqual(
      expect.stringContaining('finding 8: two views of w365_Subscription are named "Active Subscriptions"'),
    );
    const label = await findingsAfter(
      CUSTOMIZATIONS,
      /description="Status of the Provider"/g,
      'description="Status of the w365_provider"',
    );
    expect(label).toContainEqual(
      expect.stringContaining('finding 8: the description of statecode names the table by logical name'),
    );
    const key = await findingsAfter(
      CUSTOMIZATIONS,
      /(<Type>primarykey<\/Type>[\s\S]*?<displayname description=")Provider"/,
      '$1Id"',
    );
    expect(key).toContainEqual(expect.stringContaining('finding 8: the primary key of w365_Provider is labelled "Id"'));
  });
});
