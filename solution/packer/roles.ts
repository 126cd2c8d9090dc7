/**
 * Security roles (`<Roles><Role>`, root component type 20, identified by id). Privilege names are
 * `prv<Verb><table SchemaName>` and the depth is the role's `level` [C] (exported roles such as
 * Microsoft's Event Management ones: `prvAppendTomsevtmgt_Session`, `prvReadAccount`, `level="Global"`).
 * The roles for people also carry the platform privileges a person needs to open the app (forms,
 * views, the app module, user settings: security.ts APP_USER_PRIVILEGES), so that "Work 365 User" alone
 * opens it; the service's role needs none of those, only the platform privileges its jobs use (notes,
 * users, in-app notifications: security.ts).
 */
import type { RoleDef, TableDef } from '../schema';
import { W365Error } from '../../common/errors';
import { SolutionErrorCodes } from './codes';
import { componentIds } from './ids';
import type { ManagedPolicy } from './managed';
import { entitySchemaName } from './standard-names';
import { el, leaf, type XmlElement } from './xml';

/** `prvReadw365_Provider`, `prvAppendToAccount`. */
export function privilegeName(verb: string, table: TableDef): string {
  return `prv${verb}${entitySchemaName(table)}`;
}

export function roleXml(
  role: RoleDef,
  tables: readonly TableDef[],
  version: string,
  policy: ManagedPolicy,
): XmlElement {
  const privileges = role.privileges.flatMap((p) => {
    const table = tables.find((t) => t.logicalName === p.table);
    if (!table) {
      throw new W365Error(
        SolutionErrorCodes.SchemaInvalid,
        `Role '${role.name}' grants privileges on unknown table '${p.table}'.`,
      );
    }
    return p.verbs.map((verb) => el('RolePrivilege', { name: privilegeName(verb, table), level: p.depth }));
  });
  const platform = (role.platformPrivileges ?? []).map((p) => el('RolePrivilege', { name: p.name, level: p.depth }));
  return el('Role', { name: role.name, id: componentIds.role(role.key) }, [
    leaf('IsCustomizable', policy.roleCustomizable),
    leaf('IntroducedVersion', version),
    el('RolePrivileges', {}, [...privileges, ...platform]),
  ]);
}

export function rolesXml(
  roles: readonly RoleDef[],
  tables: readonly TableDef[],
  version: string,
  policy: ManagedPolicy,
): XmlElement {
  return el(
    'Roles',
    {},
    roles.map((r) => roleXml(r, tables, version, policy)),
  );
}
