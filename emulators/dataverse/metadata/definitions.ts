/**
 * Table definitions as the Web API's metadata entities answer them [C] (Web API Metadata EntityType
 * reference; "Query table definitions using the Web API"): EntityMetadata, the AttributeMetadata
 * subtypes (with `@odata.type`), EntityKeyMetadata, OneToManyRelationshipMetadata and the option set
 * metadata, labels as `{LocalizedLabels, UserLocalizedLabel}`. MetadataIds are name-based, so they stay
 * the same across restarts. Only the properties integrators read are written; others are [I] absent.
 */
import { stableGuid } from '../store/ids';
import type { Catalog, ChoiceDef, ColumnDef, KeyDef, RelationshipDef, StateDef, TableDef } from './types';

export type Json = Record<string, unknown>;

export const metadataId = (kind: string, name: string): string => stableGuid(`metadata:${kind}:${name}`);

export function label(text: string | undefined, id: string, managed: boolean): Json {
  if (!text) return { LocalizedLabels: [], UserLocalizedLabel: null };
  const l = { Label: text, LanguageCode: 1033, IsManaged: managed, MetadataId: id, HasChanged: null };
  return { LocalizedLabels: [l], UserLocalizedLabel: l };
}

/** Is the table (or the solution that brought a component) managed in this environment? */
export function isManaged(catalog: Catalog, solution: string | undefined): boolean {
  return catalog.solutions.find((s) => s.uniqueName === solution)?.managed ?? true;
}

const TYPES: Record<ColumnDef['type'], [string, string]> = {
  primarykey: ['Uniqueidentifier', 'UniqueIdentifierAttributeMetadata'],
  string: ['String', 'StringAttributeMetadata'],
  memo: ['Memo', 'MemoAttributeMetadata'],
  integer: ['Integer', 'IntegerAttributeMetadata'],
  bigint: ['BigInt', 'BigIntAttributeMetadata'],
  decimal: ['Decimal', 'DecimalAttributeMetadata'],
  money: ['Money', 'MoneyAttributeMetadata'],
  boolean: ['Boolean', 'BooleanAttributeMetadata'],
  datetime: ['DateTime', 'DateTimeAttributeMetadata'],
  choice: ['Picklist', 'PicklistAttributeMetadata'],
  state: ['State', 'StateAttributeMetadata'],
  status: ['Status', 'StatusAttributeMetadata'],
  uniqueidentifier: ['Uniqueidentifier', 'UniqueIdentifierAttributeMetadata'],
  lookup: ['Lookup', 'LookupAttributeMetadata'],
};

/** The cast segment's type name (`PicklistAttributeMetadata`) of a column. */
export const attributeMetadataType = (c: ColumnDef): string => TYPES[c.type][1];

const REQUIRED: Record<string, string> = {
  none: 'None',
  recommended: 'Recommended',
  required: 'ApplicationRequired',
  systemrequired: 'SystemRequired',
};
const FORMATS: Record<string, string> = { text: 'Text', email: 'Email', url: 'Url', phone: 'Phone' };
const BEHAVIOR: Record<string, string> = {
  userlocal: 'UserLocal',
  dateonly: 'DateOnly',
  timezoneindependent: 'TimeZoneIndependent',
};

function typeSpecific(c: ColumnDef): Json {
  switch (c.type) {
    case 'string': {
      const format = FORMATS[c.format ?? 'text'];
      return { MaxLength: c.maxLength, DatabaseLength: c.maxLength * 2, Format: format, FormatName: { Value: format } };
    }
    case 'memo':
      return { MaxLength: c.maxLength, Format: 'TextArea', FormatName: { Value: 'TextArea' } };
    case 'integer':
      return { MinValue: c.min, MaxValue: c.max, Format: 'None' };
    case 'bigint':
      return { MinValue: -9223372036854775808, MaxValue: 9223372036854775807 };
    case 'decimal':
      return { MinValue: c.min, MaxValue: c.max, Precision: c.precision };
    case 'money':
      return {
        MinValue: c.min,
        MaxValue: c.max,
        Precision: c.precision,
        PrecisionSource: 2,
        CalculationOf: c.calculationOf ?? null,
        IsBaseCurrency: c.calculationOf !== undefined,
      };
    case 'boolean':
      return { DefaultValue: c.defaultValue };
    case 'datetime':
      return {
        Format: c.behavior === 'dateonly' ? 'DateOnly' : 'DateAndTime',
        DateTimeBehavior: { Value: BEHAVIOR[c.behavior] },
      };
    case 'choice':
      return { DefaultFormValue: c.defaultValue ?? -1 };
    case 'lookup':
      return { Targets: c.targets.map((t) => t.table) };
    default:
      return {};
  }
}

