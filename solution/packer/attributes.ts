/**
 * `<attribute>` elements. The shape of each type is copied from real exports: Microsoft's UpsertSample
 * (nvarchar, int, datetime, lookup, owner, state, status, primarykey) and the Tactec CrmLive export
 * (custom lookup); the rest is marked [I] where it is ours. Element order follows those exports,
 * although the XSD (`xs:all`) accepts any order.
 */
import { PUBLISHER, type BooleanColumn, type ColumnDef, type TableDef } from '../schema';
import { descriptions, displayNames } from './labels';
import type { ManagedPolicy } from './managed';
import { booleanOptionSet, stateOptionSet, statusOptionSet } from './optionsets';
import { el, leaf, text, type Child, type XmlElement } from './xml';

export interface AttributeContext {
  readonly table: TableDef;
  readonly version: string;
  readonly policy: ManagedPolicy;
}

/** Physical (schema) names of the platform columns the schema module spells in lower case. */
const PLATFORM_PHYSICAL_NAMES: Readonly<Record<string, string>> = {
  createdon: 'CreatedOn',
  modifiedon: 'ModifiedOn',
  statecode: 'statecode',
  statuscode: 'statuscode',
};

/**
 * Columns Dataverse adds to every table by itself and exports never list in a custom table
 * (`versionnumber` is absent from the UpsertSample export) [I]. The currency lookup, `exchangerate` and
 * the `_base` twin of each money column are exported [C] (Apollo CrmLive export), so they are written.
 */
const NOT_EXPORTED = new Set(['versionnumber']);

const MASK = 'ValidForAdvancedFind|ValidForForm|ValidForGrid';

export function physicalName(table: TableDef, column: ColumnDef): string {
  if (column.type === 'primarykey') return `${table.schemaName}Id`;
  return PLATFORM_PHYSICAL_NAMES[column.logicalName] ?? column.schemaName;
}

function displayMask(table: TableDef, column: ColumnDef): string {
  if (column.type === 'primarykey') return 'ValidForAdvancedFind|RequiredForGrid';
  if (column.logicalName === table.primaryNameAttribute) return `PrimaryName|${MASK}|RequiredForForm`;
  const required = column.required === 'required' || column.required === 'systemrequired';
  return required ? `${MASK}|RequiredForForm` : MASK;
}

function requiredLevel(column: ColumnDef): string {
  if (column.type === 'primarykey' || column.type === 'state') return 'systemrequired';
  return column.required ?? 'none';
}

function imeMode(column: ColumnDef): string {
  if (column.type === 'datetime') return 'inactive';
  if (column.type === 'decimal' || column.type === 'money' || column.type === 'bigint') return 'disabled';
  return 'auto';
}

/** Create / read / update through the API, as the platform decides for each kind of column. */
function validFor(column: ColumnDef): { create: boolean; read: boolean; update: boolean } {
  if (column.systemManaged) return { create: false, read: true, update: false };
  if (column.type === 'primarykey') return { create: true, read: true, update: false };
  if (column.type === 'state') return { create: false, read: true, update: true };
  return { create: true, read: true, update: true };
}

function typeSpecific(column: ColumnDef, ctx: AttributeContext): Child[] {
  const { table, version, policy } = ctx;
  switch (column.type) {
    case 'string':
      return [
        leaf('Format', column.format ?? 'text'),
        leaf('MaxLength', column.maxLength),
        leaf('Length', column.maxLength * 2),
      ];
    case 'memo':
      // [I] exports write multi-line text as ntext with a textarea format.
      return [leaf('Format', 'textarea'), leaf('MaxLength', column.maxLength)];
    case 'integer':
      return [el('Format', {}, [text('')]), leaf('MinValue', column.min), leaf('MaxValue', column.max)];
    case 'bigint':
      return [leaf('MinValue', '-9223372036854775808'), leaf('MaxValue', '9223372036854775807')];
    case 'decimal':
      return [leaf('MinValue', column.min), leaf('MaxValue', column.max), leaf('Accuracy', column.precision)];
    case 'money':
      // AccuracySource 2 (the currency's precision) as real exports write it [C] (Apollo); a base twin
      // names the column it is the base-currency value of.
      return [
        leaf('MinValue', column.min),
        leaf('MaxValue', column.max),
        leaf('Accuracy', column.precision),
        leaf('AccuracySource', 2),
        column.calculationOf !== undefined && leaf('CalculationOf', column.calculationOf),
      ];
    case 'datetime':
      return [
        leaf('Format', column.behavior === 'dateonly' ? 'date' : 'datetime'),
        leaf('CanChangeDateTimeBehavior', false),
        // DateTimeBehavior: 1 UserLocal, 2 DateOnly, 3 TimeZoneIndependent [C] (UpsertSample uses 1).
        leaf('Behavior', column.behavior === 'dateonly' ? 2 : column.behavior === 'timezoneindependent' ? 3 : 1),
      ];
    case 'boolean':
      return [
        leaf('AppDefaultValue', column.defaultValue ? 1 : 0),
        booleanOptionSet(table, column as BooleanColumn, version, policy),
      ];
    case 'choice':
      return [leaf('OptionSetName', column.choice.name), leaf('AppDefaultValue', column.defaultValue ?? -1)];
    case 'state':
      return [stateOptionSet(table, table.states, version, policy)];
    case 'status':
      return [statusOptionSet(table, table.states, version, policy)];
    case 'lookup':
      return [leaf('LookupStyle', 'single'), el('LookupTypes')];
    case 'primarykey':
    case 'uniqueidentifier':
      return [];
  }
}

