/**
 * The base solutions of an emulated environment: "System" (the platform's tables) and, unless left
 * out, Microsoft's Product Management. They exist before any import, as in Dataverse.
 */
import type { Catalog, RelationshipDef, SolutionDef, TableDef } from '../metadata/types';
import { PRODUCT_MANAGEMENT_SOLUTION, PRODUCT_MANAGEMENT_TABLES } from './product-management';
import { NOTES_TABLES } from './notes';
import * as Notes from './notes';
import { SYSTEM_SOLUTION, SYSTEM_TABLES } from './system';
import * as System from './system';
import * as ProductManagement from './product-management';

export * as PlatformChoices from './choices';
export { SYSTEM_SOLUTION } from './system';
export { PRODUCT_MANAGEMENT_SOLUTION } from './product-management';

/** The platform's tables by short name (`Platform.account.col.name`). */
export const Platform = {
  transactionCurrency: System.transactionCurrency,
  account: System.account,
  systemUser: System.systemUser,
  serviceEndpoint: System.serviceEndpoint,
  sdkMessage: System.sdkMessage,
  sdkMessageFilter: System.sdkMessageFilter,
  sdkMessageProcessingStep: System.sdkMessageProcessingStep,
  solution: System.solution,
  asyncOperation: System.asyncOperation,
  importJob: System.importJob,
  environmentVariableDefinition: System.environmentVariableDefinition,
  environmentVariableValue: System.environmentVariableValue,
  annotation: Notes.annotation,
  appNotification: Notes.appNotification,
  product: ProductManagement.product,
  uom: ProductManagement.uom,
  uomSchedule: ProductManagement.uomSchedule,
} as const;

/** One-to-many relationships of a set of tables, one per lookup target (the platform's are all system ones). */
export function relationshipsOf(tables: readonly TableDef[]): RelationshipDef[] {
  const byName = new Map(tables.map((t) => [t.logicalName, t]));
  return tables.flatMap((t) =>
    t.columns.flatMap((c) =>
      c.type !== 'lookup'
        ? []
        : c.targets.map((target) => ({
            schemaName: target.relationshipName,
            referencedTable: target.table,
            referencedAttribute: byName.get(target.table)?.primaryIdAttribute ?? `${target.table}id`,
            referencingTable: t.logicalName,
            referencingAttribute: c.logicalName,
            referencingNavigationProperty: target.navigationProperty,
            referencedNavigationProperty: target.relationshipName,
            custom: false,
            cascadeDelete: 'RemoveLink' as const,
          })),
    ),
  );
}

const solutionRow = (uniqueName: string, friendlyName: string): SolutionDef => ({
  uniqueName,
  friendlyName,
  version: '9.2.0.0',
  managed: true,
  publisherPrefix: '',
});

export interface BaseSolutionOptions {
  /** Install Product Management (product, uom, uomschedule); default true. */
  productManagement?: boolean;
}

/** The catalog of a fresh environment. */
export function baseCatalog(options: BaseSolutionOptions = {}): Catalog {
  const withProducts = options.productManagement ?? true;
  const tables: TableDef[] = [...SYSTEM_TABLES, ...NOTES_TABLES, ...(withProducts ? PRODUCT_MANAGEMENT_TABLES : [])];
  return {
    tables,
    relationships: relationshipsOf(tables),
    optionSets: [],
    fieldSecurityProfiles: [],
    roles: [],
    environmentVariables: [],
    solutions: [
      solutionRow(SYSTEM_SOLUTION, 'System Solution'),
      ...(withProducts ? [solutionRow(PRODUCT_MANAGEMENT_SOLUTION, 'Product Management')] : []),
    ],
  };
}
