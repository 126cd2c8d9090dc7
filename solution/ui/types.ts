/**
 * Forms, views and the model-driven app as typed data. Columns are named through the schema module
 * (`Tables.provider.col.name`); the packer turns these values into FormXml, savedqueries and the
 * AppModule, and refuses (SOLUTION_UI_INVALID) a form or view that names a column the table lacks.
 */
import type { TableDef } from '../schema';

/** A field on a form. */
export interface FieldCell {
  readonly kind: 'field';
  /** Column logical name, from `Tables.x.col.y`. */
  readonly column: string;
  /** Label on the form; default: the column's display name. */
  readonly label?: string;
  /** Shown but not editable on the form (values the sync service writes). */
  readonly readOnly?: boolean;
}

/**
 * Binds a PCF dataset control (issue "Account-mapping grid") to a subgrid. The build binds it only
 * when `pcf-controls/<constructor>/out/controls/...` holds the built control; otherwise the subgrid
 * stays the platform grid, so the solution builds before the control exists.
 */
export interface PcfBinding {
  /** The control's `constructor` in its ControlManifest (e.g. `AccountMappingGrid`). */
  readonly constructor: string;
  /** Static input properties: name -> { manifest `of-type`, value }. */
  readonly parameters?: Readonly<Record<string, { readonly type: string; readonly value: string }>>;
}

/** Rows of a related table, through one of its lookups to the form's table. */
export interface SubgridCell {
  readonly kind: 'subgrid';
  /** Control id on the form, unique within it (letters, digits, underscore). */
  readonly id: string;
  readonly label: string;
  /** The related (many-side) table. */
  readonly table: TableDef;
  /** Logical name of the lookup on `table` that points at the form's table. */
  readonly lookup: string;
  /** Key of the view the grid shows; default: the related table's associated view. */
  readonly viewKey?: string;
  readonly recordsPerPage?: number;
  readonly pcf?: PcfBinding;
}

export type FormCell = FieldCell | SubgridCell;

export interface FormSection {
  /** Section name, unique within the form (scripts address sections by it). */
  readonly name: string;
  readonly label: string;
  /** Field columns side by side; subgrids always span the section. */
  readonly columns?: 1 | 2;
  readonly cells: readonly FormCell[];
}

export interface FormTab {
  readonly name: string;
  readonly label: string;
  readonly sections: readonly FormSection[];
}

export interface FormDef {
  /** Stable key; the form's GUID derives from it, so never change a shipped key. */
  readonly key: string;
  readonly table: TableDef;
  readonly name: string;
  readonly description: string;
  /** Up to four fields shown in the form header. */
  readonly header?: readonly string[];
  readonly tabs: readonly FormTab[];
}

/** FetchXML condition operators our views use (a subset of Fetch.xsd's `operator`). */
export type FetchOperator = 'eq' | 'ne' | 'in' | 'not-in' | 'null' | 'not-null' | 'like' | 'last-x-days' | 'gt' | 'lt';

export interface ConditionDef {
  readonly attribute: string;
  readonly operator: FetchOperator;
  /** Single value (`eq`, `last-x-days`...). */
  readonly value?: string | number;
  /** Several values (`in`, `not-in`). */
  readonly values?: readonly (string | number)[];
}

export interface FilterDef {
  readonly type: 'and' | 'or';
  readonly conditions?: readonly ConditionDef[];
  readonly filters?: readonly FilterDef[];
}

/**
 * savedquery `querytype` [C] (savedquery table reference; the UpsertSample uses 0, 1, 2, 4, 64):
 * public 0 (a view users pick), advancedFind 1, associated 2 (subgrids), quickFind 4, lookup 64.
 */
export type ViewKind = 'public' | 'advancedFind' | 'associated' | 'quickFind' | 'lookup';

export interface ViewColumn {
  /** Logical name of the column; with `via`, a column of the table that lookup points at. */
  readonly column: string;
  /** Grid column width in pixels. */
  readonly widthInPx: number;
  /**
   * A lookup of the view's table: the column is read from the related row (FetchXML `link-entity`,
   * the layout cell `<alias>.<column>`), e.g. a License Change Log's customer through its subscription.
   */
  readonly via?: string;
}

export interface ViewDef {
  /** Stable key; the view's GUID derives from it. */
  readonly key: string;
  readonly table: TableDef;
  readonly name: string;
  readonly description?: string;
  readonly kind: ViewKind;
  /** The default view of its kind for the table (one per kind). */
  readonly isDefault: boolean;
  readonly columns: readonly ViewColumn[];
  readonly orders: readonly { readonly column: string; readonly descending: boolean }[];
  readonly filter?: FilterDef;
  /** Quick find only: the columns the search box matches. */
  readonly findColumns?: readonly string[];
}

export interface SubAreaDef {
  readonly id: string;
  readonly table: TableDef;
  readonly title: string;
}

export interface GroupDef {
  readonly id: string;
  readonly title: string;
  readonly subAreas: readonly SubAreaDef[];
}

export interface AreaDef {
  readonly id: string;
  readonly title: string;
  readonly groups: readonly GroupDef[];
}

export interface AppDef {
  /** AppModule unique name (publisher prefix + `_` + name). */
  readonly uniqueName: string;
  readonly displayName: string;
  readonly description: string;
  /** Site map unique name (AppModuleSiteMap). */
  readonly siteMapUniqueName: string;
  readonly areas: readonly AreaDef[];
  /** Tables the app opens besides the site map's (lookup targets such as account, product). */
  readonly extraTables: readonly TableDef[];
  /** Keys of the security roles that see the app in the app list. */
  readonly roleKeys: readonly string[];
}
