/**
 * Builders for the platform's own tables (the base solutions every environment has before an admin
 * imports anything). They fill in what Dataverse derives: the primary key, createdon/modifiedon/
 * versionnumber, the default Active/Inactive states. Each table also exposes its column names by short
 * name (`Platform.account.col.name`) so the emulator's own code never spells a column twice.
 */
import type {
  BooleanColumn,
  ChoiceColumn,
  ChoiceDef,
  ColumnDef,
  DateTimeColumn,
  DecimalColumn,
  IntegerColumn,
  LookupColumn,
  LookupTarget,
  MemoColumn,
  MoneyColumn,
  RequiredLevel,
  StateDef,
  StringColumn,
  TableDef,
} from '../metadata/types';

interface Common {
  description?: string;
  required?: RequiredLevel;
  systemManaged?: boolean;
  writeOnly?: boolean;
  schemaName?: string;
}

function common(logicalName: string, displayName: string, o: Common = {}) {
  return {
    logicalName,
    schemaName: o.schemaName ?? logicalName,
    displayName,
    custom: false,
    ...(o.description ? { description: o.description } : {}),
    ...(o.required ? { required: o.required } : {}),
    ...(o.systemManaged ? { systemManaged: true } : {}),
    ...(o.writeOnly ? { writeOnly: true } : {}),
  };
}

export const col = {
  string: (
    n: string,
    d: string,
    maxLength: number,
    o: Common & { format?: StringColumn['format'] } = {},
  ): StringColumn => ({
    ...common(n, d, o),
    type: 'string',
    maxLength,
    ...(o.format ? { format: o.format } : {}),
  }),
  memo: (n: string, d: string, maxLength: number, o: Common = {}): MemoColumn => ({
    ...common(n, d, o),
    type: 'memo',
    maxLength,
  }),
  integer: (n: string, d: string, o: Common & { min?: number; max?: number } = {}): IntegerColumn => ({
    ...common(n, d, o),
    type: 'integer',
    min: o.min ?? -2147483648,
    max: o.max ?? 2147483647,
  }),
  decimal: (
    n: string,
    d: string,
    o: Common & { precision?: number; min?: number; max?: number } = {},
  ): DecimalColumn => ({
    ...common(n, d, o),
    type: 'decimal',
    precision: o.precision ?? 2,
    min: o.min ?? -100000000000,
    max: o.max ?? 100000000000,
  }),
  money: (n: string, d: string, o: Common & { min?: number } = {}): MoneyColumn => ({
    ...common(n, d, o),
    type: 'money',
    precision: 4,
    min: o.min ?? -922337203685477,
    max: 922337203685477,
  }),
  boolean: (n: string, d: string, o: Common & { trueLabel?: string; falseLabel?: string } = {}): BooleanColumn => ({
    ...common(n, d, o),
    type: 'boolean',
    trueLabel: o.trueLabel ?? 'Yes',
    falseLabel: o.falseLabel ?? 'No',
    defaultValue: false,
  }),
  datetime: (n: string, d: string, o: Common & { behavior?: DateTimeColumn['behavior'] } = {}): DateTimeColumn => ({
    ...common(n, d, o),
    type: 'datetime',
    behavior: o.behavior ?? 'userlocal',
  }),
  choice: (n: string, d: string, choice: ChoiceDef, o: Common = {}): ChoiceColumn => ({
    ...common(n, d, o),
    type: 'choice',
    choice,
  }),
  lookup: (n: string, d: string, targets: LookupTarget[], o: Common = {}): LookupColumn => ({
    ...common(n, d, o),
    type: 'lookup',
    targets,
  }),
  uniqueidentifier: (n: string, d: string, o: Common = {}): ColumnDef => ({
    ...common(n, d, o),
    type: 'uniqueidentifier',
  }),
};

/** A lookup target: the referenced table, the navigation property, the relationship. */
export const to = (table: string, navigationProperty: string, relationshipName: string): LookupTarget => ({
  table,
  navigationProperty,
  relationshipName,
});