const CRM_TYPES: Readonly<Record<ColumnDef['type'], string>> = {
  primarykey: 'primarykey',
  string: 'nvarchar',
  memo: 'ntext',
  integer: 'int',
  bigint: 'bigint',
  decimal: 'decimal',
  money: 'money',
  boolean: 'bit',
  datetime: 'datetime',
  choice: 'picklist',
  state: 'state',
  status: 'status',
  uniqueidentifier: 'uniqueidentifier',
  lookup: 'lookup',
};

/**
 * The flags every attribute carries after its ValidFor*Api elements and before its type-specific part,
 * in the XSD's order (the schema is a sequence, so order matters).
 */
function attributeFlags(
  ctx: AttributeContext,
  o: { custom: boolean; audited: boolean; secured: boolean; canModifyRequirementLevel: boolean; fieldSecurity?: Child },
): Child[] {
  return [
    leaf('IsCustomField', o.custom),
    leaf('IsAuditEnabled', o.audited),
    leaf('IsSecured', o.secured),
    leaf('IntroducedVersion', ctx.version),
    leaf('IsCustomizable', ctx.policy.attributeCustomizable),
    leaf('IsRenameable', ctx.policy.attributeRenameable),
    leaf('CanModifySearchSettings', true),
    leaf('CanModifyRequirementLevelSettings', o.canModifyRequirementLevel),
    o.fieldSecurity ?? false,
    leaf('CanModifyAdditionalSettings', true),
    leaf('SourceType', 0),
  ];
}

export function attributeXml(column: ColumnDef, ctx: AttributeContext): XmlElement {
  const { table, policy } = ctx;
  const api = validFor(column);
  // Columns of our publisher are custom fields; the platform's (primary key, state, currency) are not.
  const custom = column.logicalName.startsWith(`${PUBLISHER.prefix}_`) && column.type !== 'primarykey';
  // A secured column's value is a secret: auditing it would copy each old and new secret into the audit
  // log, which every auditor can read [C] (review C5).
  const audited = !column.systemManaged && !column.secured;
  return el('attribute', { PhysicalName: physicalName(table, column) }, [
    leaf('Type', CRM_TYPES[column.type]),
    leaf('Name', column.logicalName),
    leaf('LogicalName', column.logicalName),
    leaf('RequiredLevel', requiredLevel(column)),
    leaf('DisplayMask', displayMask(table, column)),
    leaf('ImeMode', imeMode(column)),
    api.update && leaf('ValidForUpdateApi', true),
    api.read && leaf('ValidForReadApi', true),
    api.create && leaf('ValidForCreateApi', true),
    ...attributeFlags(ctx, {
      custom,
      audited,
      secured: !!column.secured,
      canModifyRequirementLevel: column.type === 'primarykey' ? false : policy.canModifyRequirementLevel,
      fieldSecurity:
        column.secured && leaf('CanModifyFieldLevelSecuritySettings', policy.canModifySecuredColumnSecurity),
    }),
    ...typeSpecific(column, ctx),
    displayNames(column.displayName),
    descriptions(column.description ?? ''),
  ]);
}

/** A platform lookup to a system table (created by, organization...), as the UpsertSample writes it. */
function platformLookup(
  physical: string,
  label: string,
  description: string,
  targetTypeCode: number,
  ctx: AttributeContext,
): XmlElement {
  return el('attribute', { PhysicalName: physical }, [
    leaf('Type', 'lookup'),
    leaf('Name', physical.toLowerCase()),
    leaf('LogicalName', physical.toLowerCase()),
    leaf('RequiredLevel', 'none'),
    leaf('DisplayMask', MASK),
    leaf('ImeMode', 'auto'),
    leaf('ValidForReadApi', true),
    ...attributeFlags(ctx, {
      custom: false,
      audited: false,
      secured: false,
      canModifyRequirementLevel: ctx.policy.canModifyRequirementLevel,
    }),
    leaf('ReferencedEntityObjectTypeCode', targetTypeCode),
    leaf('LookupStyle', 'single'),
    el('LookupTypes'),
    displayNames(label),
    descriptions(description),
  ]);
}

