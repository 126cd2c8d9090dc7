/**
 * The emulator's view of its metadata: every table of the catalog (the base solutions plus what was
 * imported) with the lookups, navigation properties and keys indexed for the request path. Rebuilt
 * whenever an import changes the catalog.
 */
import type {
  CascadeDelete,
  Catalog,
  ColumnDef,
  KeyDef,
  LookupColumn,
  RelationshipDef,
  StateDef,
  TableDef,
} from '../metadata/types';
import { Platform } from '../platform';

export interface SingleNav {
  /** Navigation property name, case-sensitive (`w365_ProviderId`, `parentaccountid`). */
  name: string;
  column: LookupColumn;
  /** Logical name of the referenced table. */
  target: string;
}

export interface CollectionNav {
  /** Collection-valued navigation property on the referenced table (the relationship schema name). */
  name: string;
  /** Table holding the lookup. */
  referencingTable: string;
  referencingColumn: LookupColumn;
}

export interface TableMeta {
  def: TableDef;
  name: string;
  entitySet: string;
  pk: string;
  primaryName: string;
  columns: Map<string, ColumnDef>;
  /** `_x_value` -> lookup column. */
  lookupsByValueName: Map<string, LookupColumn>;
  singleNavs: Map<string, SingleNav>;
  collectionNavs: Map<string, CollectionNav>;
  keys: readonly KeyDef[];
  states: readonly StateDef[];
  /** Columns readable through the Web API (everything but write-only columns). */
  readable: ColumnDef[];
  hasMoney: boolean;
  /** Every stored column name (schema columns plus polymorphic lookups' target-table columns). */
  storedColumns: string[];
}

/**
 * Platform columns every table has: createdon, modifiedon, versionnumber, statecode, statuscode; and the
 * currency lookup and exchange rate beside money columns.
 */
export const SYS = {
  createdOn: 'createdon',
  modifiedOn: 'modifiedon',
  versionNumber: 'versionnumber',
  stateCode: 'statecode',
  statusCode: 'statuscode',
  currency: Platform.transactionCurrency.col.id,
  exchangeRate: 'exchangerate',
} as const;

/** Tables whose rows register webhooks: a write to them invalidates the step cache. */
export const REGISTRATION_TABLES: ReadonlySet<string> = new Set(
  [Platform.serviceEndpoint, Platform.sdkMessageProcessingStep, Platform.sdkMessage, Platform.sdkMessageFilter].map(
    (t) => t.logicalName,
  ),
);

/** A lookup with more than one target table keeps the target's logical name beside the id. */
export const lookupTypeColumn = (lookup: string): string => `${lookup}__table`;
export const isPolymorphic = (c: LookupColumn): boolean => c.targets.length > 1;
export const lookupValueName = (c: { logicalName: string }): string => `_${c.logicalName}_value`;

export class Model {
  readonly tables = new Map<string, TableMeta>();
  readonly bySet = new Map<string, TableMeta>();
  readonly relationships: readonly RelationshipDef[];
  /** The catalog this model indexes (profiles, option sets, solutions: what metadata requests read). */
  readonly catalog: Catalog;

  constructor(catalog: Catalog) {
    this.catalog = catalog;
    this.relationships = catalog.relationships;
    for (const def of catalog.tables) {
      const columns = new Map(def.columns.map((c) => [c.logicalName, c]));
      const meta: TableMeta = {
        def,
        name: def.logicalName,
        entitySet: def.entitySetName,
        pk: def.primaryIdAttribute,
        primaryName: def.primaryNameAttribute,
        columns,
        lookupsByValueName: new Map(),
        singleNavs: new Map(),
        collectionNavs: new Map(),
        keys: def.keys,
        states: def.states,
        readable: def.columns.filter((c) => !c.writeOnly),
        hasMoney: def.columns.some((c) => c.type === 'money'),
        storedColumns: def.columns.flatMap((c) =>
          c.type === 'lookup' && c.targets.length > 1
            ? [c.logicalName, lookupTypeColumn(c.logicalName)]
            : [c.logicalName],
        ),
      };
      for (const c of def.columns) {
        if (c.type !== 'lookup') continue;
        meta.lookupsByValueName.set(lookupValueName(c), c);
        for (const t of c.targets)
          meta.singleNavs.set(t.navigationProperty, { name: t.navigationProperty, column: c, target: t.table });
      }
      this.tables.set(def.logicalName, meta);
      this.bySet.set(def.entitySetName, meta);
    }
    for (const meta of this.tables.values()) {
      for (const c of meta.def.columns) {
        if (c.type !== 'lookup') continue;
        for (const t of c.targets) {
          this.tables.get(t.table)?.collectionNavs.set(t.relationshipName, {
            name: t.relationshipName,
            referencingTable: meta.name,
            referencingColumn: c,
          });
        }
      }
    }
  }

  table(logicalName: string): TableMeta {
    const t = this.tables.get(logicalName);
    if (!t) throw new Error(`emulator model: no table '${logicalName}'`);
    return t;
  }

  /** Lookups (in any table) that point at `table`, with what deleting a `table` row does to their rows. */
  referencesTo(table: string): { table: TableMeta; column: LookupColumn; cascade: CascadeDelete }[] {
    const out: { table: TableMeta; column: LookupColumn; cascade: CascadeDelete }[] = [];
    for (const meta of this.tables.values()) {
      for (const c of meta.def.columns) {
        if (c.type !== 'lookup' || !c.targets.some((t) => t.table === table)) continue;
        const rel = this.relationships.find(
          (r) =>
            r.referencedTable === table && r.referencingTable === meta.name && r.referencingAttribute === c.logicalName,
        );
        out.push({ table: meta, column: c, cascade: rel?.cascadeDelete ?? 'RemoveLink' });
      }
    }
    return out;
  }
}
