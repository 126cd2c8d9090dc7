/**
 * Per-table command bar customisations (extension point for issue 7). A file
 * `solution/ribbon/<table logical name>.xml` holding one `<RibbonDiffXml>` replaces the empty ribbon
 * of that table in customizations.xml (`<Entity><RibbonDiffXml>` [C], dataverse.md §3.3); the XSD
 * check then validates it with the rest. Callers may also pass the XML directly
 * (`buildSolution({ ribbons: { w365_provider: '<RibbonDiffXml>...' } })`). A table without either gets
 * the empty RibbonDiffXml every export carries.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { W365Error } from '../../common/errors';
import { SolutionErrorCodes } from './codes';
import { parseXml, XmlParseError } from './xml-parse';
import { el, raw, stripDeclaration, type XmlNode } from './xml';

export const DEFAULT_RIBBON_DIR = 'solution/ribbon';

const invalid = (message: string) => new W365Error(SolutionErrorCodes.ExtensionInvalid, message);

/** `<table>.xml` files of `dir` as table -> XML; an absent folder means no ribbon customisations. */
export async function loadRibbonDir(dir: string): Promise<Record<string, string>> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  const out: Record<string, string> = {};
  for (const name of names.filter((n) => n.endsWith('.xml')).sort()) {
    out[name.slice(0, -'.xml'.length)] = await fs.readFile(path.join(dir, name), 'utf8');
  }
  return out;
}

/**
 * Check each ribbon names a table of the solution and is one well-formed `<RibbonDiffXml>`; return
 * them ready to embed. `source` says where they came from, for the error message.
 */
export function prepareRibbons(
  ribbons: Readonly<Record<string, string>>,
  tables: readonly string[],
  source: string,
): Map<string, XmlNode> {
  const out = new Map<string, XmlNode>();
  for (const table of Object.keys(ribbons).sort()) {
    const where = `${source}/${table}.xml`;
    if (!tables.includes(table)) {
      throw invalid(`${where}: '${table}' is not a table of the solution (one of ${tables.join(', ')}).`);
    }
    const xml = stripDeclaration(ribbons[table]);
    try {
      const root = parseXml(xml);
      if (root.name !== 'RibbonDiffXml')
        throw invalid(`${where}:${root.line}: the root element must be <RibbonDiffXml>, not <${root.name}>.`);
    } catch (e) {
      if (e instanceof XmlParseError) throw invalid(`${where}:${e.line}: not well-formed XML: ${e.message}`);
      throw e;
    }
    out.set(table, raw(xml));
  }
  return out;
}

/** The empty RibbonDiffXml exports write for a table without command bar changes [C] (both examples). */
export function emptyRibbon(): XmlNode {
  return el('RibbonDiffXml', {}, [
    el('CustomActions'),
    el('Templates', {}, [el('RibbonTemplates', { Id: 'Mscrm.Templates' })]),
    el('CommandDefinitions'),
    el('RuleDefinitions', {}, [el('TabDisplayRules'), el('DisplayRules'), el('EnableRules')]),
    el('LocLabels'),
  ]);
}