function platformInteger(
  physical: string,
  label: string,
  description: string,
  min: number,
  ctx: AttributeContext,
  createOnly = false,
): XmlElement {
  return el('attribute', { PhysicalName: physical }, [
    leaf('Type', 'int'),
    leaf('Name', physical.toLowerCase()),
    leaf('LogicalName', physical.toLowerCase()),
    leaf('RequiredLevel', 'none'),
    leaf('ImeMode', 'disabled'),
    !createOnly && leaf('ValidForUpdateApi', true),
    leaf('ValidForReadApi', true),
    leaf('ValidForCreateApi', true),
    ...attributeFlags(ctx, {
      custom: false,
      audited: false,
      secured: false,
      canModifyRequirementLevel: ctx.policy.canModifyRequirementLevel,
    }),
    el('Format', {}, [text('')]),
    leaf('MinValue', min),
    leaf('MaxValue', 2147483647),
    displayNames(label),
    descriptions(description),
  ]);
}

/** Object type codes of the system tables platform lookups point at [C] (UpsertSample: 8, 10). */
const SYSTEM_USER_OTC = 8;
const ORGANIZATION_OTC = 1019;

/**
 * The platform columns of an organization-owned custom table that the schema module does not model
 * (it models only what our code reads or writes). The UpsertSample (user-owned) export lists the same
 * set with owner/business unit columns instead of `organizationid` [I for the org-owned variant].
 */
export function platformAttributes(ctx: AttributeContext): XmlElement[] {
  const ownership = ctx.table.ownership;
  return [
    platformLookup(
      'CreatedBy',
      'Created By',
      'Unique identifier of the user who created the record.',
      SYSTEM_USER_OTC,
      ctx,
    ),
    platformLookup(
      'CreatedOnBehalfBy',
      'Created By (Delegate)',
      'Unique identifier of the delegate user who created the record.',
      SYSTEM_USER_OTC,
      ctx,
    ),
    platformInteger(
      'ImportSequenceNumber',
      'Import Sequence Number',
      'Sequence number of the import that created this record.',
      -2147483648,
      ctx,
      true,
    ),
    platformLookup(
      'ModifiedBy',
      'Modified By',
      'Unique identifier of the user who modified the record.',
      SYSTEM_USER_OTC,
      ctx,
    ),
    platformLookup(
      'ModifiedOnBehalfBy',
      'Modified By (Delegate)',
      'Unique identifier of the delegate user who modified the record.',
      SYSTEM_USER_OTC,
      ctx,
    ),
    ownership === 'organization' &&
      platformLookup(
        'OrganizationId',
        'Organization Id',
        'Unique identifier for the organization',
        ORGANIZATION_OTC,
        ctx,
      ),
    el('attribute', { PhysicalName: 'OverriddenCreatedOn' }, [
      leaf('Type', 'datetime'),
      leaf('Name', 'overriddencreatedon'),
      leaf('LogicalName', 'overriddencreatedon'),
      leaf('RequiredLevel', 'none'),
      leaf('DisplayMask', 'ValidForAdvancedFind|ValidForGrid'),
      leaf('ImeMode', 'inactive'),
      leaf('ValidForReadApi', true),
      leaf('ValidForCreateApi', true),
      ...attributeFlags(ctx, {
        custom: false,
        audited: true,
        secured: false,
        canModifyRequirementLevel: ctx.policy.canModifyRequirementLevel,
      }),
      leaf('Format', 'date'),
      leaf('CanChangeDateTimeBehavior', false),
      leaf('Behavior', 1),
      displayNames('Record Created On'),
      descriptions('Date and time that the record was migrated.'),
    ]),
    platformInteger('TimeZoneRuleVersionNumber', 'Time Zone Rule Version Number', 'For internal use only.', -1, ctx),
    platformInteger(
      'UTCConversionTimeZoneCode',
      'UTC Conversion Time Zone Code',
      'Time zone code that was in use when the record was created.',
      -1,
      ctx,
    ),
  ].filter((x): x is XmlElement => !!x);
}

/** The `<attributes>` of a table: for ours every column; for Microsoft's only the ones we add. */
export function attributesXml(ctx: AttributeContext, ownsColumn: (column: ColumnDef) => boolean): XmlElement {
  const own = ctx.table.columns
    .filter((c) => ownsColumn(c) && !NOT_EXPORTED.has(c.logicalName))
    .map((c) => attributeXml(c, ctx));
  const all = ctx.table.standard ? own : [...own, ...platformAttributes(ctx)];
  const name = (e: XmlElement) => (e.attrs.find(([k]) => k === 'PhysicalName')?.[1] ?? '').toLowerCase();
  return el(
    'attributes',
    {},
    [...all].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0)),
  );
}
