/**
 * solution.xml: which solution this is (unique name, version, managed or not, publisher prefix), its
 * root components and the dependencies it declares as missing [C] (shape of CrmLive and pac exports).
 */
import { ImportErrors, type MissingDependency } from './errors';
import { attr, kid, kids, label, parseXml, txt, type XNode } from './xml';

export interface RootComponent {
  type: number;
  schemaName?: string;
  id?: string;
  /** 0 include subcomponents, 1 do not include, 2 shell only [C] (rootcomponentbehavior). */
  behavior: number;
}

export interface Manifest {
  uniqueName: string;
  friendlyName: string;
  version: string;
  managed: boolean;
  publisherUniqueName: string;
  publisherPrefix: string;
  optionValuePrefix: number;
  rootComponents: RootComponent[];
  missingDependencies: MissingDependency[];
}

function dependency(node: XNode): MissingDependency | undefined {
  const r = kid(node, 'Required');
  const d = kid(node, 'Dependent');
  if (!r || !d) return undefined;
  return {
    required: {
      type: Number(attr(r, 'type')),
      schemaName: attr(r, 'schemaName') ?? attr(r, 'id') ?? '',
      displayName: attr(r, 'displayName'),
      solution: attr(r, 'solution'),
      parentSchemaName: attr(r, 'parentSchemaName'),
    },
    dependent: {
      type: Number(attr(d, 'type')),
      schemaName: attr(d, 'schemaName'),
      displayName: attr(d, 'displayName'),
      parentSchemaName: attr(d, 'parentSchemaName'),
      id: attr(d, 'id'),
    },
  };
}

export function parseManifest(xml: string): Manifest {
  let doc: XNode;
  try {
    doc = parseXml(xml);
  } catch (e) {
    throw ImportErrors.invalidXml('solution.xml', (e as Error).message.split('\n')[0]);
  }
  const m = kid(doc, 'SolutionManifest');
  const uniqueName = txt(m, 'UniqueName');
  const version = txt(m, 'Version');
  const publisher = kid(m, 'Publisher');
  const prefix = txt(publisher, 'CustomizationPrefix');
  if (!m || !uniqueName || !version || !prefix)
    throw ImportErrors.generic('solution.xml has no SolutionManifest with UniqueName, Version and a Publisher prefix.');
  return {
    uniqueName,
    friendlyName: label(m, 'LocalizedNames', 'LocalizedName') || uniqueName,
    version,
    managed: txt(m, 'Managed') === '1',
    publisherUniqueName: txt(publisher, 'UniqueName') ?? '',
    publisherPrefix: prefix.toLowerCase(),
    optionValuePrefix: Number(txt(publisher, 'CustomizationOptionValuePrefix') ?? 0),
    rootComponents: kids(kid(m, 'RootComponents'), 'RootComponent').map((r) => ({
      type: Number(attr(r, 'type')),
      ...(attr(r, 'schemaName') !== undefined ? { schemaName: attr(r, 'schemaName') } : {}),
      ...(attr(r, 'id') !== undefined ? { id: attr(r, 'id') } : {}),
      behavior: Number(attr(r, 'behavior') ?? 0),
    })),
    missingDependencies: kids(kid(m, 'MissingDependencies'), 'MissingDependency')
      .map(dependency)
      .filter((x): x is MissingDependency => x !== undefined),
  };
}