/** A local choice whose members are reachable by name: `choice(...).Webhook === 8`. */
export function choice<const O extends Record<string, readonly [number, string]>>(
  name: string,
  displayName: string,
  options: O,
): ChoiceDef & { readonly [K in keyof O]: number } {
  const list = Object.values(options).map(([value, label]) => ({ value, label }));
  const members = Object.fromEntries(Object.entries(options).map(([k, [v]]) => [k, v])) as { [K in keyof O]: number };
  return { name, displayName, options: list, ...members };
}

export const ACTIVE_INACTIVE: readonly StateDef[] = [
  { value: 0, label: 'Active', invariantName: 'Active', defaultStatus: 1, statuses: [{ value: 1, label: 'Active' }] },
  {
    value: 1,
    label: 'Inactive',
    invariantName: 'Inactive',
    defaultStatus: 2,
    statuses: [{ value: 2, label: 'Inactive' }],
  },
];

type ColumnMap = Record<string, ColumnDef>;

export interface PlatformTableSpec<C extends ColumnMap> {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  displayName: string;
  pluralDisplayName: string;
  description: string;
  primaryName: keyof C & string;
  columns: C;
  states?: readonly StateDef[];
  ownership?: TableDef['ownership'];
  optimisticConcurrency?: boolean;
  /** The base solution the table comes with. */
  solution: string;
}

export type PlatformTable<C extends ColumnMap> = TableDef & {
  col: { readonly [K in keyof C]: string } & {
    id: string;
    createdOn: string;
    modifiedOn: string;
    versionNumber: string;
    stateCode: string;
    statusCode: string;
  };
  val: { readonly [K in keyof C]: string };
  nav: { readonly [K in keyof C]: string };
};

function systemColumns(spec: { displayName: string }, id: string, states: readonly StateDef[]): ColumnDef[] {
  const out: ColumnDef[] = [
    { ...common(id, spec.displayName, { description: 'Unique identifier for entity instances' }), type: 'primarykey' },
    col.datetime('createdon', 'Created On', { systemManaged: true, schemaName: 'CreatedOn' }),
    col.datetime('modifiedon', 'Modified On', { systemManaged: true, schemaName: 'ModifiedOn' }),
    {
      ...common('versionnumber', 'Version Number', { systemManaged: true, schemaName: 'VersionNumber' }),
      type: 'bigint',
    },
  ];
  if (states.length > 0) {
    out.push({ ...common('statecode', 'Status', { description: `Status of the ${spec.displayName}` }), type: 'state' });
    out.push({
      ...common('statuscode', 'Status Reason', { description: `Reason for the status of the ${spec.displayName}` }),
      type: 'status',
    });
  }
  return out;
}

export function platformTable<C extends ColumnMap>(spec: PlatformTableSpec<C>): PlatformTable<C> {
  const id = `${spec.logicalName}id`;
  const states = spec.states ?? ACTIVE_INACTIVE;
  const colNames: Record<string, string> = {
    id,
    createdOn: 'createdon',
    modifiedOn: 'modifiedon',
    versionNumber: 'versionnumber',
    stateCode: 'statecode',
    statusCode: 'statuscode',
  };
  const val: Record<string, string> = {};
  const nav: Record<string, string> = {};
  for (const [short, c] of Object.entries(spec.columns)) {
    colNames[short] = c.logicalName;
    val[short] = c.type === 'lookup' ? `_${c.logicalName}_value` : c.logicalName;
    // A polymorphic lookup whose targets come with imports (a note's Regarding) starts with none.
    if (c.type === 'lookup' && c.targets[0]) nav[short] = c.targets[0].navigationProperty;
  }
  return {
    logicalName: spec.logicalName,
    schemaName: spec.schemaName,
    entitySetName: spec.entitySetName,
    displayName: spec.displayName,
    pluralDisplayName: spec.pluralDisplayName,
    description: spec.description,
    primaryIdAttribute: id,
    primaryNameAttribute: spec.columns[spec.primaryName].logicalName,
    ownership: spec.ownership ?? 'organization',
    standard: true,
    columns: [...systemColumns(spec, id, states), ...Object.values(spec.columns)],
    keys: [],
    states,
    optimisticConcurrency: spec.optimisticConcurrency ?? true,
    solution: spec.solution,
    customizable: true,
    col: colNames as PlatformTable<C>['col'],
    val: val as PlatformTable<C>['val'],
    nav: nav as PlatformTable<C>['nav'],
  };
}
