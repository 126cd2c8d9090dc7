/**
 * The zip as a package: the parts every example solution has, well-formed XML everywhere,
 * `[Content_Types].xml` covering every part, and a solution.xml shaped like the examples'.
 */
import { extensionOf } from '../content-types';
import type { PackedFile } from '../webresources';
import { attr, child, childText, children, parseXml, XmlParseError, type XNode } from '../xml-parse';
import type { ExampleExpectations } from './examples';
import type { ProblemList } from './problems';

export const CONTENT_TYPES = '[Content_Types].xml';
const CONTENT_TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';

/** Parse every .xml entry; a file that is not well-formed is a problem at the parser's line. */
export function parseXmlEntries(files: readonly PackedFile[], problems: ProblemList): Map<string, XNode> {
  const docs = new Map<string, XNode>();
  for (const f of files) {
    if (extensionOf(f.path) !== 'xml') continue;
    try {
      docs.set(f.path, parseXml(f.data.toString('utf8')));
    } catch (e) {
      const line = e instanceof XmlParseError ? e.line : null;
      problems.add(f.path, line, `not well-formed XML: ${(e as Error).message}`);
    }
  }
  return docs;
}

export function checkParts(files: readonly PackedFile[], examples: ExampleExpectations, problems: ProblemList): void {
  const paths = new Set(files.map((f) => f.path));
  for (const part of examples.requiredParts) {
    if (!paths.has(part))
      problems.add('', null, `missing ${part} (every example solution has it: ${examples.examples.join(', ')})`);
  }
  for (const f of files) {
    if (f.path.startsWith('/') || f.path.includes('\\') || f.path.split('/').includes('..')) {
      problems.add(f.path, null, 'zip entry names must be relative paths with forward slashes');
    }
  }
}

export function checkContentTypes(files: readonly PackedFile[], doc: XNode | undefined, problems: ProblemList): void {
  if (!doc) return;
  if (doc.name !== 'Types' || attr(doc, 'xmlns') !== CONTENT_TYPES_NS) {
    problems.add(CONTENT_TYPES, doc.line, `root must be <Types xmlns="${CONTENT_TYPES_NS}">`);
    return;
  }
  const defaults = new Map<string, XNode>();
  for (const d of children(doc, 'Default')) {
    const ext = (attr(d, 'Extension') ?? '').toLowerCase();
    if (!ext || !attr(d, 'ContentType'))
      problems.add(CONTENT_TYPES, d.line, '<Default> needs Extension and ContentType');
    defaults.set(ext, d);
  }
  const overrides = new Set<string>();
  for (const o of children(doc, 'Override')) {
    const part = attr(o, 'PartName') ?? '';
    if (!attr(o, 'ContentType')) problems.add(CONTENT_TYPES, o.line, '<Override> needs a ContentType');
    if (!files.some((f) => `/${f.path}` === part))
      problems.add(CONTENT_TYPES, o.line, `<Override> names ${part}, which is not in the zip`);
    overrides.add(part);
  }
  for (const f of files) {
    if (f.path === CONTENT_TYPES) continue;
    const ext = extensionOf(f.path);
    if (!defaults.has(ext) && !overrides.has(`/${f.path}`)) {
      problems.add(CONTENT_TYPES, doc.line, `no content type for ${f.path} (add <Default Extension="${ext}" ...>)`);
    }
  }
}

export interface ManifestFacts {
  readonly prefix: string;
  readonly rootComponents: readonly XNode[];
}

/** solution.xml: the elements every example has, a valid version, Managed matching the zip's name. */
export function checkSolutionXml(
  doc: XNode | undefined,
  zipName: string,
  examples: ExampleExpectations,
  problems: ProblemList,
): ManifestFacts | undefined {
  const file = 'solution.xml';
  if (!doc) return undefined;
  const manifest = child(doc, 'SolutionManifest');
  if (doc.name !== 'ImportExportXml' || !manifest) {
    problems.add(file, doc.line, 'expected <ImportExportXml><SolutionManifest>');
    return undefined;
  }
  for (const name of examples.manifestElements) {
    if (!child(manifest, name))
      problems.add(file, manifest.line, `<SolutionManifest> has no <${name}> (every example has one)`);
  }
  const uniqueName = childText(manifest, 'UniqueName') ?? '';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(uniqueName))
    problems.add(
      file,
      child(manifest, 'UniqueName')?.line ?? manifest.line,
      `unique name '${uniqueName}' must be letters, digits and _`,
    );
  const version = childText(manifest, 'Version') ?? '';
  if (!/^\d+(\.\d+){1,3}$/.test(version))
    problems.add(
      file,
      child(manifest, 'Version')?.line ?? manifest.line,
      `version '${version}' must be 2 to 4 dot-separated numbers`,
    );
  const managed = childText(manifest, 'Managed');
  const managedLine = child(manifest, 'Managed')?.line ?? manifest.line;
  if (managed !== '0' && managed !== '1')
    problems.add(file, managedLine, `<Managed> must be 0 or 1, not '${managed ?? ''}'`);
  else if (/_managed\.zip$/i.test(zipName) && managed !== '1')
    problems.add(file, managedLine, 'the zip is named _managed but <Managed> is 0');
  else if (/_unmanaged\.zip$/i.test(zipName) && managed !== '0')
    problems.add(file, managedLine, 'the zip is named _unmanaged but <Managed> is 1');
  const publisher = child(manifest, 'Publisher');
  let prefix = '';
  if (publisher) {
    for (const name of examples.publisherElements) {
      if (!child(publisher, name))
        problems.add(file, publisher.line, `<Publisher> has no <${name}> (every example has one)`);
    }
    prefix = childText(publisher, 'CustomizationPrefix') ?? '';
    if (!/^[a-z][a-z0-9]{1,7}$/.test(prefix) || prefix.startsWith('mscrm')) {
      problems.add(
        file,
        child(publisher, 'CustomizationPrefix')?.line ?? publisher.line,
        `customization prefix '${prefix}' must be 2-8 lower-case letters or digits, starting with a letter, not mscrm`,
      );
    }
    const optionPrefix = Number(childText(publisher, 'CustomizationOptionValuePrefix'));
    if (!Number.isInteger(optionPrefix) || optionPrefix < 10000 || optionPrefix > 99999) {
      problems.add(
        file,
        child(publisher, 'CustomizationOptionValuePrefix')?.line ?? publisher.line,
        'option value prefix must be a whole number from 10000 to 99999',
      );
    }
  }
  const roots = children(child(manifest, 'RootComponents') ?? manifest, 'RootComponent');
  for (const r of roots) {
    if (!/^\d+$/.test(attr(r, 'type') ?? '')) problems.add(file, r.line, 'RootComponent needs a numeric type');
    if (!attr(r, 'schemaName') && !attr(r, 'id'))
      problems.add(file, r.line, 'RootComponent needs a schemaName or an id');
  }
  return { prefix, rootComponents: roots };
}