export function attributeJson(t: TableDef, c: ColumnDef, catalog: Catalog): Json {
  const [type, odataType] = TYPES[c.type];
  const id = metadataId('attribute', `${t.logicalName}.${c.logicalName}`);
  const managed = isManaged(catalog, c.solution ?? t.solution);
  const create = !c.systemManaged && c.type !== 'state';
  return {
    '@odata.type': `#Microsoft.Dynamics.CRM.${odataType}`,
    MetadataId: id,
    LogicalName: c.logicalName,
    SchemaName: c.schemaName,
    EntityLogicalName: t.logicalName,
    AttributeType: type,
    AttributeTypeName: { Value: `${type}Type` },
    DisplayName: label(c.displayName, metadataId('label', `${id}.display`), managed),
    Description: label(c.description, metadataId('label', `${id}.description`), managed),
    RequiredLevel: {
      Value: REQUIRED[c.required ?? (c.type === 'primarykey' ? 'systemrequired' : 'none')],
      CanBeChanged: c.type !== 'primarykey',
      ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
    },
    IsCustomAttribute: c.custom ?? false,
    IsManaged: managed,
    IsPrimaryId: c.type === 'primarykey',
    IsPrimaryName: c.logicalName === t.primaryNameAttribute,
    IsValidForCreate: create,
    IsValidForRead: !c.writeOnly,
    IsValidForUpdate: !c.systemManaged && c.type !== 'primarykey',
    IsSecured: c.secured ?? false,
    IsValidODataAttribute: true,
    IsLogical: false,
    AttributeOf: null,
    ...typeSpecific(c),
  };
}

function optionJson(value: number, text: string, managed: boolean, extra: Json = {}): Json {
  return {
    Value: value,
    Label: label(text, metadataId('option', `${value}.${text}`), managed),
    Description: label('', '', managed),
    Color: null,
    IsManaged: managed,
    ExternalValue: null,
    MetadataId: null,
    HasChanged: null,
    ...extra,
  };
}

export function choiceJson(choice: ChoiceDef, catalog: Catalog): Json {
  const managed = isManaged(catalog, choice.solution);
  return {
    MetadataId: metadataId('optionset', choice.name),
    Name: choice.name,
    IsGlobal: choice.isGlobal ?? false,
    IsManaged: managed,
    IsCustomOptionSet: choice.isGlobal ?? false,
    OptionSetType: 'Picklist',
    DisplayName: label(choice.displayName, metadataId('label', `optionset.${choice.name}`), managed),
    Options: choice.options.map((o) => optionJson(o.value, o.label, managed)),
  };
}

/** The option set a column's `OptionSet` navigation property expands to, if it has one. */
export function optionSetOf(t: TableDef, c: ColumnDef, catalog: Catalog): Json | undefined {
  const managed = isManaged(catalog, t.solution);
  const name = `${t.logicalName}_${c.logicalName}`;
  const base = (type: string, extra: Json) => ({
    MetadataId: metadataId('optionset', name),
    Name: name,
    IsGlobal: false,
    IsManaged: managed,
    OptionSetType: type,
    ...extra,
  });
  switch (c.type) {
    case 'choice':
      return choiceJson(c.choice, catalog);
    case 'boolean':
      return base('Boolean', {
        TrueOption: optionJson(1, c.trueLabel, managed),
        FalseOption: optionJson(0, c.falseLabel, managed),
      });
    case 'state':
      return base('State', {
        Options: t.states.map((s: StateDef) =>
          optionJson(s.value, s.label, managed, { InvariantName: s.invariantName, DefaultStatus: s.defaultStatus }),
        ),
      });
    case 'status':
      return base('Status', {
        Options: t.states.flatMap((s) =>
          s.statuses.map((x) => optionJson(x.value, x.label, managed, { State: s.value })),
        ),
      });
    default:
      return undefined;
  }
}

