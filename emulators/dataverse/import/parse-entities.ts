/**
 * customizations.xml `<Entities>`: each table with its attributes, keys and states, as Dataverse reads
 * them at import. Attribute types follow the export's `<Type>` (nvarchar, ntext, int, bigint, decimal,
 * money, bit, datetime, picklist, state, status, lookup, primarykey, uniqueidentifier) [C]; lookups get
 * their targets from `<EntityRelationships>` afterwards (parse-components.ts), choices their options from
 * the global option sets.
 */
import type { ColumnDef, KeyDef, RequiredLevel, StateDef } from '../metadata/types';
import { ImportErrors } from './errors';
import { attr, flag, kid, kids, label, num, txt, type XNode } from './xml';

/** An attribute as read: a column, or a choice/lookup still to be resolved. */
export type ParsedAttribute = ColumnDef & {
  /** Global option set a picklist names (resolved against `<optionsets>` and the environment). */
  optionSetName?: string;
};

export interface ParsedEntity {
  logicalName: string;
  schemaName: string;
  /** The file defines the table (its primary key and settings), not only columns added to it. */
  full: boolean;
  entitySetName?: string;
  displayName: string;
  pluralDisplayName: string;
  description: string;
  ownership: 'organization' | 'user';
  customizable: boolean;
  /** Notes enabled (HasRelatedNotes): the import gives the note's Regarding a target for this table. */
  hasNotes: boolean;
  /** The attribute whose DisplayMask says PrimaryName [C] (exports). */
  primaryNameAttribute?: string;
  attributes: ParsedAttribute[];
  keys: KeyDef[];
  states: StateDef[];
}

/**
 * Platform audit and ownership columns an export lists in every custom table. The emulator does not
 * model record ownership, delegates or import stamps, so it leaves them out of its tables [I]: reads
 * do not return `_createdby_value` and friends, which the product never reads.
 */
const NOT_MODELLED = new Set([
  'createdby',
  'createdonbehalfby',
  'modifiedby',
  'modifiedonbehalfby',
  'organizationid',
  'ownerid',
  'owningbusinessunit',
  'owninguser',
  'owningteam',
  'importsequencenumber',
  'overriddencreatedon',
  'timezoneruleversionnumber',
  'utcconversiontimezonecode',
]);

export const isModelledAttribute = (logicalName: string): boolean => !NOT_MODELLED.has(logicalName);

const REQUIRED: Record<string, RequiredLevel> = {
  none: 'none',
  recommended: 'recommended',
  required: 'required',
  applicationrequired: 'required',
  systemrequired: 'systemrequired',
};

const BEHAVIOR: Record<string, 'userlocal' | 'dateonly' | 'timezoneindependent'> = {
  '1': 'userlocal',
  '2': 'dateonly',
  '3': 'timezoneindependent',
};

function options(optionSet: XNode | undefined): { value: number; label: string }[] {
  return kids(kid(optionSet, 'options'), 'option').map((o) => ({
    value: Number(attr(o, 'value')),
    label: label(o, 'labels', 'label'),
  }));
}

function states(optionSet: XNode | undefined): StateDef[] {
  return kids(kid(optionSet, 'states'), 'state').map((s) => ({
    value: Number(attr(s, 'value')),
    label: label(s, 'labels', 'label'),
    invariantName: attr(s, 'invariantname') ?? label(s, 'labels', 'label'),
    defaultStatus: Number(attr(s, 'defaultstatus')),
    statuses: [],
  }));
}

function withStatuses(list: StateDef[], statusSet: XNode | undefined): StateDef[] {
  const statuses = kids(kid(statusSet, 'statuses'), 'status').map((s) => ({
    value: Number(attr(s, 'value')),
    state: Number(attr(s, 'state')),
    label: label(s, 'labels', 'label'),
  }));
  return list.map((s) => ({
    ...s,
    statuses: statuses.filter((x) => x.state === s.value).map((x) => ({ value: x.value, label: x.label })),
  }));
}

/** Omit over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Specific = DistributiveOmit<ColumnDef, 'logicalName' | 'schemaName' | 'displayName'> & { optionSetName?: string };

function numeric(a: XNode, type: string): Specific | undefined {
  const min = num(a, 'MinValue');
  const max = num(a, 'MaxValue');
  switch (type) {
    case 'int':
      return { type: 'integer', min: min ?? -2147483648, max: max ?? 2147483647 };
    case 'bigint':
      return { type: 'bigint' };
    case 'decimal':
    case 'float':
      return { type: 'decimal', precision: num(a, 'Accuracy') ?? 2, min: min ?? -1e11, max: max ?? 1e11 };
    case 'money': {
      const of = txt(a, 'CalculationOf');
      return {
        type: 'money',
        precision: num(a, 'Accuracy') ?? 2,
        min: min ?? -922337203685477,
        max: max ?? 922337203685477,
        ...(of ? { calculationOf: of.toLowerCase() } : {}),
      };
    }
    default:
      return undefined;
  }
}

function choiceSpecific(a: XNode, logicalName: string): Specific {
  const name = txt(a, 'OptionSetName');
  const local = kid(a, 'optionset');
  const fallback = num(a, 'AppDefaultValue');
  const choice = { name: name ?? attr(local, 'Name') ?? logicalName, displayName: '', options: options(local) };
  return {
    type: 'choice',
    choice,
    ...(name ? { optionSetName: name.toLowerCase() } : {}),
    ...(fallback !== undefined && fallback !== -1 ? { defaultValue: fallback } : {}),
  };
}

/** Type-specific facts of one attribute; undefined for a type the emulator does not store. */
function typeSpecific(a: XNode, type: string, logicalName: string): Specific | undefined {
  switch (type) {
    case 'primarykey':
    case 'state':
    case 'status':
    case 'uniqueidentifier':
      return { type: type === 'primarykey' ? 'primarykey' : type } as Specific;
    case 'nvarchar':
    case 'string': {
      const format = txt(a, 'Format');
      const known = format === 'email' || format === 'url' || format === 'phone' ? format : undefined;
      return { type: 'string', maxLength: num(a, 'MaxLength') ?? 100, ...(known ? { format: known } : {}) };
    }
    case 'ntext':
    case 'memo':
      return { type: 'memo', maxLength: num(a, 'MaxLength') ?? 2000 };
    case 'bit': {
      const opts = options(kid(a, 'optionset'));
      return {
        type: 'boolean',
        trueLabel: opts.find((o) => o.value === 1)?.label ?? 'Yes',
        falseLabel: opts.find((o) => o.value === 0)?.label ?? 'No',
        defaultValue: txt(a, 'AppDefaultValue') === '1',
      };
    }
    case 'datetime':
      return { type: 'datetime', behavior: BEHAVIOR[txt(a, 'Behavior') ?? '1'] ?? 'userlocal' };
    case 'picklist':
      return choiceSpecific(a, logicalName);
    case 'lookup':
      return { type: 'lookup', targets: [] };
    default:
      return numeric(a, type);
  }
}

