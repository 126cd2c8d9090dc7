/**
 * The rest of a solution file: one-to-many relationships, global option sets, security roles, field
 * security profiles (customizations.xml) and environment variable definitions (their own files), in
 * the shapes real exports write them [C].
 */
import type {
  CascadeDelete,
  ChoiceDef,
  EnvironmentVariableDefinitionDef,
  FieldSecurityProfileDef,
  RoleDef,
} from '../metadata/types';
import { ImportErrors } from './errors';
import { attr, kid, kids, label, parseXml, txt, type XNode } from './xml';

export interface ParsedRelationship {
  schemaName: string;
  referencingTable: string;
  referencedTable: string;
  referencingAttribute: string;
  cascadeDelete: CascadeDelete;
  /** Role type 1: the lookup's single-valued navigation property; default the attribute's SchemaName [C]. */
  referencingNavigationProperty?: string;
  /** Role type 0: the collection-valued one on the referenced table; default the relationship's name [C]. */
  referencedNavigationProperty?: string;
  customizable: boolean;
}

const CASCADES: Record<string, CascadeDelete> = {
  cascade: 'Cascade',
  removelink: 'RemoveLink',
  restrict: 'Restrict',
  nocascade: 'NoCascade',
};

export function parseRelationships(doc: XNode): ParsedRelationship[] {
  return kids(kid(doc, 'EntityRelationships'), 'EntityRelationship')
    .filter((r) => (txt(r, 'EntityRelationshipType') ?? 'OneToMany') === 'OneToMany')
    .map((r) => {
      const roles = kids(kid(r, 'EntityRelationshipRoles'), 'EntityRelationshipRole');
      const nav = (type: string) =>
        txt(
          roles.find((x) => txt(x, 'RelationshipRoleType') === type),
          'NavigationPropertyName',
        );
      const referencing = nav('1');
      const referenced = nav('0');
      return {
        schemaName: attr(r, 'Name') ?? '',
        referencingTable: (txt(r, 'ReferencingEntityName') ?? '').toLowerCase(),
        referencedTable: (txt(r, 'ReferencedEntityName') ?? '').toLowerCase(),
        referencingAttribute: (txt(r, 'ReferencingAttributeName') ?? '').toLowerCase(),
        cascadeDelete: CASCADES[(txt(r, 'CascadeDelete') ?? 'RemoveLink').toLowerCase()] ?? 'RemoveLink',
        ...(referencing ? { referencingNavigationProperty: referencing } : {}),
        ...(referenced ? { referencedNavigationProperty: referenced } : {}),
        customizable: txt(r, 'IsCustomizable') !== '0',
      };
    });
}

export interface ParsedOptionSet extends ChoiceDef {
  customizable: boolean;
}

export function parseOptionSets(doc: XNode): ParsedOptionSet[] {
  return kids(kid(doc, 'optionsets'), 'optionset').map((o) => ({
    name: (attr(o, 'Name') ?? '').toLowerCase(),
    displayName: label(o, 'displaynames', 'displayname') || (attr(o, 'localizedName') ?? ''),
    isGlobal: true,
    options: kids(kid(o, 'options'), 'option').map((x) => ({
      value: Number(attr(x, 'value')),
      label: label(x, 'labels', 'label'),
    })),
    customizable: txt(o, 'IsCustomizable') !== '0',
  }));
}

const braces = (id: string | undefined) => (id ?? '').replace(/[{}]/g, '').toLowerCase();

export function parseRoles(doc: XNode): RoleDef[] {
  return kids(kid(doc, 'Roles'), 'Role').map((r) => ({
    id: braces(attr(r, 'id')),
    name: attr(r, 'name') ?? '',
    privileges: kids(kid(r, 'RolePrivileges'), 'RolePrivilege').map((p) => ({
      name: attr(p, 'name') ?? '',
      depth: attr(p, 'level') ?? 'Global',
    })),
  }));
}

/** CanRead/CanCreate/CanUpdate: 4 allowed, 0 not allowed [C] (field permission reference). */
const allowed = (n: XNode, name: string) => txt(n, name) === '4';

export function parseFieldSecurityProfiles(doc: XNode): FieldSecurityProfileDef[] {
  return kids(kid(doc, 'FieldSecurityProfiles'), 'FieldSecurityProfile').map((p) => ({
    id: braces(attr(p, 'fieldsecurityprofileid')),
    name: attr(p, 'name') ?? '',
    description: attr(p, 'description') ?? '',
    permissions: kids(kid(p, 'FieldPermissions'), 'FieldPermission').map((f) => ({
      table: (txt(f, 'EntityName') ?? '').toLowerCase(),
      column: (txt(f, 'AttributeName') ?? '').toLowerCase(),
      canRead: allowed(f, 'CanRead'),
      canCreate: allowed(f, 'CanCreate'),
      canUpdate: allowed(f, 'CanUpdate'),
    })),
  }));
}

const ENV_VAR_FILE = /^environmentvariabledefinitions\/([^/]+)\/environmentvariabledefinition\.xml$/i;

/** `environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml` of the zip. */
export function parseEnvironmentVariables(parts: ReadonlyMap<string, Buffer>): EnvironmentVariableDefinitionDef[] {
  const out: EnvironmentVariableDefinitionDef[] = [];
  for (const [file, data] of parts) {
    if (!ENV_VAR_FILE.test(file)) continue;
    let doc: XNode;
    try {
      doc = parseXml(data.toString('utf8'));
    } catch (e) {
      throw ImportErrors.invalidXml(file, (e as Error).message.split('\n')[0]);
    }
    const defaultValue = txt(doc, 'defaultvalue');
    out.push({
      schemaName: attr(doc, 'schemaname') ?? '',
      displayName: attr(kid(doc, 'displayname'), 'default') ?? '',
      description: attr(kid(doc, 'description'), 'default') ?? '',
      type: Number(txt(doc, 'type') ?? 100000000),
      ...(defaultValue !== undefined && defaultValue !== '' ? { defaultValue } : {}),
    });
  }
  return out.sort((a, b) => (a.schemaName < b.schemaName ? -1 : 1));
}
