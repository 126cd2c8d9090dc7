/**
 * The shipped solution: both zips build, pass `solution check`, are byte-identical on a rebuild, and
 * carry every table, column, key, choice, role, field security rule, form, view and the app the
 * schema and UI modules define. Built once for the file (the XSD check takes a few seconds).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Choices,
  CUSTOM_TABLES,
  EXTENDED_STANDARD_TABLES,
  LICENSE_LOG_ARCHIVED_STATUS,
  PUBLISHER,
  Tables,
} from '../../solution/schema';
import {
  buildSolution,
  checkSolution,
  componentIds,
  formatProblem,
  readZip,
  type BuildResult,
} from '../../solution/packer';
import { child, childText, children, descendants, parseXml, type XNode } from '../../solution/packer/xml-parse';
import { SOLUTION_VERSION } from '../../solution/version';

let dir: string;
let built: BuildResult;
const parts: Record<'managed' | 'unmanaged', Map<string, Buffer>> = { managed: new Map(), unmanaged: new Map() };
let cust: XNode;
let unmanagedCust: XNode;

// An empty folder for each extension point, so that whatever other work has put in the repository
// (built PCF controls, web resources, ribbons) does not change what this file tests.
async function emptyInputs(root: string) {
  const empty = path.join(root, 'empty');
  await fs.mkdir(empty, { recursive: true });
  return { pcfControlsDir: empty, ribbonDir: empty, webResourceManifest: path.join(empty, 'none.json') };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-packer-'));
  built = await buildSolution({ outDir: path.join(dir, 'dist'), ...(await emptyInputs(dir)) });
  for (const kind of ['managed', 'unmanaged'] as const) {
    const zip = kind === 'managed' ? built.managedZip : built.unmanagedZip;
    for (const f of await readZip(await fs.readFile(zip))) parts[kind].set(f.path, f.data);
  }
  cust = parseXml(parts.managed.get('customizations.xml')!.toString('utf8'));
  unmanagedCust = parseXml(parts.unmanaged.get('customizations.xml')!.toString('utf8'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const entity = (doc: XNode, schemaName: string): XNode => {
  const found = children(child(doc, 'Entities')!, 'Entity').find((e) => childText(e, 'Name') === schemaName);
  if (!found) throw new Error(`no entity ${schemaName}`);
  return found;
};
const attribute = (e: XNode, logicalName: string): XNode | undefined =>
  descendants(e, 'attribute').find((a) => childText(a, 'LogicalName') === logicalName);

describe('solution build', () => {
  it('writes both zips named after the solution and its version', () => {
    const stem = `Work365ProviderSync_${SOLUTION_VERSION.replace(/\./g, '_')}`;
    expect(path.basename(built.managedZip)).toBe(`${stem}_managed.zip`);
    expect(path.basename(built.unmanagedZip)).toBe(`${stem}_unmanaged.zip`);
    expect([...parts.managed.keys()]).toEqual([
      '[Content_Types].xml',
      'solution.xml',
      'customizations.xml',
      'environmentvariabledefinitions/w365_NightlySchedule/environmentvariabledefinition.xml',
      'environmentvariabledefinitions/w365_NightlyTimeZone/environmentvariabledefinition.xml',
    ]);
  });

  it('passes solution check with no problem', async () => {
    const problems = await checkSolution({ inDir: path.dirname(built.managedZip) });
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('is byte-identical when built again', async () => {
    const again = await buildSolution({ outDir: path.join(dir, 'again'), ...(await emptyInputs(dir)) });
    expect((await fs.readFile(again.managedZip)).equals(await fs.readFile(built.managedZip))).toBe(true);
    expect((await fs.readFile(again.unmanagedZip)).equals(await fs.readFile(built.unmanagedZip))).toBe(true);
  });

  it('marks the managed zip managed and locks what the sync service depends on', () => {
    const managed = (doc: Map<string, Buffer>) =>
      childText(child(parseXml(doc.get('solution.xml')!.toString()), 'SolutionManifest')!, 'Managed');
    expect(managed(parts.managed)).toBe('1');
    expect(managed(parts.unmanaged)).toBe('0');
    const keyCustomizable = (doc: XNode) => descendants(doc, 'EntityKey').map((k) => childText(k, 'IsCustomizable'));
    expect(new Set(keyCustomizable(cust))).toEqual(new Set(['0']));
    expect(new Set(keyCustomizable(unmanagedCust))).toEqual(new Set(['1']));
    const fls = (doc: XNode) =>
      childText(
        attribute(entity(doc, Tables.provider.schemaName), Tables.provider.col.password)!,
        'CanModifyFieldLevelSecuritySettings',
      );
    expect(fls(cust)).toBe('0');
    expect(fls(unmanagedCust)).toBe('1');
  });

  it('names the publisher, prefix and option value prefix', () => {
    const publisher = child(
      child(parseXml(parts.managed.get('solution.xml')!.toString()), 'SolutionManifest')!,
      'Publisher',
    )!;
    expect(childText(publisher, 'UniqueName')).toBe('work365');
    expect(child(child(publisher, 'LocalizedNames')!, 'LocalizedName')!.attrs.description).toBe('Work 365');
    expect(childText(publisher, 'CustomizationPrefix')).toBe('w365');
    expect(childText(publisher, 'CustomizationOptionValuePrefix')).toBe('36500');
  });
});

describe('customizations.xml carries the whole schema', () => {
  it('has every custom table with every column, key and its entity set name', () => {
    for (const table of CUSTOM_TABLES) {
      const e = entity(cust, table.schemaName);
      expect(childText(descendants(e, 'entity')[0], 'EntitySetName')).toBe(table.entitySetName);
      for (const column of table.columns.filter((c) => c.logicalName !== 'versionnumber')) {
        expect({
          table: table.logicalName,
          column: column.logicalName,
          found: !!attribute(e, column.logicalName),
        }).toEqual({
          table: table.logicalName,
          column: column.logicalName,
          found: true,
        });
      }
      const keys = descendants(e, 'EntityKey').map((k) => ({
        name: childText(k, 'LogicalName'),
        columns: children(child(k, 'EntityKeyAttributes')!, 'AttributeName').map((a) => a.text),
      }));
      expect(keys).toEqual(table.keys.map((k) => ({ name: k.logicalName, columns: [...k.columns] })));
    }
  });

  it('adds only our columns to the standard tables it extends', () => {
    expect(EXTENDED_STANDARD_TABLES.map((t) => t.logicalName).sort()).toEqual(['account', 'product']);
    const product = entity(cust, 'Product');
    expect(
      descendants(product, 'attribute')
        .map((a) => childText(a, 'LogicalName'))
        .sort(),
    ).toEqual([Tables.product.col.provider, Tables.product.col.providerPartNumber].sort());
    const account = entity(cust, 'Account');
    expect(
      descendants(account, 'attribute').every((a) => childText(a, 'LogicalName')!.startsWith(`${PUBLISHER.prefix}_`)),
    ).toBe(true);
  });

  it('ships every choice as a global option set with its values, and binds choice columns to it', () => {
    const sets = new Map(children(child(cust, 'optionsets')!, 'optionset').map((o) => [o.attrs.Name, o]));
    const used = new Set(
      CUSTOM_TABLES.flatMap((t) => t.columns.flatMap((c) => (c.type === 'choice' ? [c.choice.name] : []))),
    );
    expect(new Set(sets.keys())).toEqual(used);
    const jobStatus = sets.get(Choices.syncJobStatus.name)!;
    expect(descendants(jobStatus, 'option').map((o) => Number(o.attrs.value))).toEqual(
      Choices.syncJobStatus.options.map((o) => o.value),
    );
    const column = attribute(entity(cust, Tables.syncJob.schemaName), Tables.syncJob.col.jobStatus)!;
    expect(childText(column, 'OptionSetName')).toBe(Choices.syncJobStatus.name);
    expect(childText(column, 'AppDefaultValue')).toBe(String(Choices.syncJobStatus.Queued));
  });

  it('writes the License Change Log states with the Archived status reason', () => {
    const statuses = descendants(attribute(entity(cust, Tables.licenseChangeLog.schemaName), 'statuscode')!, 'status');
    expect(statuses.map((s) => [s.attrs.value, s.attrs.state])).toEqual([
      ['1', '0'],
      [String(LICENSE_LOG_ARCHIVED_STATUS), '0'],
      ['2', '1'],
    ]);
  });

  it('writes one relationship per lookup, with both navigation properties', () => {
    const rels = new Map(
      children(child(cust, 'EntityRelationships')!, 'EntityRelationship').map((r) => [r.attrs.Name, r]),
    );
    const r = rels.get('w365_provider_provideraccount')!;
    expect(childText(r, 'ReferencingEntityName')).toBe(Tables.providerAccount.schemaName);
    expect(childText(r, 'ReferencedEntityName')).toBe(Tables.provider.schemaName);
    expect(descendants(r, 'NavigationPropertyName').map((n) => n.text)).toEqual([
      Tables.providerAccount.nav.provider,
      'w365_provider_provideraccount',
    ]);
    expect(childText(rels.get('w365_account_provideraccount')!, 'ReferencedEntityName')).toBe('Account');
  });
});

describe('security', () => {
  it('secures w365_password: only the sync service profile can read it', () => {
    const password = attribute(entity(cust, Tables.provider.schemaName), Tables.provider.col.password)!;
    expect(childText(password, 'IsSecured')).toBe('1');
    const perms = descendants(child(cust, 'FieldSecurityProfiles')!, 'FieldSecurityProfile').map((p) => ({
      profile: p.attrs.name,
      ...Object.fromEntries(
        children(child(p, 'FieldPermissions')!, 'FieldPermission')
          .filter((fp) => childText(fp, 'AttributeName') === Tables.provider.col.password)
          .flatMap((fp) => ['CanRead', 'CanCreate', 'CanUpdate'].map((k) => [k, childText(fp, k)])),
      ),
    }));
    expect(perms).toEqual([
      { profile: 'Work 365 Sync Service Secrets', CanRead: '4', CanCreate: '4', CanUpdate: '4' },
      { profile: 'Work 365 Administrator Secrets', CanRead: '0', CanCreate: '4', CanUpdate: '4' },
    ]);
  });

  it('ships the three roles with privileges named after the tables, and no Delete for the service', () => {
    const roles = new Map(
      children(child(cust, 'Roles')!, 'Role').map((r) => [
        r.attrs.name,
        descendants(r, 'RolePrivilege').map((p) => `${p.attrs.name}:${p.attrs.level}`),
      ]),
    );
    expect([...roles.keys()]).toEqual(['Work 365 Sync Service', 'Work 365 Administrator', 'Work 365 User']);
    const service = roles.get('Work 365 Sync Service')!;
    expect(service).toContain(`prvRead${Tables.provider.schemaName}:Global`);
    expect(service).toContain('prvReadAccount:Global');
    expect(service.filter((p) => p.startsWith('prvDelete'))).toEqual([]);
    expect(roles.get('Work 365 User')!).toContain(`prvCreate${Tables.syncJob.schemaName}:Global`);
    expect(roles.get('Work 365 User')!).not.toContain(`prvWrite${Tables.provider.schemaName}:Global`);
    expect(roles.get('Work 365 Administrator')!).toContain(`prvDelete${Tables.provider.schemaName}:Global`);
  });
});

describe('forms, views and app', () => {
  const form = (table: string): XNode => descendants(entity(cust, table), 'systemform')[0];
  const subgrids = (f: XNode) =>
    descendants(f, 'control')
      .filter((c) => c.attrs.indicationOfSubgrid === 'true')
      .map((c) => `${c.attrs.id}:${childText(child(c, 'parameters')!, 'RelationshipName')}`);

  it('lays out the Provider form: general, credentials, properties, accounts and jobs', () => {
    const f = form(Tables.provider.schemaName);
    const credentials = descendants(f, 'section').find((s) => s.attrs.name === 'credentials')!;
    expect(descendants(credentials, 'control').map((c) => c.attrs.datafieldname)).toEqual([
      Tables.provider.col.userName,
      Tables.provider.col.password,
      Tables.provider.col.endpointUrl,
    ]);
    expect(subgrids(f)).toEqual([
      'additionalproperties:w365_provider_providerproperty',
      'provideraccounts:w365_provider_provideraccount',
      'productmappings:w365_provider_productmapping',
      'syncjobs:w365_provider_syncjob',
    ]);
  });

  it('shows the License Change Log on subscriptions, subscriptions on contracts and items on jobs', () => {
    expect(subgrids(form(Tables.subscription.schemaName))).toEqual([
      'licensechangelog:w365_subscription_licensechangelog',
    ]);
    expect(subgrids(form(Tables.billingContract.schemaName))).toContain(
      'subscriptions:w365_billingcontract_subscription',
    );
    expect(subgrids(form(Tables.syncJob.schemaName))).toEqual(['items:w365_syncjob_syncjobitem']);
    for (const table of CUSTOM_TABLES)
      expect(descendants(entity(cust, table.schemaName), 'systemform')).toHaveLength(1);
  });

  it('ships the working views with their filters, and the system views of every table', () => {
    const views = new Map(
      descendants(cust, 'savedquery').map((q) => [
        child(child(q, 'LocalizedNames')!, 'LocalizedName')!.attrs.description,
        q,
      ]),
    );
    const unmapped = views.get('Unmapped Provider Accounts')!;
    const values = descendants(unmapped, 'condition').find(
      (c) => c.attrs.attribute === Tables.providerAccount.col.mappingStatus,
    )!;
    expect(children(values, 'value').map((v) => Number(v.text))).toEqual([
      Choices.mappingStatus.NotSetup,
      Choices.mappingStatus.Suggested,
    ]);
    const attention = views.get('Subscriptions Needing Attention')!;
    expect(
      descendants(attention, 'condition')
        .filter((c) => c.attrs.operator === 'null')
        .map((c) => c.attrs.attribute),
    ).toEqual([
      Tables.subscription.col.billingContract,
      Tables.subscription.col.product,
      Tables.subscription.col.unitPrice,
    ]);
    expect(
      descendants(views.get('Subscriptions with Status Active')!, 'condition').map((c) => c.attrs.value),
    ).toContain(String(Choices.subscriptionStatus.Active));
    expect(descendants(views.get('Recent Sync Jobs')!, 'order')[0].attrs).toMatchObject({
      attribute: 'createdon',
      descending: 'true',
    });
    for (const table of CUSTOM_TABLES) {
      const types = descendants(entity(cust, table.schemaName), 'querytype').map((q) => Number(q.text));
      expect(new Set(types)).toEqual(new Set([0, 1, 2, 4, 64]));
    }
  });

  it('has the app and its site map area "Work 365 Providers" with the working tables', () => {
    const area = descendants(child(cust, 'AppModuleSiteMaps')!, 'Area')[0];
    expect(child(child(area, 'Titles')!, 'Title')!.attrs.Title).toBe('Work 365 Providers');
    expect(descendants(area, 'SubArea').map((s) => s.attrs.Entity)).toEqual(
      [
        Tables.provider,
        Tables.productMapping,
        Tables.providerAccount,
        Tables.billingContract,
        Tables.subscription,
        Tables.licenseChangeLog,
        Tables.distributorInvoice,
        Tables.variance,
        Tables.syncJob,
        Tables.alert,
      ].map((t) => t.logicalName),
    );
    const app = descendants(cust, 'AppModule')[0];
    const ids = descendants(app, 'AppModuleComponent').map((c) => c.attrs.id ?? c.attrs.schemaName);
    expect(ids).toContain(componentIds.view(`${Tables.providerAccount.logicalName}.unmapped`));
    expect(ids).toContain(componentIds.form(`${Tables.provider.logicalName}.main`));
    const roots = descendants(parseXml(parts.managed.get('solution.xml')!.toString()), 'RootComponent').map(
      (r) => `${r.attrs.type}:${r.attrs.schemaName ?? r.attrs.id}`,
    );
    expect(roots).toContain(`80:${childText(app, 'UniqueName')}`);
    expect(roots).toContain(`62:${childText(descendants(cust, 'AppModuleSiteMap')[0], 'SiteMapUniqueName')}`);
  });
});
