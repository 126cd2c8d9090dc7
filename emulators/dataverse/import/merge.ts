/**
 * Applies a (validated) solution file to the catalog: new tables are created, tables the file only
 * extends get its columns and keys, choices take their options from the global option sets, lookups
 * their targets from the relationships, and roles, field security profiles and environment variable
 * definitions are added or replaced by id. Importing a later version of a solution is an update: what
 * the new file defines replaces the old definition, and what it no longer lists stays, as an update
 * (not a delete-and-upgrade) of a managed solution keeps it [C] (solution import "Update" option).
 */
import type {
  Catalog,
  ChoiceDef,
  ColumnDef,
  KeyDef,
  LookupTarget,
  RelationshipDef,
  SolutionDef,
  TableDef,
} from '../metadata/types';
import type { ParsedRelationship } from './parse-components';
import type { ParsedAttribute, ParsedEntity } from './parse-entities';
import type { SolutionFile } from './solution-file';

/** Every table has a row version, which exports never list [C] (UpsertSample); the import adds it. */
const VERSION_NUMBER: ColumnDef = {
  logicalName: 'versionnumber',
  schemaName: 'VersionNumber',
  displayName: 'Version Number',
  type: 'bigint',
  systemManaged: true,
};

function replaceBy<T>(old: readonly T[], added: readonly T[], key: (t: T) => string): T[] {
  const keys = new Set(added.map(key));
  return [...old.filter((t) => !keys.has(key(t))), ...added];
}

function resolveChoice(a: ParsedAttribute, optionSets: ReadonlyMap<string, ChoiceDef>): ColumnDef {
  const { optionSetName, ...column } = a;
  if (column.type !== 'choice' || !optionSetName) return column;
  const set = optionSets.get(optionSetName);
  return set ? { ...column, choice: set } : column;
}

/** One target per relationship whose lookup is this column. */
function targetsOf(
  table: string,
  column: string,
  relationships: readonly ParsedRelationship[],
  schemaName: string,
): LookupTarget[] {
  return relationships
    .filter((r) => r.referencingTable === table && r.referencingAttribute === column)
    .map((r) => ({
      table: r.referencedTable,
      navigationProperty: r.referencingNavigationProperty ?? schemaName,
      relationshipName: r.referencedNavigationProperty ?? r.schemaName,
    }));
}

function columnsOf(e: ParsedEntity, file: SolutionFile, optionSets: ReadonlyMap<string, ChoiceDef>): ColumnDef[] {
  return e.attributes.map((a) => {
    const c = { ...resolveChoice(a, optionSets), solution: file.manifest.uniqueName } as ColumnDef;
    if (c.type !== 'lookup') return c;
    return { ...c, targets: targetsOf(e.logicalName, c.logicalName, file.relationships, c.schemaName) };
  });
}

function mergeColumns(old: readonly ColumnDef[], added: readonly ColumnDef[]): ColumnDef[] {
  const merged = replaceBy(old, added, (c) => c.logicalName);
  return merged.some((c) => c.logicalName === VERSION_NUMBER.logicalName) ? merged : [...merged, VERSION_NUMBER];
}

function newTable(e: ParsedEntity, columns: ColumnDef[], file: SolutionFile): TableDef {
  const pk = columns.find((c) => c.type === 'primarykey');
  return {
    logicalName: e.logicalName,
    schemaName: e.schemaName,
    // [I] an entity without <EntitySetName> gets its logical name plus "s", as the maker tools do.
    entitySetName: e.entitySetName ?? `${e.logicalName}s`,
    displayName: e.displayName,
    pluralDisplayName: e.pluralDisplayName,
    description: e.description,
    primaryIdAttribute: pk?.logicalName ?? `${e.logicalName}id`,
    primaryNameAttribute: e.primaryNameAttribute ?? '',
    ownership: e.ownership,
    standard: false,
    columns: mergeColumns([], columns),
    keys: e.keys,
    states: e.states,
    optimisticConcurrency: true,
    solution: file.manifest.uniqueName,
    customizable: e.customizable,
  };
}

function mergeTable(old: TableDef, e: ParsedEntity, columns: ColumnDef[], file: SolutionFile): TableDef {
  const own = e.full && old.solution === file.manifest.uniqueName;
  return {
    ...old,
    ...(own
      ? {
          schemaName: e.schemaName,
          displayName: e.displayName,
          pluralDisplayName: e.pluralDisplayName,
          description: e.description,
          primaryNameAttribute: e.primaryNameAttribute ?? old.primaryNameAttribute,
          states: e.states.length > 0 ? e.states : old.states,
          customizable: e.customizable,
        }
      : {}),
    ...(e.entitySetName && own ? { entitySetName: e.entitySetName } : {}),
    columns: mergeColumns(old.columns, columns),
    keys: replaceBy<KeyDef>(old.keys, e.keys, (k) => k.logicalName),
  };
}

