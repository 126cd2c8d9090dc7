/**
 * Web resources (extension point for issue 7, the ribbon scripts). The webresources build writes a
 * manifest, by default `webresources/dist/webresources.json`:
 *
 *   { "webResources": [ { "name": "w365_/js/providerribbon.js", "displayName": "Provider ribbon",
 *                         "type": 3, "file": "providerribbon.js", "description": "optional" } ] }
 *
 * (`file` relative to the manifest). The packer puts each file at `WebResources/<name>` in the zip, a
 * `<WebResource>` in customizations.xml and a root component of type 61. No manifest: no web resources.
 * FileName: exports write `/WebResources/<name without punctuation><guid>`; a zip built with
 * `/WebResources/<name>` imports as well [I] (dataverse.md §3.1), and keeps paths readable.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { PUBLISHER } from '../schema';
import { W365Error } from '../../common/errors';
import { SolutionErrorCodes } from './codes';
import { componentIds } from './ids';
import type { ManagedPolicy } from './managed';
import { el, leaf, type XmlElement } from './xml';

export const DEFAULT_WEBRESOURCE_MANIFEST = 'webresources/dist/webresources.json';

/** WebResourceType values [C] (webresource table reference). */
export const WEB_RESOURCE_TYPES = {
  html: 1,
  css: 2,
  js: 3,
  xml: 4,
  png: 5,
  jpg: 6,
  gif: 7,
  xap: 8,
  xsl: 9,
  ico: 10,
  svg: 11,
  resx: 12,
} as const;

const EXTENSIONS: Readonly<Record<number, readonly string[]>> = {
  1: ['.htm', '.html'],
  2: ['.css'],
  3: ['.js'],
  4: ['.xml'],
  5: ['.png'],
  6: ['.jpg', '.jpeg'],
  7: ['.gif'],
  8: ['.xap'],
  9: ['.xsl', '.xslt'],
  10: ['.ico'],
  11: ['.svg'],
  12: ['.resx'],
};

export interface WebResourceInput {
  /** Unique name with the publisher prefix and a virtual path: `w365_/js/providerribbon.js`. */
  readonly name: string;
  readonly displayName: string;
  /** WebResourceType (3 = JavaScript). */
  readonly type: number;
  /** Absolute path of the file to pack. */
  readonly filePath: string;
  readonly description?: string;
}

export interface PackedFile {
  /** Path inside the zip, forward slashes, no leading slash. */
  readonly path: string;
  readonly data: Buffer;
}

const manifestSchema = {
  type: 'object',
  required: ['webResources'],
  additionalProperties: false,
  properties: {
    webResources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'displayName', 'type', 'file'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          displayName: { type: 'string', minLength: 1 },
          type: { type: 'integer', minimum: 1, maximum: 12 },
          file: { type: 'string', minLength: 1 },
          description: { type: 'string' },
        },
      },
    },
  },
} as const;

interface ManifestJson {
  webResources: { name: string; displayName: string; type: number; file: string; description?: string }[];
}

const invalid = (message: string) => new W365Error(SolutionErrorCodes.ExtensionInvalid, message);

/** Read the webresources build's manifest; an absent manifest means no web resources yet. */
export async function loadWebResourceManifest(manifestPath: string): Promise<WebResourceInput[]> {
  let text: string;
  try {
    text = await fs.readFile(manifestPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalid(`Web resource manifest ${manifestPath} is not JSON: ${(e as Error).message}`);
  }
  const validate = new Ajv({ allErrors: true }).compile<ManifestJson>(manifestSchema);
  if (!validate(json)) {
    const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
    throw invalid(`Web resource manifest ${manifestPath} is not valid: ${why}`);
  }
  const dir = path.dirname(manifestPath);
  return json.webResources.map((w) => ({
    name: w.name,
    displayName: w.displayName,
    type: w.type,
    filePath: path.resolve(dir, w.file),
    ...(w.description !== undefined ? { description: w.description } : {}),
  }));
}

/** Check names and files, read the files; sorted by name so the zip is the same on every build. */
export async function packWebResources(
  inputs: readonly WebResourceInput[],
): Promise<{ resources: WebResourceInput[]; files: PackedFile[] }> {
  const prefix = `${PUBLISHER.prefix}_/`;
  const seen = new Set<string>();
  const resources = [...inputs].sort((a, b) => (a.name < b.name ? -1 : 1));
  const files: PackedFile[] = [];
  for (const r of resources) {
    if (!r.name.startsWith(prefix)) throw invalid(`Web resource '${r.name}' must be named '${prefix}<path>'.`);
    if (!/^[A-Za-z0-9_./-]+$/.test(r.name) || r.name.includes('..') || r.name.endsWith('/')) {
      throw invalid(
        `Web resource name '${r.name}' may hold only letters, digits, '_', '-', '.' and '/' path separators.`,
      );
    }
    if (seen.has(r.name.toLowerCase())) throw invalid(`Web resource '${r.name}' is listed twice.`);
    seen.add(r.name.toLowerCase());
    const extensions = EXTENSIONS[r.type];
    if (!extensions) throw invalid(`Web resource '${r.name}' has unknown type ${r.type}.`);
    if (!extensions.includes(path.extname(r.name).toLowerCase())) {
      throw invalid(`Web resource '${r.name}' is of type ${r.type}, whose names end in ${extensions.join(' or ')}.`);
    }
    let data: Buffer;
    try {
      data = await fs.readFile(r.filePath);
    } catch {
      throw invalid(`Web resource '${r.name}': file ${r.filePath} cannot be read (run the webresources build first).`);
    }
    files.push({ path: `WebResources/${r.name}`, data });
  }
  return { resources, files };
}

export function webResourcesXml(
  resources: readonly WebResourceInput[],
  version: string,
  policy: ManagedPolicy,
): XmlElement {
  return el(
    'WebResources',
    {},
    resources.map((r) =>
      el('WebResource', {}, [
        leaf('WebResourceId', componentIds.webResource(r.name)),
        leaf('Name', r.name),
        leaf('DisplayName', r.displayName),
        r.description !== undefined && leaf('Description', r.description),
        leaf('WebResourceType', r.type),
        leaf('IntroducedVersion', version),
        leaf('IsEnabledForMobileClient', false),
        leaf('IsAvailableForMobileOffline', false),
        leaf('IsCustomizable', policy.webResourceCustomizable),
        leaf('CanBeDeleted', !policy.managed),
        leaf('IsHidden', false),
        leaf('FileName', `/WebResources/${r.name}`),
      ]),
    ),
  );
}
