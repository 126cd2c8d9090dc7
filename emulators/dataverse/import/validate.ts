/**
 * What a real import refuses before it changes anything, checked against the environment's catalog:
 * a package whose mode differs from the installed solution's, missing dependencies, custom attributes
 * without the publisher prefix, duplicate names, a global option set that does not exist, an alternate
 * key over the index size limit, field permissions on columns that are not there, and an unmanaged
 * solution changing a managed component that is not customizable. Throws the first refusal.
 */
import type { Catalog, TableDef } from '../metadata/types';
import { ImportErrors, type MissingDependency } from './errors';
import { isModelledAttribute, type ParsedAttribute, type ParsedEntity } from './parse-entities';
import type { SolutionFile } from './solution-file';

/** Columns the platform itself adds to a new custom table; they carry no publisher prefix [C]. */
const PLATFORM_COLUMNS = new Set(['createdon', 'modifiedon', 'versionnumber', 'statecode', 'statuscode']);
/** Only beside a money column does the platform add these [C] (exports; ImportAttributeNameError otherwise). */
const CURRENCY_COLUMNS = new Set(['transactioncurrencyid', 'exchangerate']);

const ENTITY = 1;
const ATTRIBUTE = 2;

function checkMode(file: SolutionFile, catalog: Catalog): void {
  const installed = catalog.solutions.find(
    (s) => s.uniqueName.toLowerCase() === file.manifest.uniqueName.toLowerCase(),
  );
  if (!installed) return;
  if (installed.managed && !file.manifest.managed) throw ImportErrors.unmanagedOverManaged();
  if (!installed.managed && file.manifest.managed) throw ImportErrors.managedOverUnmanaged();
}

/** Declared dependencies first (as the platform checks them), then what the file itself refers to [I]. */
function checkDependencies(file: SolutionFile, catalog: Catalog): void {
  const tables = new Map(catalog.tables.map((t) => [t.logicalName, t]));
  const created = new Set(file.entities.filter((e) => e.full).map((e) => e.logicalName));
  const exists = (table: string) => tables.has(table) || created.has(table);
  const missing: MissingDependency[] = file.manifest.missingDependencies.filter((d) => {
    const name = d.required.schemaName.toLowerCase();
    if (d.required.type === ENTITY) return !exists(name);
    if (d.required.type === ATTRIBUTE) {
      const parent = tables.get((d.required.parentSchemaName ?? '').toLowerCase());
      return !parent?.columns.some((c) => c.logicalName === name);
    }
    return false;
  });
  const declared = new Set(missing.map((d) => d.required.schemaName.toLowerCase()));
  const undeclared = (table: string, dependent: MissingDependency['dependent']) => {
    if (exists(table) || declared.has(table)) return;
    declared.add(table);
    missing.push({ required: { type: ENTITY, schemaName: table }, dependent });
  };
  for (const e of file.entities.filter((x) => !x.full))
    undeclared(e.logicalName, { type: ENTITY, schemaName: e.logicalName, displayName: e.displayName });
  for (const r of file.relationships.filter((x) => isModelledAttribute(x.referencingAttribute)))
    undeclared(r.referencedTable, {
      type: ATTRIBUTE,
      schemaName: r.referencingAttribute,
      parentSchemaName: r.referencingTable,
    });
  if (missing.length > 0) throw ImportErrors.missingDependencies(file.manifest.uniqueName, missing);
}

function checkEntityNames(file: SolutionFile, catalog: Catalog): void {
  const seen = new Set<string>();
  for (const e of file.entities) {
    if (seen.has(e.logicalName)) throw ImportErrors.duplicateEntity(e.schemaName);
    seen.add(e.logicalName);
    const existing = catalog.tables.find((t) => t.logicalName === e.logicalName);
    if (e.full && existing && existing.solution !== file.manifest.uniqueName)
      throw ImportErrors.duplicateEntity(e.schemaName);
    if (e.full && !existing) {
      if (!e.logicalName.startsWith(`${file.manifest.publisherPrefix}_`))
        throw ImportErrors.generic(
          `Invalid name for entity ${e.schemaName}: custom entity names must start with the publisher prefix.`,
        );
      const set = e.entitySetName?.toLowerCase();
      if (set && catalog.tables.some((t) => t.entitySetName.toLowerCase() === set))
        throw ImportErrors.duplicateEntity(e.entitySetName ?? e.schemaName);
    }
  }
}

