/**
 * `<MissingDependencies>` of solution.xml: the components the solution needs that another solution
 * must bring. Dataverse's import checks them before anything else and refuses with one message that
 * names each ("The following solution cannot be imported: … Some dependencies are missing.",
 * ImportMissingDependenciesError) [C], and an admin reads them in the import wizard before starting.
 *
 * Ours are Microsoft's Product Management tables (Product, Unit, Unit Group: schema TableDef.providedBy)
 * that our lookups point at and our roles grant privileges on. Shape as exports write it [C] (Apollo
 * solution.xml): `<MissingDependency><Required type="1" schemaName=".." displayName=".." solution="Name (version)"/>
 * <Dependent type="1|20" .../></MissingDependency>`, one per required/dependent pair.
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

export interface ComponentRef {
  readonly type: number;
  readonly schemaName?: string;
  readonly id?: string;
  readonly displayName: string;
}

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

const tableRef = (t: TableDef): ComponentRef => ({
  type: ComponentType.Entity,
  schemaName: t.logicalName,
  displayName: t.displayName,
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
    const key = `${required.logicalName}|${dependent.type}|${dependent.schemaName ?? dependent.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ required: requiredTable(required), dependent });
  };
  for (const r of model.relationships.filter((x) => x.custom)) {
    const required = provided.get(r.referencedTable);
    const dependent = byName.get(r.referencingTable);
    // A lookup we add to the provided table itself (product.w365_providerid) depends on it as well.
    if (required && dependent) add(required, dependent.standard ? tableRef(required) : tableRef(dependent));
    const extended = provided.get(r.referencingTable);
    if (extended && r.referencingAttribute.startsWith('w365_')) add(extended, tableRef(extended));
  }
  for (const role of model.roles) {
    for (const p of role.privileges) {
      const required = provided.get(p.table);
      if (required) add(required, roleRef(role));
    }
  }
  return out;
}
