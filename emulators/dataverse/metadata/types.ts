/**
 * The emulator's metadata: what Dataverse knows about its tables, built from the platform's own base
 * solutions (../platform/) and from the solutions an admin imports (../import/). These are the
 * emulator's types, not the product's: nothing here reads solution/schema, so a wrong fact in the
 * shipped XML reaches every test instead of being papered over by the schema module.
 */

/** Dataverse's AttributeRequiredLevel: `required` is ApplicationRequired (forms), `systemrequired` the platform's. */
export type RequiredLevel = 'none' | 'recommended' | 'required' | 'systemrequired';

export interface ChoiceOption {
  value: number;
  label: string;
}

export interface ChoiceDef {
  /** Option set name (`w365_providertype`, or the attribute's own for a local one). */
  name: string;
  displayName: string;
  options: readonly ChoiceOption[];
  /** A global option set (`<optionsets>`), shared by name. */
  isGlobal?: boolean;
  /** Of a global option set: the solution that brought it, and whether its managed layer allows changes. */
  solution?: string;
  customizable?: boolean;
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
  /** Field security applies: readable, creatable, updatable only through a profile. */
  secured?: boolean;
  /** Written by the platform only (createdon, versionnumber, _base twins...). */
  systemManaged?: boolean;
  /** Accepted on create/update, never returned (serviceendpoint.authvalue). */
  writeOnly?: boolean;
  /** IsCustomField: created by a solution, not by the platform. */
  custom?: boolean;
  /** IsCustomizable of the managed layer that brought it (an unmanaged solution may not change it when false). */
  customizable?: boolean;
  /** Unique name of the solution that brought the column. */
  solution?: string;
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
  /** The money column (logical name) this base-currency twin is calculated from. */
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
  /** Single-valued navigation property (case-sensitive: `w365_ProviderId`, `parentaccountid`). */
  navigationProperty: string;
  /** The one-to-many relationship's schema name; also the collection-valued navigation property on `table`. */
  relationshipName: string;
}
export interface LookupColumn extends ColumnCommon {
  type: 'lookup';
  targets: readonly LookupTarget[];
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
  ownership: 'organization' | 'user' | 'none';
  /** The platform's (or another first-party solution's) table; false for one an imported solution created. */
  standard: boolean;
  columns: readonly ColumnDef[];
  keys: readonly KeyDef[];
  states: readonly StateDef[];
  /** Dataverse answers conditional GETs (304) only for tables with optimistic concurrency. */
  optimisticConcurrency: boolean;
  /** Unique name of the solution that created the table ('System' for the platform's). */
  solution: string;
  /** IsCustomizable of the table's managed layer. */
  customizable: boolean;
}

export type CascadeDelete = 'Cascade' | 'RemoveLink' | 'Restrict' | 'NoCascade';

/** A one-to-many relationship. */
export interface RelationshipDef {
  schemaName: string;
  referencedTable: string;
  referencedAttribute: string;
  referencingTable: string;
  referencingAttribute: string;
  referencingNavigationProperty: string;
  referencedNavigationProperty: string;
  custom: boolean;
  cascadeDelete: CascadeDelete;
}

export interface FieldPermissionDef {
  table: string;
  column: string;
  canRead: boolean;
  canCreate: boolean;
  canUpdate: boolean;
}

export interface FieldSecurityProfileDef {
  id: string;
  name: string;
  description: string;
  permissions: readonly FieldPermissionDef[];
}

export interface RoleDef {
  id: string;
  name: string;
  privileges: readonly { name: string; depth: string }[];
}

export interface EnvironmentVariableDefinitionDef {
  schemaName: string;
  displayName: string;
  description: string;
  type: number;
  defaultValue?: string;
}

/** An installed solution, as the `solution` table and the import's checks see it. */
export interface SolutionDef {
  uniqueName: string;
  friendlyName: string;
  version: string;
  managed: boolean;
  publisherPrefix: string;
}

/** Everything the environment knows: the base solutions plus every import, merged. */
export interface Catalog {
  readonly tables: readonly TableDef[];
  readonly relationships: readonly RelationshipDef[];
  readonly optionSets: readonly ChoiceDef[];
  readonly fieldSecurityProfiles: readonly FieldSecurityProfileDef[];
  readonly roles: readonly RoleDef[];
  readonly environmentVariables: readonly EnvironmentVariableDefinitionDef[];
  readonly solutions: readonly SolutionDef[];
}
