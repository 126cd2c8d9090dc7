/**
 * Review findings (../shared/docs/solution-review-2026-12.md) that read more than the tables: the
 * dependencies solution.xml declares, the PCF controls' versions, the roles an app user holds, and the
 * delete behaviour of relationships. See fidelity-entities.ts for the rest.
 */
import { ALL_TABLES, RELATIONSHIPS } from '../../schema';
import { entitySchemaName } from '../standard-names';
import { attr, child, childText, children, descendants, type XNode } from '../xml-parse';
import type { ProblemList } from './problems';

const CUSTOMIZATIONS = 'customizations.xml';
const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** Microsoft tables another first-party solution adds (Product Management's), by lower-case SchemaName. */
const PROVIDED_TABLES = new Map(
  ALL_TABLES.filter((t) => t.providedBy).map((t) => [entitySchemaName(t).toLowerCase(), t.logicalName]),
);

/** Finding 2: every reference to a table another solution brings is declared in MissingDependencies. */
export function checkDependencies(manifest: XNode, doc: XNode, problems: ProblemList): void {
  const declared = new Set(
    descendants(child(manifest, 'MissingDependencies') ?? manifest, 'Required').map((r) =>
      lower(attr(r, 'schemaName')),
    ),
  );
  const needs = new Map<string, number>();
  const need = (schemaName: string, line: number) => {
    const logical = PROVIDED_TABLES.get(schemaName.toLowerCase());
    if (logical && !needs.has(logical)) needs.set(logical, line);
  };
  for (const r of children(child(doc, 'EntityRelationships') ?? doc, 'EntityRelationship'))
    need(childText(r, 'ReferencedEntityName') ?? '', r.line);
  for (const e of children(child(doc, 'Entities') ?? doc, 'Entity')) need(childText(e, 'Name') ?? '', e.line);
  for (const p of descendants(child(doc, 'Roles') ?? doc, 'RolePrivilege')) {
    const m = /^prv(?:Create|Read|Write|Delete|Append|AppendTo|Assign|Share)(.+)$/.exec(attr(p, 'name') ?? '');
    if (m) need(m[1], p.line);
  }
  for (const [logical, line] of needs) {
    if (!declared.has(logical))
      problems.add(
        CUSTOMIZATIONS,
        line,
        `finding 2: the solution needs '${logical}', which another solution brings, but solution.xml declares no MissingDependency for it`,
      );
  }
}

/** Finding 5: every control is versioned with the solution, so an upgrade delivers its new bundle. */
export function checkControlVersions(manifest: XNode, docs: ReadonlyMap<string, XNode>, problems: ProblemList): void {
  const version = childText(manifest, 'Version');
  for (const [file, node] of docs) {
    if (!/^Controls\/[^/]+\/ControlManifest\.xml$/.test(file)) continue;
    const control = child(node, 'control');
    if (control && attr(control, 'version') !== version)
      problems.add(
        file,
        control.line,
        `finding 5: control version ${attr(control, 'version') ?? ''} is not the solution's ${version ?? ''}; Dataverse keeps the old bundle unless the version changes`,
      );
  }
}

/** What a person needs to open a model-driven app, besides table privileges [C] (roles of real exports). */
const APP_OPENER = ['prvReadAppModule', 'prvReadSystemForm', 'prvReadQuery', 'prvReadUserSettings'];

/** Finding 7: a role the app is shared with can open it; child rows do not block deleting their parent. */
export function checkRolesAndCascades(doc: XNode, problems: ProblemList): void {
  const appRoles = new Set(
    descendants(child(doc, 'AppModules') ?? doc, 'Role').map((r) => lower(attr(r, 'id')).replace(/[{}]/g, '')),
  );
  for (const role of children(child(doc, 'Roles') ?? doc, 'Role')) {
    if (!appRoles.has(lower(attr(role, 'id')).replace(/[{}]/g, ''))) continue;
    const names = new Set(descendants(role, 'RolePrivilege').map((p) => attr(p, 'name')));
    const missing = APP_OPENER.filter((p) => !names.has(p));
    if (missing.length > 0)
      problems.add(
        CUSTOMIZATIONS,
        role.line,
        `finding 7: role '${attr(role, 'name') ?? ''}' is given the app but lacks ${missing.join(', ')}, so a user with only this role cannot open it`,
      );
  }
  const intended = new Map(RELATIONSHIPS.map((r) => [r.schemaName.toLowerCase(), r.cascadeDelete]));
  for (const r of children(child(doc, 'EntityRelationships') ?? doc, 'EntityRelationship')) {
    const cascade = childText(r, 'CascadeDelete');
    if (intended.get(lower(attr(r, 'Name'))) === 'Cascade' && cascade !== 'Cascade')
      problems.add(
        CUSTOMIZATIONS,
        r.line,
        `finding 7: relationship ${attr(r, 'Name') ?? ''} is ${cascade ?? 'unset'} on delete; its rows are parts of their parent, and ${cascade ?? 'it'} blocks deleting the parent`,
      );
  }
}
