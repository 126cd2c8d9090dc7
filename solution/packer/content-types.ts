/**
 * `[Content_Types].xml`, the Open Packaging Conventions part list that Dataverse's importer reads
 * first. We write what a pac-built solution writes [C] (PCF CodeInterpreter sample): `xml` as
 * `text/xml`, everything else as `application/octet-stream`, and an Override for each control's
 * ControlManifest.xml. Whether import needs every extension listed is not documented [I]; we list
 * every extension the zip holds, and `solution check` verifies that.
 */
import path from 'node:path';
import { el, serializeDocument } from './xml';

const OCTET = 'application/octet-stream';

export function extensionOf(zipPath: string): string {
  return path.posix.extname(zipPath).slice(1).toLowerCase();
}

export function contentTypesXml(zipPaths: readonly string[], overrides: readonly string[]): string {
  const extensions = [...new Set(zipPaths.map(extensionOf).filter((e) => e !== ''))].sort();
  const ordered = ['xml', ...extensions.filter((e) => e !== 'xml')];
  return serializeDocument(
    el('Types', { xmlns: 'http://schemas.openxmlformats.org/package/2006/content-types' }, [
      ...ordered.map((e) => el('Default', { Extension: e, ContentType: e === 'xml' ? 'text/xml' : OCTET })),
      ...[...overrides].sort().map((p) => el('Override', { PartName: `/${p}`, ContentType: OCTET })),
    ]),
  );
}
