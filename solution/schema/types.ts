/**
 * Types of the schema-as-code definitions. Every table, column, choice, key and relationship of the
 * product is a value of these types (see `./tables/`); the packer turns them into customizations.xml
 * (which the Dataverse emulator imports, as an environment does), and all other code imports names from here.
 */

/**
 * `required` is Dataverse's ApplicationRequired: forms enforce it, the Web API does not.
 * `systemrequired` is enforced by the platform on create (only standard tables use it).
 */
export type RequiredLevel = 'none' | 'recommended' | 'required' | 'systemrequired';

/** One option of a choice (option set). */
export interface ChoiceOption {
  value: number;
  label: string;
  /** Identifier-like name used in code (`Choices.providerType.Automatic`). */
  name: string;
}

export interface ChoiceDef {
  /** Logical name of the (local) option set, e.g. `w365_providertype`. */
  name: string;
  displayName: string;
  options: readonly ChoiceOption[];
}

/** A state (statecode) with the status reasons (statuscode) that belong to it. */
export interface StateDef {
  value: number;
  label: string;
  invariantName: string;
  defaultStatus: number;
  statuses: readonly { value: number; label: string }[];
}

interface ColumnCommon {
  logicalName: string;
  schemaName: string;
  displayName: string;
  description?: string;
  required?: RequiredLevel;
  /** Field security (column security profile) applies: never readable without a profile granting read. */
  secured?: boolean;
  /** Written by the platform only (createdon, versionnumber, ...). */
  systemManaged?: boolean;
  /** Write-only column: accepted on create/update, never returned (serviceendpoint.authvalue). */
  writeOnly?: boolean;
}

export interface PrimaryKeyColumn extends ColumnCommon {
  type: 'primarykey';
}
export interface StringColumn extends ColumnCommon {
  type: 'string';
  maxLength: number;
  format?: 'text' | 'email' | 'url' | 'phone';
}
export interface MemoColumn extends ColumnCommon {
  type: 'memo';
  maxLength: number;
}
export interface IntegerColumn extends ColumnCommon {
  type: 'integer';
  min: number;
  max: number;
}
export interface BigIntColumn extends ColumnCommon {
  type: 'bigint';
}
export interface DecimalColumn extends ColumnCommon {
  type: 'decimal';
  precision: number;
  min: number;
  max: number;
}
export interface MoneyColumn extends ColumnCommon {
  type: 'money';
  precision: number;
  min: number;
  max: number;
  /**
   * The money column this one is the base-currency value of (`w365_unitprice_base` of `w365_UnitPrice`,
   * by SchemaName). The platform adds one to every money column and keeps it itself.
   */
  calculationOf?: string;
}
export interface BooleanColumn extends ColumnCommon {
  type: 'boolean';
  trueLabel: string;
  falseLabel: string;
  defaultValue: boolean;
}
export interface DateTimeColumn extends ColumnCommon {
  type: 'datetime';
  /** `dateonly` columns carry no time and no time zone (Dataverse DateOnly behaviour). */
  behavior: 'userlocal' | 'dateonly' | 'timezoneindependent';
}
export interface ChoiceColumn extends ColumnCommon {
  type: 'choice';
  choice: ChoiceDef;
  defaultValue?: number;
}
export interface StateColumn extends ColumnCommon {
  type: 'state';
}
export interface StatusColumn extends ColumnCommon {
  type: 'status';
}
export interface UniqueIdentifierColumn extends ColumnCommon {
  type: 'uniqueidentifier';
}
export interface LookupTarget {
  /** Logical name of the referenced table. */
  table: string;
  /**
   * Single-valued navigation property used in `@odata.bind` and `$expand`. For custom lookups
   * Dataverse names it after the lookup's SchemaName (case-sensitive: `w365_ProviderId`), for
   * standard ones it is usually the logical name (`parentaccountid`).
   */
  navigationProperty: string;
  /** One-to-many relationship schema name; also the collection-valued navigation property on the target. */
  relationshipName: string;
}
/** What deleting the referenced row does to the rows that point at it (Dataverse's CascadeDelete). */
export type CascadeDelete = 'Cascade' | 'RemoveLink' | 'Restrict';

export interface LookupColumn extends ColumnCommon {
  type: 'lookup';
  targets: readonly LookupTarget[];
  /** Default: Restrict for a required lookup, RemoveLink otherwise. */
  cascadeDelete?: CascadeDelete;
}

export type ColumnDef =
  | PrimaryKeyColumn
  | StringColumn
  | MemoColumn
  | IntegerColumn
  | BigIntColumn
  | DecimalColumn
  | MoneyColumn
  | BooleanColumn
  | DateTimeColumn
  | ChoiceColumn
  | StateColumn
  | StatusColumn
  | UniqueIdentifierColumn
  | LookupColumn;

export type ColumnType = ColumnDef['type'];

export interface KeyDef {
  logicalName: string;
  displayName: string;
  /** Column logical names, in key order. */
  columns: readonly string[];
}

export interface TableDef {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  displayName: string;
  pluralDisplayName: string;
  description: string;
  primaryIdAttribute: string;
  primaryNameAttribute: string;
  ownership: 'organization' | 'user';
  /** A standard (Microsoft) table: the solution only carries the columns we add to it. */
  standard: boolean;
  columns: readonly ColumnDef[];
  keys: readonly KeyDef[];
  states: readonly StateDef[];
  /** Dataverse only answers conditional GETs (304) for tables with optimistic concurrency. */
  optimisticConcurrency: boolean;
  /**
   * Notes (annotations) enabled: the table's rows take note and file attachments (HasRelatedNotes; the
   * platform adds the `<table>_Annotations` relationship to the note's Regarding lookup).
   */
  hasNotes?: boolean;
  /**
   * A standard table that a Microsoft solution other than the platform's own adds (Product, Unit and
   * Unit Group come with Product Management): the solution depends on it and says so.
   */
  providedBy?: string;
}

/** A one-to-many relationship, derived from a lookup column. */
export interface RelationshipDef {
  schemaName: string;
  referencedTable: string;
  referencedAttribute: string;
  referencingTable: string;
  referencingAttribute: string;
  /** Navigation property on the referencing (many) side. */
  referencingNavigationProperty: string;
  /** Collection-valued navigation property on the referenced (one) side. */
  referencedNavigationProperty: string;
  /** Relationships we add to the solution (false for standard-to-standard ones). */
  custom: boolean;
  cascadeDelete: CascadeDelete;
}
