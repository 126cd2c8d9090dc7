/**
 * Cross-references the XSD cannot see: root components and the components they name, files named in
 * customizations.xml and files in the zip (both ways), PCF manifests and their resources, and the ids
 * and names that forms, subgrids, the site map and the app point at.
 */
import { CONTROL_MANIFEST } from '../controls';
import { ComponentType } from '../solution-xml';
import type { PackedFile } from '../webresources';
import { attr, child, childText, children, descendants, type XNode } from '../xml-parse';
import { CONTENT_TYPES, type ManifestFacts } from './layout';
import type { ProblemList } from './problems';

const CUSTOMIZATIONS = 'customizations.xml';
const SUBGRID_CLASS_ID = '{e7a81278-8635-4d9e-8d4d-59480b391c5b}';

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const stripBraces = (s: string | undefined) => lower(s).replace(/[{}]/g, '');

/** Every component of customizations.xml a root component can name, by type, with where it is. */
interface Catalogue {
  readonly byType: Map<number, Map<string, XNode>>;
  readonly formIds: Set<string>;
  readonly viewIds: Set<string>;
  readonly chartIds: Set<string>;
  readonly relationships: Set<string>;
}

/** `environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml` -> schema name. */
const ENV_VAR_PATH = /^environmentvariabledefinitions\/([^/]+)\/environmentvariabledefinition\.xml$/;

function catalogue(doc: XNode, docs?: ReadonlyMap<string, XNode>): Catalogue {
  const byType = new Map<number, Map<string, XNode>>();
  const put = (type: number, key: string | undefined, node: XNode) => {
    if (!key) return;
    if (!byType.has(type)) byType.set(type, new Map());
    byType.get(type)?.set(key, node);
  };
  for (const e of children(child(doc, 'Entities') ?? doc, 'Entity'))
    put(ComponentType.Entity, lower(childText(e, 'Name')), e);
  for (const o of children(child(doc, 'optionsets') ?? doc, 'optionset'))
    put(ComponentType.OptionSet, lower(attr(o, 'Name')), o);
  for (const r of children(child(doc, 'Roles') ?? doc, 'Role')) put(ComponentType.Role, stripBraces(attr(r, 'id')), r);
  for (const p of children(child(doc, 'FieldSecurityProfiles') ?? doc, 'FieldSecurityProfile')) {
    put(ComponentType.FieldSecurityProfile, stripBraces(attr(p, 'fieldsecurityprofileid')), p);
  }
  for (const w of children(child(doc, 'WebResources') ?? doc, 'WebResource'))
    put(ComponentType.WebResource, lower(childText(w, 'Name')), w);
  for (const c of children(child(doc, 'CustomControls') ?? doc, 'CustomControl'))
    put(ComponentType.CustomControl, lower(childText(c, 'Name')), c);
  for (const s of children(child(doc, 'AppModuleSiteMaps') ?? doc, 'AppModuleSiteMap'))
    put(ComponentType.SiteMap, lower(childText(s, 'SiteMapUniqueName')), s);
  for (const d of children(child(doc, 'Dashboards') ?? doc, 'Dashboard'))
    put(ComponentType.SystemForm, stripBraces(childText(d, 'FormId')), d);
  for (const a of children(child(doc, 'AppModules') ?? doc, 'AppModule'))
    put(ComponentType.AppModule, lower(childText(a, 'UniqueName')), a);
  for (const [file, node] of docs ?? []) {
    if (ENV_VAR_PATH.test(file))
      put(ComponentType.EnvironmentVariableDefinition, lower(attr(node, 'schemaname')), node);
  }
  return {
    byType,
    formIds: new Set(
      [...descendants(doc, 'formid'), ...descendants(doc, 'FormId')].map((f) => stripBraces(f.text.trim())),
    ),
    chartIds: new Set(descendants(doc, 'savedqueryvisualizationid').map((v) => stripBraces(v.text.trim()))),
    viewIds: new Set(descendants(doc, 'savedqueryid').map((v) => stripBraces(v.text.trim()))),
    relationships: new Set(
      children(child(doc, 'EntityRelationships') ?? doc, 'EntityRelationship').map((r) => lower(attr(r, 'Name'))),
    ),
  };
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  [ComponentType.Entity]: 'table',
  [ComponentType.OptionSet]: 'option set',
  [ComponentType.Role]: 'security role',
  [ComponentType.WebResource]: 'web resource',
  [ComponentType.SiteMap]: 'site map',
  [ComponentType.CustomControl]: 'custom control',
  [ComponentType.FieldSecurityProfile]: 'field security profile',
  [ComponentType.AppModule]: 'app',
  [ComponentType.SystemForm]: 'dashboard',
  [ComponentType.EnvironmentVariableDefinition]: 'environment variable definition',
};