function relationshipDefs(file: SolutionFile, tables: readonly TableDef[]): RelationshipDef[] {
  const byName = new Map(tables.map((t) => [t.logicalName, t]));
  return file.relationships.flatMap((r) => {
    const column = byName.get(r.referencingTable)?.columns.find((c) => c.logicalName === r.referencingAttribute);
    if (!column) return []; // a platform audit lookup the emulator does not model
    return [
      {
        schemaName: r.schemaName,
        referencedTable: r.referencedTable,
        referencedAttribute: byName.get(r.referencedTable)?.primaryIdAttribute ?? `${r.referencedTable}id`,
        referencingTable: r.referencingTable,
        referencingAttribute: r.referencingAttribute,
        referencingNavigationProperty: r.referencingNavigationProperty ?? column.schemaName,
        referencedNavigationProperty: r.referencedNavigationProperty ?? r.schemaName,
        custom: true,
        cascadeDelete: r.cascadeDelete,
      },
    ];
  });
}

/**
 * [C] Notes enabled on a table: the platform adds the `<table>_Annotations` relationship, so the note's
 * Regarding (annotation.objectid) gets a target for it (`objectid_<table>`), and notes go with their
 * record when it is deleted. Tables without notes, or an environment without the annotation table, get
 * nothing.
 */
function enableNotes(tables: TableDef[], entities: readonly ParsedEntity[]): RelationshipDef[] {
  const index = tables.findIndex((t) => t.logicalName === 'annotation');
  if (index < 0) return [];
  const added: RelationshipDef[] = [];
  for (const e of entities.filter((x) => x.hasNotes)) {
    const table = tables.find((t) => t.logicalName === e.logicalName);
    if (!table) continue;
    const target: LookupTarget = {
      table: e.logicalName,
      navigationProperty: `objectid_${e.logicalName}`,
      relationshipName: `${e.logicalName}_Annotations`,
    };
    const notes = tables[index];
    tables[index] = {
      ...notes,
      columns: notes.columns.map((c) =>
        c.type === 'lookup' && c.logicalName === 'objectid'
          ? { ...c, targets: [...c.targets.filter((t) => t.table !== e.logicalName), target] }
          : c,
      ),
    };
    added.push({
      schemaName: target.relationshipName,
      referencedTable: e.logicalName,
      referencedAttribute: table.primaryIdAttribute,
      referencingTable: 'annotation',
      referencingAttribute: 'objectid',
      referencingNavigationProperty: target.navigationProperty,
      referencedNavigationProperty: `${e.schemaName}_Annotations`,
      custom: false,
      cascadeDelete: 'Cascade',
    });
  }
  return added;
}

function solutionDef(file: SolutionFile): SolutionDef {
  const m = file.manifest;
  return {
    uniqueName: m.uniqueName,
    friendlyName: m.friendlyName,
    version: m.version,
    managed: m.managed,
    publisherPrefix: m.publisherPrefix,
  };
}

export function mergeSolution(catalog: Catalog, file: SolutionFile): Catalog {
  const fileSets = file.optionSets.map(({ customizable, ...o }) => ({
    ...o,
    customizable,
    solution: file.manifest.uniqueName,
  }));
  const optionSets = replaceBy<ChoiceDef>(catalog.optionSets, fileSets, (o) => o.name);
  const byName = new Map(optionSets.map((o) => [o.name, o]));
  const tables = [...catalog.tables];
  for (const e of file.entities) {
    const columns = columnsOf(e, file, byName);
    const index = tables.findIndex((t) => t.logicalName === e.logicalName);
    if (index < 0) tables.push(newTable(e, columns, file));
    else tables[index] = mergeTable(tables[index], e, columns, file);
  }
  const notes = enableNotes(tables, file.entities);
  return {
    tables,
    relationships: replaceBy(catalog.relationships, [...relationshipDefs(file, tables), ...notes], (r) =>
      r.schemaName.toLowerCase(),
    ),
    optionSets,
    fieldSecurityProfiles: replaceBy(catalog.fieldSecurityProfiles, file.fieldSecurityProfiles, (p) => p.id),
    roles: replaceBy(catalog.roles, file.roles, (r) => r.id),
    environmentVariables: replaceBy(catalog.environmentVariables, file.environmentVariables, (v) => v.schemaName),
    solutions: replaceBy(catalog.solutions, [solutionDef(file)], (s) => s.uniqueName.toLowerCase()),
  };
}