function parseAttribute(a: XNode, table: string): ParsedAttribute | undefined {
  const logicalName = (txt(a, 'LogicalName') ?? txt(a, 'Name') ?? '').toLowerCase();
  const type = (txt(a, 'Type') ?? '').toLowerCase();
  if (!logicalName || !isModelledAttribute(logicalName)) return undefined;
  const specific = typeSpecific(a, type, logicalName);
  if (!specific)
    throw ImportErrors.generic(`Attribute ${table}.${logicalName} has a type the import does not know: ${type}.`);
  const create = flag(a, 'ValidForCreateApi');
  const update = flag(a, 'ValidForUpdateApi');
  const description = label(a, 'Descriptions', 'Description');
  const required = REQUIRED[(txt(a, 'RequiredLevel') ?? 'none').toLowerCase()] ?? 'none';
  return {
    ...specific,
    logicalName,
    schemaName: attr(a, 'PhysicalName') ?? logicalName,
    displayName: label(a, 'displaynames', 'displayname'),
    ...(description ? { description } : {}),
    ...(required !== 'none' ? { required } : {}),
    ...(flag(a, 'IsSecured') ? { secured: true } : {}),
    ...(!create && !update && specific.type !== 'primarykey' ? { systemManaged: true } : {}),
    custom: flag(a, 'IsCustomField'),
    customizable: flag(a, 'IsCustomizable', true),
  } as ParsedAttribute;
}

function parseKeys(entity: XNode | undefined): KeyDef[] {
  return kids(kid(entity, 'EntityKeys'), 'EntityKey').map((k) => ({
    logicalName: (txt(k, 'LogicalName') ?? txt(k, 'Name') ?? '').toLowerCase(),
    displayName: label(k, 'displaynames', 'displayname'),
    columns: kids(kid(k, 'EntityKeyAttributes'), 'AttributeName').map((n) => n.text.trim().toLowerCase()),
  }));
}

export function parseEntity(outer: XNode): ParsedEntity {
  const schemaName = txt(outer, 'Name') ?? '';
  const logicalName = schemaName.toLowerCase();
  const entity = kid(kid(outer, 'EntityInfo'), 'entity');
  const attributeNodes = kids(kid(entity, 'attributes'), 'attribute');
  const attributes = attributeNodes
    .map((a) => parseAttribute(a, logicalName))
    .filter((a): a is ParsedAttribute => a !== undefined);
  const stateNode = attributeNodes.find((a) => txt(a, 'Type') === 'state');
  const statusNode = attributeNodes.find((a) => txt(a, 'Type') === 'status');
  const full = attributes.some((a) => a.type === 'primarykey');
  const primaryName = attributeNodes.find((x) => (txt(x, 'DisplayMask') ?? '').includes('PrimaryName'));
  return {
    ...(primaryName ? { primaryNameAttribute: (txt(primaryName, 'LogicalName') ?? '').toLowerCase() } : {}),
    logicalName,
    schemaName,
    full,
    ...(txt(entity, 'EntitySetName') ? { entitySetName: txt(entity, 'EntitySetName') } : {}),
    displayName:
      label(entity, 'LocalizedNames', 'LocalizedName') || attr(kid(outer, 'Name'), 'LocalizedName') || schemaName,
    pluralDisplayName: label(entity, 'LocalizedCollectionNames', 'LocalizedCollectionName') || schemaName,
    description: label(entity, 'Descriptions', 'Description'),
    ownership: txt(entity, 'OwnershipTypeMask') === 'UserOwned' ? 'user' : 'organization',
    customizable: flag(entity, 'IsCustomizable', true),
    hasNotes: flag(entity, 'HasRelatedNotes', false),
    attributes,
    keys: parseKeys(entity),
    states: withStatuses(states(kid(stateNode, 'optionset')), kid(statusNode, 'optionset')),
  };
}

export function parseEntities(doc: XNode): ParsedEntity[] {
  return kids(kid(doc, 'Entities'), 'Entity').map(parseEntity);
}