/** A new attribute must carry the publisher prefix unless the platform adds it itself. */
function checkAttributeNames(e: ParsedEntity, existing: TableDef | undefined, prefix: string): void {
  const seen = new Set<string>();
  const hasMoney = e.attributes.some((a) => a.type === 'money') || existing?.columns.some((c) => c.type === 'money');
  for (const a of e.attributes) {
    if (seen.has(a.logicalName)) throw ImportErrors.duplicateAttribute(e.logicalName, a.logicalName);
    seen.add(a.logicalName);
    if (existing?.columns.some((c) => c.logicalName === a.logicalName)) continue;
    if (a.logicalName.startsWith(`${prefix}_`)) continue;
    const platform =
      (e.full && (a.type === 'primarykey' || PLATFORM_COLUMNS.has(a.logicalName))) ||
      (hasMoney && CURRENCY_COLUMNS.has(a.logicalName));
    if (!platform) throw ImportErrors.attributeName(a.logicalName);
  }
}

function optionSetsKnown(e: ParsedEntity, file: SolutionFile, catalog: Catalog): void {
  const known = new Set([...file.optionSets, ...catalog.optionSets].map((o) => o.name.toLowerCase()));
  for (const a of e.attributes) {
    if (a.optionSetName && !known.has(a.optionSetName))
      throw ImportErrors.optionSetMissing(a.logicalName, a.optionSetName);
  }
}

function keyBytes(a: ParsedAttribute | undefined): number {
  if (!a) return 0;
  if (a.type === 'string') return a.maxLength * 2;
  return a.type === 'lookup' || a.type === 'uniqueidentifier' ? 16 : 8;
}

function checkKeys(e: ParsedEntity, existing: TableDef | undefined): void {
  for (const k of e.keys) {
    let bytes = 0;
    for (const name of k.columns) {
      const a =
        e.attributes.find((x) => x.logicalName === name) ?? existing?.columns.find((c) => c.logicalName === name);
      if (!a)
        throw ImportErrors.generic(`The key ${k.logicalName} of ${e.logicalName} names the unknown attribute ${name}.`);
      bytes += keyBytes(a as ParsedAttribute);
    }
    if (bytes > 900) throw ImportErrors.keyTooLarge(k.logicalName, e.logicalName, bytes);
  }
}

function checkManagedComponents(file: SolutionFile, catalog: Catalog): void {
  if (file.manifest.managed) return;
  const owner = (solution: string | undefined) =>
    catalog.solutions.find((s) => s.uniqueName === solution && s.managed && s.uniqueName !== file.manifest.uniqueName);
  for (const e of file.entities) {
    const table = catalog.tables.find((t) => t.logicalName === e.logicalName);
    if (e.full && table && !table.customizable && owner(table.solution))
      throw ImportErrors.managedComponent('table', e.logicalName, table.solution);
    for (const a of e.attributes) {
      const c = table?.columns.find((x) => x.logicalName === a.logicalName);
      if (c && c.customizable === false && owner(c.solution))
        throw ImportErrors.managedComponent('attribute', `${e.logicalName}.${a.logicalName}`, c.solution ?? '');
    }
  }
  for (const o of file.optionSets) {
    const existing = catalog.optionSets.find((x) => x.name === o.name);
    if (existing && existing.customizable === false && owner(existing.solution))
      throw ImportErrors.managedComponent('option set', o.name, existing.solution ?? '');
  }
}

function checkFieldPermissions(file: SolutionFile, catalog: Catalog): void {
  const missing: string[] = [];
  for (const p of file.fieldSecurityProfiles) {
    for (const f of p.permissions) {
      const inFile = file.entities
        .find((e) => e.logicalName === f.table)
        ?.attributes.find((a) => a.logicalName === f.column);
      const inCatalog = catalog.tables
        .find((t) => t.logicalName === f.table)
        ?.columns.find((c) => c.logicalName === f.column);
      if (!inFile && !inCatalog) missing.push(`${f.table}.${f.column}`);
    }
  }
  if (missing.length > 0) throw ImportErrors.fieldSecurityAttributesMissing(missing.join(', '));
}

export function validateImport(file: SolutionFile, catalog: Catalog): void {
  checkMode(file, catalog);
  checkDependencies(file, catalog);
  checkEntityNames(file, catalog);
  for (const e of file.entities) {
    const existing = catalog.tables.find((t) => t.logicalName === e.logicalName);
    checkAttributeNames(e, existing, file.manifest.publisherPrefix);
    optionSetsKnown(e, file, catalog);
    checkKeys(e, existing);
  }
  checkManagedComponents(file, catalog);
  checkFieldPermissions(file, catalog);
}