export function keyJson(t: TableDef, k: KeyDef, catalog: Catalog): Json {
  const id = metadataId('key', `${t.logicalName}.${k.logicalName}`);
  return {
    MetadataId: id,
    LogicalName: k.logicalName,
    SchemaName: k.logicalName,
    EntityLogicalName: t.logicalName,
    DisplayName: label(k.displayName, metadataId('label', `${id}.display`), isManaged(catalog, t.solution)),
    KeyAttributes: [...k.columns],
    EntityKeyIndexStatus: 'Active',
    IsManaged: isManaged(catalog, t.solution),
  };
}

const CASCADE: Record<string, string> = {
  Cascade: 'Cascade',
  RemoveLink: 'RemoveLink',
  Restrict: 'Restrict',
  NoCascade: 'NoCascade',
};

export function relationshipJson(r: RelationshipDef): Json {
  return {
    MetadataId: metadataId('relationship', r.schemaName),
    SchemaName: r.schemaName,
    RelationshipType: 'OneToManyRelationship',
    IsCustomRelationship: r.custom,
    IsHierarchical: false,
    IsValidForAdvancedFind: true,
    SecurityTypes: 'None',
    ReferencedAttribute: r.referencedAttribute,
    ReferencedEntity: r.referencedTable,
    ReferencingAttribute: r.referencingAttribute,
    ReferencingEntity: r.referencingTable,
    ReferencedEntityNavigationPropertyName: r.referencedNavigationProperty,
    ReferencingEntityNavigationPropertyName: r.referencingNavigationProperty,
    CascadeConfiguration: {
      Assign: 'NoCascade',
      Delete: CASCADE[r.cascadeDelete] ?? 'RemoveLink',
      Merge: 'NoCascade',
      Reparent: 'NoCascade',
      Share: 'NoCascade',
      Unshare: 'NoCascade',
      RollupView: 'NoCascade',
    },
  };
}

const OWNERSHIP: Record<TableDef['ownership'], string> = {
  organization: 'OrganizationOwned',
  user: 'UserOwned',
  none: 'None',
};

/** Object type codes of the platform's tables [C] (Dataverse table reference); custom tables get 10000+. */
const PLATFORM_OTC: Readonly<Record<string, number>> = {
  account: 1,
  systemuser: 8,
  transactioncurrency: 9105,
  product: 1024,
  uom: 1055,
  uomschedule: 1056,
  serviceendpoint: 4618,
  sdkmessage: 4606,
  sdkmessagefilter: 4607,
  sdkmessageprocessingstep: 4608,
  solution: 7100,
  asyncoperation: 4700,
  importjob: 4428,
};

export function entityJson(t: TableDef, catalog: Catalog): Json {
  const managed = isManaged(catalog, t.solution);
  const id = metadataId('entity', t.logicalName);
  const custom = catalog.tables.filter((x) => !x.standard).findIndex((x) => x.logicalName === t.logicalName);
  return {
    MetadataId: id,
    LogicalName: t.logicalName,
    SchemaName: t.schemaName,
    EntitySetName: t.entitySetName,
    LogicalCollectionName: t.entitySetName,
    CollectionSchemaName: `${t.schemaName}s`,
    ObjectTypeCode: PLATFORM_OTC[t.logicalName] ?? (custom >= 0 ? 10000 + custom : 0),
    PrimaryIdAttribute: t.primaryIdAttribute,
    PrimaryNameAttribute: t.primaryNameAttribute,
    DisplayName: label(t.displayName, metadataId('label', `${id}.display`), managed),
    DisplayCollectionName: label(t.pluralDisplayName, metadataId('label', `${id}.plural`), managed),
    Description: label(t.description, metadataId('label', `${id}.description`), managed),
    IsCustomEntity: !t.standard,
    IsManaged: managed,
    IsActivity: false,
    IsIntersect: false,
    OwnershipType: OWNERSHIP[t.ownership],
    ChangeTrackingEnabled: !t.standard,
    IsValidForAdvancedFind: true,
    IsCustomizable: { Value: t.customizable, CanBeChanged: false, ManagedPropertyLogicalName: 'iscustomizable' },
    HasChanged: null,
  };
}
