/**
 * The schema module: the single source of truth for every Dataverse name the product uses.
 * Other code imports `Tables`, `Choices` and the helpers below; no other file spells a logical name,
 * entity set name or choice value.
 */
import * as Choices from './choices';
import { alert } from './tables/alerts';
import { billingContract, providerAccount } from './tables/accounts';
import { distributorInvoice, invoiceLine } from './tables/invoices';
import { annotation, appNotification } from './tables/notifications';
import { syncJob, syncJobItem } from './tables/jobs';
import { productMapping } from './tables/products';
import { provider, providerProperty } from './tables/provider';
import {
  account,
  product,
  sdkMessage,
  sdkMessageFilter,
  sdkMessageProcessingStep,
  serviceEndpoint,
  systemUser,
  transactionCurrency,
  uom,
  uomSchedule,
} from './tables/standard';
import { LICENSE_LOG_ARCHIVED_STATUS, licenseChangeLog, subscription } from './tables/subscriptions';
import { variance } from './tables/variances';
import type { CascadeDelete, LookupColumn, RelationshipDef, TableDef } from './types';
import { validateSchema, type SchemaProblem } from './validate';

export * from './types';
export { Choices, LICENSE_LOG_ARCHIVED_STATUS };
export { PUBLISHER_PREFIX, OPTION_VALUE_PREFIX } from './define';
export { SchemaErrorCodes, validateSchema, KEY_COLUMN_TYPES } from './validate';
export type { SchemaProblem } from './validate';
export * from './security';
export * from './settings';
export { PRODUCT_MANAGEMENT } from './tables/standard';

export const PUBLISHER = {
  uniqueName: 'work365',
  displayName: 'Work 365',
  prefix: 'w365',
  optionValuePrefix: 36500,
  description: 'Work 365 Provider Sync',
} as const;

export const Tables = {
  provider,
  providerProperty,
  providerAccount,
  billingContract,
  productMapping,
  subscription,
  licenseChangeLog,
  syncJob,
  syncJobItem,
  distributorInvoice,
  invoiceLine,
  variance,
  alert,
  account,
  product,
  transactionCurrency,
  uom,
  uomSchedule,
  systemUser,
  serviceEndpoint,
  sdkMessage,
  sdkMessageFilter,
  sdkMessageProcessingStep,
  annotation,
  appNotification,
} as const;

/** Every table, ours first, in a stable order. */
export const ALL_TABLES: readonly TableDef[] = Object.values(Tables);
/** Tables the solution creates. */
export const CUSTOM_TABLES: readonly TableDef[] = ALL_TABLES.filter((t) => !t.standard);
/** Standard tables the solution adds columns to (only the `w365_` columns are ours). */
export const EXTENDED_STANDARD_TABLES: readonly TableDef[] = ALL_TABLES.filter(
  (t) => t.standard && t.columns.some((c) => c.logicalName.startsWith('w365_')),
);

/** Restrict for a required lookup (its row cannot lose its parent), RemoveLink otherwise, unless the lookup says. */
function cascadeOf(c: LookupColumn): CascadeDelete {
  if (c.cascadeDelete) return c.cascadeDelete;
  return c.required === 'required' || c.required === 'systemrequired' ? 'Restrict' : 'RemoveLink';
}

/** One-to-many relationships, one per lookup target. */
export function relationshipsOf(tables: readonly TableDef[]): RelationshipDef[] {
  const byName = new Map(tables.map((t) => [t.logicalName, t]));
  const out: RelationshipDef[] = [];
  for (const t of tables) {
    for (const c of t.columns) {
      if (c.type !== 'lookup') continue;
      for (const target of (c as LookupColumn).targets) {
        out.push({
          schemaName: target.relationshipName,
          referencedTable: target.table,
          referencedAttribute: byName.get(target.table)?.primaryIdAttribute ?? `${target.table}id`,
          referencingTable: t.logicalName,
          referencingAttribute: c.logicalName,
          referencingNavigationProperty: target.navigationProperty,
          referencedNavigationProperty: target.relationshipName,
          custom: !t.standard || c.logicalName.startsWith('w365_'),
          cascadeDelete: cascadeOf(c as LookupColumn),
        });
      }
    }
  }
  return out;
}

export const RELATIONSHIPS: readonly RelationshipDef[] = relationshipsOf(ALL_TABLES);

export function schemaProblems(): SchemaProblem[] {
  return validateSchema(ALL_TABLES, RELATIONSHIPS);
}

const byLogicalName = new Map(ALL_TABLES.map((t) => [t.logicalName, t]));
const byEntitySet = new Map(ALL_TABLES.map((t) => [t.entitySetName, t]));

export function tableByLogicalName(logicalName: string): TableDef | undefined {
  return byLogicalName.get(logicalName);
}
export function tableByEntitySet(entitySetName: string): TableDef | undefined {
  return byEntitySet.get(entitySetName);
}

/** `/w365_providers(<id>)`: the value of an `@odata.bind` to a row of `table`. */
export function bindPath(table: TableDef, id: string): string {
  return `/${table.entitySetName}(${id})`;
}
