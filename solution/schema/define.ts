/**
 * Small builders that keep the table files readable. They only fill in what Dataverse derives
 * (schema names, the primary key, system columns, the default Active/Inactive states); they do not
 * validate: `validate.ts` does, so a mistake is reported with a name rather than thrown half-built.
 */
import type {
  BooleanColumn,
  ChoiceColumn,
  ChoiceDef,
  ChoiceOption,
  ColumnDef,
  DateTimeColumn,
  DecimalColumn,
  IntegerColumn,
  KeyDef,
  CascadeDelete,
  LookupColumn,
  LookupTarget,
  MemoColumn,
  MoneyColumn,
  RequiredLevel,
  StateDef,
  StringColumn,
  TableDef,
} from './types';

export const PUBLISHER_PREFIX = 'w365';
/** Publisher option value prefix: our choice values are 365_000_000 + n. */
export const OPTION_VALUE_PREFIX = 36500;
export const optionValue = (n: number): number => OPTION_VALUE_PREFIX * 10000 + n;

interface Common {
  description?: string;
  required?: RequiredLevel;
  secured?: boolean;
  schemaName?: string;
  systemManaged?: boolean;
  writeOnly?: boolean;
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The SchemaName Dataverse's maker tools would give a `w365_` name: the publisher prefix, then every
 * word of the display name capitalised (`w365_internalname` + "Internal Name" -> `w365_InternalName`).
 * The words are matched against the logical name, so a display word the name does not carry is skipped
 * ("Microsoft Tenant Id" -> `w365_TenantId`) and what is left at the end is one more word ("Last Account
 * Sync" for `w365_lastaccountsyncon` -> `w365_LastAccountSyncOn`). A SchemaName cannot change after the
 * first install, so a name the display words do not describe gets an explicit `schemaName` instead.
 * Standard (Microsoft) names stay as they are.
 */
export function defaultSchemaName(logicalName: string, displayName: string): string {
  const m = /^([a-z0-9]+)_(.+)$/.exec(logicalName);
  if (!m || m[1] !== PUBLISHER_PREFIX) return logicalName;
  const rest = m[2];
  let pos = 0;
  let out = '';
  for (const word of displayName
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)) {
    if (!rest.startsWith(word, pos)) continue;
    out += capitalise(word);
    pos += word.length;
  }
  return `${m[1]}_${out}${capitalise(rest.slice(pos))}`;
}

function common(logicalName: string, displayName: string, o: Common = {}) {
  return {
    logicalName,
    schemaName: o.schemaName ?? defaultSchemaName(logicalName, displayName),
    displayName,
    ...(o.description ? { description: o.description } : {}),
    ...(o.required ? { required: o.required } : {}),
    ...(o.secured ? { secured: true } : {}),
    ...(o.systemManaged ? { systemManaged: true } : {}),
    ...(o.writeOnly ? { writeOnly: true } : {}),
  };
}

export const col = {
  string: (
    logicalName: string,
    displayName: string,
    maxLength: number,
    o: Common & { format?: StringColumn['format'] } = {},
  ): StringColumn => ({
    ...common(logicalName, displayName, o),
    type: 'string',
    maxLength,
    ...(o.format ? { format: o.format } : {}),
  }),
  memo: (logicalName: string, displayName: string, maxLength: number, o: Common = {}): MemoColumn => ({
    ...common(logicalName, displayName, o),
    type: 'memo',
    maxLength,
  }),
  integer: (
    logicalName: string,
    displayName: string,
    o: Common & { min?: number; max?: number } = {},
  ): IntegerColumn => ({
    ...common(logicalName, displayName, o),
    type: 'integer',
    min: o.min ?? -2147483648,
    max: o.max ?? 2147483647,
  }),
  decimal: (
    logicalName: string,
    displayName: string,
    o: Common & { precision?: number; min?: number; max?: number } = {},
  ): DecimalColumn => ({
    ...common(logicalName, displayName, o),
    type: 'decimal',
    precision: o.precision ?? 2,
    min: o.min ?? -100000000000,
    max: o.max ?? 100000000000,
  }),
  money: (
    logicalName: string,
    displayName: string,
    o: Common & { precision?: number; min?: number; max?: number } = {},
  ): MoneyColumn => ({
    ...common(logicalName, displayName, o),
    type: 'money',
    precision: o.precision ?? 4,
    min: o.min ?? -922337203685477,
    max: o.max ?? 922337203685477,
  }),
  boolean: (
    logicalName: string,
    displayName: string,
    o: Common & { trueLabel?: string; falseLabel?: string; defaultValue?: boolean } = {},
  ): BooleanColumn => ({
    ...common(logicalName, displayName, o),
    type: 'boolean',
    trueLabel: o.trueLabel ?? 'Yes',
    falseLabel: o.falseLabel ?? 'No',
    defaultValue: o.defaultValue ?? false,
  }),
  datetime: (
    logicalName: string,
    displayName: string,
    o: Common & { behavior?: DateTimeColumn['behavior'] } = {},
  ): DateTimeColumn => ({
    ...common(logicalName, displayName, o),
    type: 'datetime',
    behavior: o.behavior ?? 'userlocal',
  }),
  choice: (
    logicalName: string,
    displayName: string,
    choice: ChoiceDef,
    o: Common & { defaultValue?: number } = {},
  ): ChoiceColumn => ({
    ...common(logicalName, displayName, o),
    type: 'choice',
    choice,
    ...(o.defaultValue !== undefined ? { defaultValue: o.defaultValue } : {}),
  }),
  lookup: (logicalName: string, displayName: string, targets: LookupTarget[], o: Common = {}): LookupColumn => ({
    ...common(logicalName, displayName, o),
    type: 'lookup',
    targets,
  }),
  uniqueidentifier: (logicalName: string, displayName: string, o: Common = {}): ColumnDef => ({
    ...common(logicalName, displayName, o),
    type: 'uniqueidentifier',
  }),
};

/**
 * A custom lookup: the navigation property is the lookup's SchemaName, as Dataverse names it.
 * `relationshipName` is the one-to-many relationship (and the collection navigation property on `table`).
 */
export function customLookup(
  logicalName: string,
  schemaName: string,
  displayName: string,
  table: string,
  relationshipName: string,
  o: Common & { cascadeDelete?: CascadeDelete } = {},
): LookupColumn {
  const { cascadeDelete, ...rest } = o;
  const lookup = col.lookup(logicalName, displayName, [{ table, navigationProperty: schemaName, relationshipName }], {
    ...rest,
    schemaName,
  });
  return cascadeDelete ? { ...lookup, cascadeDelete } : lookup;
}

/**
 * The currency lookup of a table with money columns. Dataverse creates it itself, with the money
 * columns' base-currency twins and `exchangerate`, and names its relationship
 * `TransactionCurrency_<table SchemaName>` [C] (Apollo CrmLive export: `TransactionCurrency_apollo_ApolloInvoice`).
 */
export function currencyLookup(tableSchemaName: string): LookupColumn {
  return customLookup(
    'transactioncurrencyid',
    'TransactionCurrencyId',
    'Currency',
    'transactioncurrency',
    `TransactionCurrency_${tableSchemaName}`,
    { description: 'Unique identifier of the currency associated with the entity.' },
  );
}

/** Build a choice whose members are reachable by name: `defineChoice(...).Automatic === 365000000`. */
export function defineChoice<const O extends Record<string, readonly [number, string]>>(
  name: string,
  displayName: string,
  options: O,
): ChoiceDef & { readonly [K in keyof O]: number } & {
  label(value: number | null | undefined): string;
} {
  const list: ChoiceOption[] = Object.entries(options).map(([key, [value, label]]) => ({ name: key, value, label }));
  const byValue = new Map(list.map((o) => [o.value, o.label]));
  const members = Object.fromEntries(list.map((o) => [o.name, o.value])) as { [K in keyof O]: number };
  return {
    name,
    displayName,
    options: list,
    ...members,
    label: (value: number | null | undefined) => (value == null ? '' : (byValue.get(value) ?? String(value))),
  };
}

export const DEFAULT_STATES: readonly StateDef[] = [
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

export interface TableSpec<C extends ColumnMap> {
  logicalName: string;
  schemaName?: string;
  entitySetName: string;
  displayName: string;
  pluralDisplayName: string;
  description: string;
  /** Short name (key of `columns`) of the primary name column. */
  primaryName: keyof C & string;
  columns: C;
  keys?: { logicalName: string; displayName: string; columns: (keyof C & string)[] }[];
  states?: readonly StateDef[];
  ownership?: 'organization' | 'user';
  standard?: boolean;
  primaryIdAttribute?: string;
  /** Standard tables spell out their system columns themselves. */
  omitSystemColumns?: boolean;
  optimisticConcurrency?: boolean;
  /** Notes (annotations) enabled (see TableDef.hasNotes). */
  hasNotes?: boolean;
  /** Standard tables another Microsoft solution adds (see TableDef.providedBy). */
  providedBy?: string;
}

export interface SystemColumnNames {
  id: string;
  createdOn: string;
  modifiedOn: string;
  stateCode: string;
  statusCode: string;
  versionNumber: string;
}

export type Table<C extends ColumnMap> = TableDef & {
  /** Logical names by short name: `Tables.provider.col.internalName === 'w365_internalname'`. */
  col: { readonly [K in keyof C]: string } & SystemColumnNames;
  /** Lookup read names: `_w365_providerid_value`. */
  val: { readonly [K in keyof C]: string };
  /** Single-valued navigation property names, for `@odata.bind` and `$expand` (lookups only). */
  nav: { readonly [K in keyof C]: string };
};

function systemColumns(displayName: string, primaryIdAttribute: string, states: readonly StateDef[]): ColumnDef[] {
  return [
    // Dataverse labels a table's primary key with the table's display name [C] (real exports).
    {
      logicalName: primaryIdAttribute,
      schemaName: primaryIdAttribute,
      displayName,
      description: 'Unique identifier for entity instances',
      type: 'primarykey',
    },
    col.datetime('createdon', 'Created On', { systemManaged: true }),
    col.datetime('modifiedon', 'Modified On', { systemManaged: true }),
    { ...col.integer('versionnumber', 'Version Number', { systemManaged: true }), type: 'bigint' },
    {
      logicalName: 'statecode',
      schemaName: 'statecode',
      displayName: 'Status',
      type: 'state',
      description: `Status of the ${displayName}`,
    },
    {
      logicalName: 'statuscode',
      schemaName: 'statuscode',
      displayName: 'Status Reason',
      type: 'status',
      description: `Reason for the status of the ${displayName}`,
    },
  ].filter((c) => states.length > 0 || (c.type !== 'state' && c.type !== 'status')) as ColumnDef[];
}

/**
 * What Dataverse adds beside money columns [C] (Apollo CrmLive export): a base-currency twin of each
 * (`<column>_base`, SchemaName `<Column>_Base`, calculated by the platform) and `exchangerate`.
 */
function moneyCompanions(own: readonly ColumnDef[]): ColumnDef[] {
  const money = own.filter((c): c is MoneyColumn => c.type === 'money' && c.calculationOf === undefined);
  if (money.length === 0) return [];
  const twins: ColumnDef[] = money.map((m) => ({
    // The twin's SchemaName is the money column's logical name plus `_Base` [C] (`apollo_totalamount_Base`).
    ...col.money(`${m.logicalName}_base`, `${m.displayName} (Base)`, {
      schemaName: `${m.logicalName}_Base`,
      description: `Value of the ${m.displayName} in base currency.`,
      systemManaged: true,
      precision: m.precision,
      min: m.min,
      max: m.max,
    }),
    calculationOf: m.schemaName,
  }));
  const rate = col.decimal('exchangerate', 'Exchange Rate', {
    schemaName: 'ExchangeRate',
    description: 'Exchange rate for the currency associated with the entity with respect to the base currency.',
    systemManaged: true,
    precision: 12,
    min: 0.0000000001,
    max: 100000000000,
  });
  return own.some((c) => c.logicalName === rate.logicalName) ? twins : [...twins, rate];
}

export function defineTable<C extends ColumnMap>(spec: TableSpec<C>): Table<C> {
  const primaryIdAttribute = spec.primaryIdAttribute ?? `${spec.logicalName}id`;
  const states = spec.states ?? DEFAULT_STATES;
  const own = Object.values(spec.columns);
  const columns = spec.omitSystemColumns
    ? own
    : [
        ...systemColumns(spec.displayName, primaryIdAttribute, states),
        ...own,
        ...(spec.standard ? [] : moneyCompanions(own)),
      ];
  const keys: KeyDef[] = (spec.keys ?? []).map((k) => ({
    logicalName: k.logicalName,
    displayName: k.displayName,
    columns: k.columns.map((short) => spec.columns[short]?.logicalName ?? `<unknown column '${short}'>`),
  }));
  const colNames: Record<string, string> = {
    id: primaryIdAttribute,
    createdOn: 'createdon',
    modifiedOn: 'modifiedon',
    stateCode: 'statecode',
    statusCode: 'statuscode',
    versionNumber: 'versionnumber',
  };
  const val: Record<string, string> = {};
  const nav: Record<string, string> = {};
  for (const [short, c] of Object.entries(spec.columns)) {
    colNames[short] = c.logicalName;
    val[short] = c.type === 'lookup' ? `_${c.logicalName}_value` : c.logicalName;
    if (c.type === 'lookup' && c.targets.length > 0) nav[short] = c.targets[0].navigationProperty;
  }
  return {
    logicalName: spec.logicalName,
    schemaName: spec.schemaName ?? defaultSchemaName(spec.logicalName, spec.displayName),
    entitySetName: spec.entitySetName,
    displayName: spec.displayName,
    pluralDisplayName: spec.pluralDisplayName,
    description: spec.description,
    primaryIdAttribute,
    primaryNameAttribute: spec.columns[spec.primaryName]?.logicalName ?? String(spec.primaryName),
    ownership: spec.ownership ?? 'organization',
    standard: spec.standard ?? false,
    columns,
    keys,
    states,
    optimisticConcurrency: spec.optimisticConcurrency ?? true,
    ...(spec.providedBy ? { providedBy: spec.providedBy } : {}),
    ...(spec.hasNotes ? { hasNotes: true } : {}),
    col: colNames as Table<C>['col'],
    val: val as Table<C>['val'],
    nav: nav as Table<C>['nav'],
  };
}
