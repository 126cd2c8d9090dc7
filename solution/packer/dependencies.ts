/**
 * `<MissingDependencies>` of solution.xml: the components the solution needs that another solution
 * must bring. Dataverse's import checks them before anything else and refuses with one message that
 * names each ("The following solution cannot be imported: … Some dependencies are missing.",
 * ImportMissingDependenciesError) [C], and an admin reads them in the import wizard before starting.
 *
 * Ours are Microsoft's Product Management tables (Product, Unit, Unit Group: schema TableDef.providedBy)
 * that our lookups point at and our roles grant privileges on. Shape as exports write it [C] (Apollo
 * solution.xml): `<MissingDependency><Required type="1" schemaName=".." displayName=".." solution="Name (version)"/>
 * <Dependent type="2|20" .../></MissingDependency>`, one per required/dependent pair.
 */
import type { RoleDef, TableDef } from '../schema';
import { componentIds } from './ids';
import type { SolutionModel } from './model';
import { ComponentType } from './solution-xml-types';

/**
 * The version a Required names is the providing solution's in the exporting environment; the import
 * checks the component, not the version [I]. We name the first 9.0 release of the Dynamics 365 apps.
 */
const PROVIDING_SOLUTION_VERSION = '9.0.0.0';
const PREFIX = 'w365_';

export interface ComponentRef {
  readonly type: number;
  readonly schemaName?: string;
  readonly id?: string;
  readonly displayName: string;
  /** The table of an attribute (type 2) [C] (Apollo: `parentSchemaName="account" parentDisplayName="Account"`). */
  readonly parentSchemaName?: string;
  readonly parentDisplayName?: string;
}

/** Attribute: component type 2 [C] (solutioncomponent componenttype). */
const ATTRIBUTE = 2;

export interface MissingDependency {
  readonly required: ComponentRef & { readonly solution: string };
  readonly dependent: ComponentRef;
}

function requiredTable(t: TableDef): MissingDependency['required'] {
  return {
    type: ComponentType.Entity,
    schemaName: t.logicalName,
    displayName: t.displayName,
    solution: `${t.providedBy} (${PROVIDING_SOLUTION_VERSION})`,
  };
}

const attributeRef = (t: TableDef, column: string): ComponentRef => ({
  type: ATTRIBUTE,
  schemaName: column,
  displayName: t.columns.find((c) => c.logicalName === column)?.displayName ?? column,
  parentSchemaName: t.logicalName,
  parentDisplayName: t.displayName,
});
const roleRef = (r: RoleDef): ComponentRef => ({
  type: ComponentType.Role,
  id: componentIds.role(r.key),
  displayName: r.name,
});

/** Every (required, dependent) pair, in a stable order: lookups first, then role privileges. */
export function missingDependencies(model: SolutionModel): MissingDependency[] {
  const provided = new Map(model.tables.filter((t) => t.providedBy).map((t) => [t.logicalName, t]));
  const byName = new Map(model.tables.map((t) => [t.logicalName, t]));
  const out: MissingDependency[] = [];
  const seen = new Set<string>();
  const add = (required: TableDef, dependent: ComponentRef) => {
    const key = `${required.logicalName}|${dependent.type}|${dependent.parentSchemaName ?? ''}.${dependent.schemaName ?? dependent.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ required: requiredTable(required), dependent });
  };
  // Our lookups to a provided table (w365_subscription.w365_productid -> product).
  for (const r of model.relationships.filter((x) => x.custom)) {
    const required = provided.get(r.referencedTable);
    const dependent = byName.get(r.referencingTable);
    if (required && dependent) add(required, attributeRef(dependent, r.referencingAttribute));
  }
  // Our columns on a provided table (product.w365_providerpartnumber).
  for (const t of provided.values()) {
    for (const c of t.columns) if (c.logicalName.startsWith(PREFIX)) add(t, attributeRef(t, c.logicalName));
  }
  for (const role of model.roles) {
    for (const p of role.privileges) {
      const required = provided.get(p.table);
      if (required) add(required, roleRef(role));
    }
  }
  return out;
}
