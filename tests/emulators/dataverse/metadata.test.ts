/**
 * Metadata like Dataverse's, read by the tools that read Dataverse: dynamics-web-api's retrieveEntity
 * and retrieveAttributes (EntityDefinitions with Attributes, Keys, ManyToOneRelationships and option set
 * casts), and the OASIS OData TC's CSDL reader on `$metadata`. What they return is what the imported
 * solution says, so a change in the zip shows here.
 *
 * dynamics-web-api needs the emulator's CA through NODE_EXTRA_CA_CERTS (`npm test` sets it).
 */
import { DynamicsWebApi } from 'dynamics-web-api';
import { xml2json } from 'odata-csdl';
import { Choices, Tables } from '../../../solution/schema';
import { startDataverseEmulator, type DataverseEmulator } from '../../../emulators/dataverse';
import { shippedSolutionZip } from '../../helpers/solution-zip';
import { requireTrustedEmulatorCa } from './helpers';

const P = Tables.provider;
const PA = Tables.providerAccount;

let emu: DataverseEmulator;
let api: DynamicsWebApi;

beforeAll(async () => {
  requireTrustedEmulatorCa();
  emu = await startDataverseEmulator({ solutions: [await shippedSolutionZip()] });
  api = new DynamicsWebApi({ serverUrl: emu.url, onTokenRefresh: async () => emu.getToken() });
});
afterAll(() => emu?.close());

type Meta = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- metadata JSON

it('retrieveEntity answers EntityMetadata with attributes, keys and many-to-one relationships', async () => {
  const entity = await api.retrieveEntity<Meta>({
    key: `LogicalName='${PA.logicalName}'`,
    select: ['LogicalName', 'SchemaName', 'EntitySetName', 'PrimaryIdAttribute', 'PrimaryNameAttribute', 'DisplayName'],
    expand: [
      { property: 'Attributes', select: ['LogicalName', 'AttributeType', 'MaxLength', 'IsSecured', 'RequiredLevel'] },
      { property: 'Keys' },
      { property: 'ManyToOneRelationships' },
    ],
  });
  expect(entity).toMatchObject({
    LogicalName: PA.logicalName,
    SchemaName: PA.schemaName,
    EntitySetName: PA.entitySetName,
    PrimaryIdAttribute: PA.col.id,
    PrimaryNameAttribute: PA.col.name,
    DisplayName: { UserLocalizedLabel: { Label: PA.displayName, LanguageCode: 1033 } },
  });
  const name = (entity.Attributes as Meta[]).find((a) => a.LogicalName === PA.col.name)!;
  expect(name).toMatchObject({
    '@odata.type': '#Microsoft.Dynamics.CRM.StringAttributeMetadata',
    AttributeType: 'String',
    MaxLength: 400,
    RequiredLevel: { Value: 'ApplicationRequired' },
  });
  expect((entity.Keys as Meta[]).map((k) => k.KeyAttributes)).toEqual(PA.keys.map((k) => k.columns));
  expect(entity.ManyToOneRelationships).toContainEqual(
    expect.objectContaining({
      ReferencingAttribute: PA.col.provider,
      ReferencedEntity: P.logicalName,
      ReferencingEntityNavigationPropertyName: PA.nav.provider,
      CascadeConfiguration: expect.objectContaining({ Delete: 'Restrict' }),
    }),
  );
});

it('retrieveAttributes answers the columns, and the choices through the Picklist cast', async () => {
  const all = await api.retrieveAttributes<Meta>({
    entityKey: `LogicalName='${P.logicalName}'`,
    select: ['LogicalName', 'IsSecured'],
  });
  expect(all.value.find((a) => a.LogicalName === P.col.password)).toMatchObject({ IsSecured: true });
  const picklists = await api.retrieveAttributes<Meta>({
    entityKey: `LogicalName='${P.logicalName}'`,
    castType: 'Microsoft.Dynamics.CRM.PicklistAttributeMetadata',
    select: ['LogicalName'],
    expand: [{ property: 'OptionSet' }, { property: 'GlobalOptionSet', select: ['Name'] }],
  });
  const type = picklists.value.find((a) => a.LogicalName === P.col.providerType)!;
  expect(type.GlobalOptionSet).toMatchObject({ Name: 'w365_providertype' });
  expect((type.OptionSet.Options as Meta[]).map((o) => [o.Value, o.Label.UserLocalizedLabel.Label])).toEqual(
    Choices.providerType.options.map((o) => [o.value, o.label]),
  );
});

it("answers the state and status options of a table and a boolean's labels", async () => {
  const state = await api.retrieveAttributes<Meta>({
    entityKey: `LogicalName='${Tables.licenseChangeLog.logicalName}'`,
    castType: 'Microsoft.Dynamics.CRM.StatusAttributeMetadata',
    expand: [{ property: 'OptionSet' }],
  });
  const labels = (state.value[0].OptionSet.Options as Meta[]).map((o) => o.Label.UserLocalizedLabel.Label);
  expect(labels).toEqual(['Active', 'Archived', 'Inactive']);
  const bool = await api.retrieveAttributes<Meta>({
    entityKey: `LogicalName='${Tables.subscription.logicalName}'`,
    castType: 'Microsoft.Dynamics.CRM.BooleanAttributeMetadata',
    filter: `LogicalName eq '${Tables.subscription.col.isSynced}'`,
    expand: [{ property: 'OptionSet' }],
  });
  expect(bool.value[0].OptionSet.TrueOption.Label.UserLocalizedLabel.Label).toBe('Automatic');
});

it('serves $metadata as CSDL that an OData CSDL reader accepts, with our entity types, keys and navigation properties', async () => {
  const res = await fetch(`${emu.webApiUrl}/$metadata`, { headers: { Authorization: `Bearer ${emu.getToken()}` } });
  expect(res.headers.get('content-type')).toContain('application/xml');
  const json = xml2json(await res.text(), { strict: true }) as Meta;
  const schema = json['Microsoft.Dynamics.CRM'] as Meta;
  const type = schema[P.logicalName] as Meta;
  expect(type).toMatchObject({ $Kind: 'EntityType', $BaseType: 'mscrm.crmbaseentity', $Key: [P.col.id] });
  expect(type[P.col.password]).toBeDefined();
  const account = schema[PA.logicalName] as Meta;
  expect(account[PA.nav.provider]).toMatchObject({ $Kind: 'NavigationProperty', $Type: `mscrm.${P.logicalName}` });
  expect(account[`_${PA.col.provider}_value`]).toMatchObject({ $Type: 'Edm.Guid' });
  expect(schema.System).toMatchObject({ $Kind: 'EntityContainer' });
  expect(schema.System[P.entitySetName]).toMatchObject({ $Type: `mscrm.${P.logicalName}` });
});
