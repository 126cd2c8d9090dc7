/**
 * What the app shell's server tells its browser page about the solution: tables, columns, labels and
 * choices (from the environment's metadata, server/table-metadata.ts), forms, views and the site map
 * (from solution/ui), and the command bars (read back
 * from the RibbonDiffXml the solution ships). The page renders everything from this, so it shows the
 * same forms, views and buttons as the model-driven app would. No values, no secrets: only names.
 */

export type ColumnKind =
  | 'primarykey'
  | 'string'
  | 'memo'
  | 'integer'
  | 'bigint'
  | 'decimal'
  | 'money'
  | 'boolean'
  | 'datetime'
  | 'choice'
  | 'state'
  | 'status'
  | 'uniqueidentifier'
  | 'lookup';

export interface LookupMeta {
  readonly table: string;
  readonly entitySetName: string;
  /** Single-valued navigation property, for `@odata.bind`. */
  readonly navigation: string;
  readonly primaryId: string;
  readonly primaryName: string;
}

export interface ColumnMeta {
  readonly name: string;
  readonly label: string;
  readonly kind: ColumnKind;
  /** Field-secured: the browser's client is in no profile, so it always reads null and cannot write. */
  readonly secured?: boolean;
  /** Written by the platform only. */
  readonly system?: boolean;
  readonly options?: readonly { readonly value: number; readonly label: string }[];
  readonly trueLabel?: string;
  readonly falseLabel?: string;
  readonly lookup?: LookupMeta;
  /** Business required (the form asks for a value before saving). */
  readonly required?: boolean;
  /** Text: the most characters; numbers: the range and (decimals) the digits after the point. */
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  readonly precision?: number;
  /** How a text column is entered and shown; `json`: a machine-readable memo shown as a summary. */
  readonly format?: 'url' | 'email' | 'phone' | 'json';
}

/**
 * Columns naming another record by table logical name and id, as text (a Sync Job Item's Record Type,
 * Record Id, Record Name): the shell shows the table's display name and links the name to the record.
 */
export interface RecordReferenceMeta {
  readonly typeColumn: string;
  readonly idColumn: string;
  readonly nameColumn: string;
}

export interface TableMeta {
  readonly logicalName: string;
  readonly entitySetName: string;
  readonly displayName: string;
  readonly pluralDisplayName: string;
  readonly primaryId: string;
  readonly primaryName: string;
  readonly columns: readonly ColumnMeta[];
  readonly recordReference?: RecordReferenceMeta;
}

/** A view's column: one of its table's, or (`via`) of the row a lookup points at. */
export interface ViewColumnMeta {
  readonly name: string;
  readonly via?: {
    /** The lookup on the view's table, its navigation property (for `$expand`) and its target table. */
    readonly lookup: string;
    readonly navigation: string;
    readonly table: string;
  };
}

export interface ViewMeta {
  /** The view's key in solution/ui (its GUID derives from it); '' for a table with no view of ours. */
  readonly key: string;
  readonly table: string;
  readonly name: string;
  readonly columns: readonly ViewColumnMeta[];
  readonly orderBy: readonly { readonly column: string; readonly descending: boolean }[];
  /** OData `$filter` of the view's FetchXML filter, if any. */
  readonly filter?: string;
}

export type FormCellMeta =
  | { readonly kind: 'field'; readonly column: string; readonly label: string; readonly readOnly: boolean }
  | {
      readonly kind: 'subgrid';
      readonly id: string;
      readonly label: string;
      readonly table: string;
      /** `_<lookup>_value` on the related table that points at the form's record. */
      readonly lookupValue: string;
      readonly view: ViewMeta;
      /** A PCF control bound to this subgrid (its constructor name). */
      readonly pcf?: string;
    };

export interface FormMeta {
  readonly table: string;
  readonly name: string;
  readonly header: readonly string[];
  readonly tabs: readonly {
    readonly name: string;
    readonly label: string;
    readonly sections: readonly {
      readonly name: string;
      readonly label: string;
      readonly columns: number;
      readonly cells: readonly FormCellMeta[];
    }[];
  }[];
}

export type RibbonParameterMeta = { readonly crm: string } | { readonly int: number };

export type EnableRuleMeta =
  | {
      readonly kind: 'custom';
      readonly library: string;
      readonly functionName: string;
      readonly parameters: readonly RibbonParameterMeta[];
      readonly defaultValue: boolean;
      readonly invert: boolean;
    }
  | { readonly kind: 'selectionCount'; readonly minimum?: number; readonly maximum?: number };

export interface CommandMeta {
  readonly id: string;
  readonly label: string;
  readonly tooltip: string;
  readonly library: string;
  readonly functionName: string;
  readonly parameters: readonly RibbonParameterMeta[];
  readonly enableRules: readonly EnableRuleMeta[];
}

export interface CommandBarMeta {
  readonly table: string;
  readonly surface: 'Form' | 'HomepageGrid';
  /** The flyout's label ("Work 365"). */
  readonly label: string;
  readonly tooltip: string;
  readonly commands: readonly CommandMeta[];
}

/** A system chart as the app draws it (solution/ui/charts), with its filter as OData. */
export interface ChartMeta {
  readonly key: string;
  readonly table: string;
  readonly name: string;
  readonly description: string;
  readonly kind: 'Column' | 'StackedColumn' | 'Bar' | 'StackedBar' | 'Line' | 'Pie';
  readonly category: { readonly column: string; readonly dateGrouping?: 'day' | 'week' | 'month' };
  readonly series?: { readonly column: string };
  readonly measures: readonly {
    readonly column: string;
    readonly aggregate: 'count' | 'countcolumn' | 'sum';
    readonly label: string;
  }[];
  readonly filter?: string;
}

export interface DashboardMeta {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** Chart keys, in reading order. */
  readonly charts: readonly string[];
}

export interface AppMeta {
  readonly title: string;
  readonly areas: readonly {
    readonly title: string;
    readonly items: readonly { readonly table: string; readonly title: string }[];
  }[];
  readonly tables: Readonly<Record<string, TableMeta>>;
  readonly forms: Readonly<Record<string, FormMeta>>;
  /** Every public view of each table the app lists, its default view first. */
  readonly views: Readonly<Record<string, readonly ViewMeta[]>>;
  readonly charts: readonly ChartMeta[];
  /** The first is the one the app opens on. */
  readonly dashboards: readonly DashboardMeta[];
  readonly commandBars: readonly CommandBarMeta[];
  /** Web resource names the command bars call, served at `/WebResources/<name>`. */
  readonly webResources: readonly string[];
  /** `/pcf-host/host.js` exists, so PCF slots can be mounted. */
  readonly pcfHost: boolean;
}