/** Root components name existing components, and every top-level component is a root component. */
export function checkRootComponents(
  manifest: ManifestFacts,
  doc: XNode,
  docs: ReadonlyMap<string, XNode>,
  problems: ProblemList,
): void {
  const cat = catalogue(doc, docs);
  const claimed = new Map<number, Set<string>>();
  for (const r of manifest.rootComponents) {
    const type = Number(attr(r, 'type'));
    const key = attr(r, 'id') ? stripBraces(attr(r, 'id')) : lower(attr(r, 'schemaName'));
    if (!TYPE_NAMES[type]) {
      problems.add(
        'solution.xml',
        r.line,
        `root component type ${type} is not one this check knows; teach check/references.ts about it`,
      );
      continue;
    }
    if (!claimed.has(type)) claimed.set(type, new Set());
    claimed.get(type)?.add(key);
    if (!cat.byType.get(type)?.has(key)) {
      problems.add(
        'solution.xml',
        r.line,
        `root component ${TYPE_NAMES[type]} '${attr(r, 'schemaName') ?? attr(r, 'id')}' is not in customizations.xml`,
      );
    }
  }
  for (const [type, components] of cat.byType) {
    for (const [key, node] of components) {
      if (!claimed.get(type)?.has(key))
        problems.add(
          type === ComponentType.EnvironmentVariableDefinition
            ? `environmentvariabledefinitions/${key}`
            : CUSTOMIZATIONS,
          node.line,
          `${TYPE_NAMES[type]} '${key}' has no RootComponent in solution.xml, so Dataverse would not import it as part of the solution`,
        );
    }
  }
}

/** A control folder's manifest must name its files, and its name must match the CustomControl. */
function checkControlFolder(
  name: string,
  files: readonly PackedFile[],
  docs: ReadonlyMap<string, XNode>,
  prefix: string | undefined,
  problems: ProblemList,
): Set<string> {
  const folder = `Controls/${name}/`;
  const covered = new Set<string>();
  const manifestPath = `${folder}${CONTROL_MANIFEST}`;
  const manifest = docs.get(manifestPath);
  if (!manifest) return covered;
  covered.add(manifestPath);
  const control = child(manifest, 'control');
  const expected = control ? `${prefix}_${attr(control, 'namespace') ?? ''}.${attr(control, 'constructor') ?? ''}` : '';
  // Without a readable solution.xml the publisher prefix is unknown; that problem is reported already.
  if (!control || (prefix !== undefined && expected !== name)) {
    problems.add(
      manifestPath,
      control?.line ?? manifest.line,
      `the manifest declares control '${expected}', but customizations.xml calls it '${name}'`,
    );
  }
  for (const r of control ? (child(control, 'resources')?.children ?? []) : []) {
    const ref = attr(r, 'path');
    if (!ref) continue;
    const full = `${folder}${ref}`;
    if (!files.some((f) => f.path === full))
      problems.add(manifestPath, r.line, `<${r.name} path="${ref}"> names ${full}, which is not in the zip`);
    covered.add(full);
  }
  return covered;
}

/** FileName elements point at files in the zip, and every file in the zip is pointed at. */
export function checkFiles(
  doc: XNode,
  files: readonly PackedFile[],
  docs: ReadonlyMap<string, XNode>,
  prefix: string | undefined,
  problems: ProblemList,
): void {
  const paths = new Set(files.map((f) => f.path));
  const referenced = new Set<string>([CONTENT_TYPES, 'solution.xml', CUSTOMIZATIONS]);
  for (const fileName of descendants(doc, 'FileName')) {
    const target = fileName.text.trim().replace(/^\//, '');
    if (!paths.has(target))
      problems.add(CUSTOMIZATIONS, fileName.line, `FileName ${fileName.text.trim()} is not in the zip`);
    referenced.add(target);
  }
  for (const control of children(child(doc, 'CustomControls') ?? doc, 'CustomControl')) {
    const name = childText(control, 'Name') ?? '';
    for (const p of checkControlFolder(name, files, docs, prefix, problems)) referenced.add(p);
  }
  // An environment variable's folder is named after it; the import finds the definition by that name [C].
  for (const f of files) {
    const m = ENV_VAR_PATH.exec(f.path);
    const node = m ? docs.get(f.path) : undefined;
    if (!m || !node) continue;
    referenced.add(f.path);
    if (attr(node, 'schemaname') !== m[1])
      problems.add(
        f.path,
        node.line,
        `schemaname '${attr(node, 'schemaname') ?? ''}' is not the folder's name '${m[1]}'`,
      );
  }
  for (const f of files) {
    if (!referenced.has(f.path))
      problems.add(
        f.path,
        null,
        'this file is in the zip but nothing in customizations.xml or a control manifest refers to it',
      );
  }
}

/** Names and ids that forms, subgrids, ribbons, the site map and the app point at exist. */
export function checkInternalReferences(doc: XNode, problems: ProblemList): void {
  const cat = catalogue(doc);
  const entities = cat.byType.get(ComponentType.Entity) ?? new Map<string, XNode>();
  const webResources = cat.byType.get(ComponentType.WebResource) ?? new Map<string, XNode>();
  const controls = cat.byType.get(ComponentType.CustomControl) ?? new Map<string, XNode>();
  const walk = (node: XNode, visit: (n: XNode) => void) => {
    visit(node);
    for (const c of node.children) walk(c, visit);
  };
  walk(doc, (n) => {
    for (const value of Object.values(n.attrs)) {
      for (const m of value.matchAll(/\$webresource:([^\s"']+)/g)) {
        if (!webResources.has(m[1].toLowerCase()))
          problems.add(CUSTOMIZATIONS, n.line, `$webresource:${m[1]} is not a web resource of the solution`);
      }
    }
  });
  for (const form of descendants(doc, 'form')) {
    const uniqueIds = new Set(
      descendants(form, 'control')
        .map((c) => stripBraces(attr(c, 'uniqueid')))
        .filter((x) => x !== ''),
    );
    for (const control of descendants(form, 'control')) {
      if (stripBraces(attr(control, 'classid')) !== stripBraces(SUBGRID_CLASS_ID)) continue;
      const params = child(control, 'parameters');
      const target = lower(params ? childText(params, 'TargetEntityType') : '');
      const viewId = stripBraces(params ? childText(params, 'ViewId') : '');
      const relationship = lower(params ? childText(params, 'RelationshipName') : '');
      if (entities.has(target) && viewId && !cat.viewIds.has(viewId))
        problems.add(
          CUSTOMIZATIONS,
          control.line,
          `subgrid '${attr(control, 'id') ?? ''}' shows view ${viewId}, which is not in the solution`,
        );
      const chartId = stripBraces(params ? childText(params, 'VisualizationId') : '');
      if (chartId && entities.has(target) && !cat.chartIds.has(chartId))
        problems.add(
          CUSTOMIZATIONS,
          control.line,
          `chart '${attr(control, 'id') ?? ''}' shows chart ${chartId}, which is not in the solution`,
        );
      if (relationship && entities.has(target) && !cat.relationships.has(relationship)) {
        problems.add(
          CUSTOMIZATIONS,
          control.line,
          `subgrid '${attr(control, 'id') ?? ''}' follows relationship '${relationship}', which is not in the solution`,
        );
      }
    }
    for (const d of descendants(form, 'controlDescription')) {
      if (!uniqueIds.has(stripBraces(attr(d, 'forControl'))))
        problems.add(
          CUSTOMIZATIONS,
          d.line,
          `controlDescription is for control ${attr(d, 'forControl') ?? ''}, which is not on the form`,
        );
      for (const cc of children(d, 'customControl')) {
        const name = attr(cc, 'name');
        // MscrmControls.* are the platform's own controls; any other name must be one we ship.
        if (name && !name.startsWith('MscrmControls.') && !controls.has(name.toLowerCase())) {
          problems.add(CUSTOMIZATIONS, cc.line, `custom control '${name}' is not in <CustomControls>`);
        }
      }
    }
  }
  for (const sub of descendants(child(doc, 'AppModuleSiteMaps') ?? doc, 'SubArea')) {
    const entity = attr(sub, 'Entity');
    if (entity && !entities.has(entity.toLowerCase()))
      problems.add(
        CUSTOMIZATIONS,
        sub.line,
        `site map subarea '${attr(sub, 'Id') ?? ''}' opens '${entity}', which is not in the solution`,
      );
  }
  const siteMaps = cat.byType.get(ComponentType.SiteMap) ?? new Map<string, XNode>();
  const roles = cat.byType.get(ComponentType.Role) ?? new Map<string, XNode>();
  for (const app of children(child(doc, 'AppModules') ?? doc, 'AppModule')) {
    for (const c of descendants(app, 'AppModuleComponent')) {
      const type = Number(attr(c, 'type'));
      const key = lower(attr(c, 'schemaName'));
      const id = stripBraces(attr(c, 'id'));
      const missing =
        (type === 1 && !entities.has(key)) ||
        (type === 60 && !cat.formIds.has(id)) ||
        (type === 26 && !cat.viewIds.has(id)) ||
        (type === 59 && !cat.chartIds.has(id)) ||
        (type === 62 && !siteMaps.has(key));
      if (missing)
        problems.add(
          CUSTOMIZATIONS,
          c.line,
          `app component type ${type} '${attr(c, 'schemaName') ?? attr(c, 'id') ?? ''}' is not in the solution`,
        );
    }
    for (const r of descendants(app, 'Role')) {
      if (!roles.has(stripBraces(attr(r, 'id'))))
        problems.add(CUSTOMIZATIONS, r.line, `app role ${attr(r, 'id') ?? ''} is not a role of the solution`);
    }
  }
}
