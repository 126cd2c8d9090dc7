/**
 * customizations.xml against Microsoft's CustomizationsSolution.xsd (which includes the FormXml,
 * FetchXML, ribbon and site map schemas), with xmllint compiled to WebAssembly (`xmllint-wasm`), so
 * the check needs nothing outside npm. xmllint-wasm reads no files itself: every included XSD is handed
 * over as a preload file under the name the `xs:include` uses.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { validateXML, memoryPages } from 'xmllint-wasm';
import { MAIN_XSD } from './shared-dir';

export interface XsdFile {
  readonly fileName: string;
  readonly contents: string;
}

/**
 * FormXml.xsd lists the SearchWidgetControlParameters group in two branches of a control's
 * `<parameters>` choice (the tabs branch and a branch of its own). The libxml2 in xmllint-wasm
 * (2.13) enforces XSD's unique particle attribution and refuses to compile that ("content model is
 * not determinist"); the 2.9 xmllint the reference README used did not. Dropping the standalone
 * branch removes the ambiguity and accepts exactly the same documents, since the group stays
 * reachable through the tabs branch. The patch must match exactly; if the XSD changes, we fail loudly.
 */
const SEARCH_WIDGET_BRANCH =
  /\s*<!-- Search Widget parameters -->\s*<xs:choice minOccurs="1" maxOccurs="unbounded">\s*<xs:group ref="SearchWidgetControlParameters" minOccurs="0" maxOccurs="unbounded" \/>\s*<\/xs:choice>/;

function patch(fileName: string, contents: string): string {
  const text = contents.replace(/^\uFEFF/, '');
  if (fileName !== 'FormXml.xsd') return text;
  if (!SEARCH_WIDGET_BRANCH.test(text)) {
    throw new Error(
      'FormXml.xsd no longer has the duplicate Search Widget branch solution check removes; review the patch in check/xsd.ts.',
    );
  }
  return text.replace(SEARCH_WIDGET_BRANCH, '');
}

/** Every .xsd of the schema folder, patched for libxml2; the main schema first. */
export async function loadSchemas(schemaDir: string): Promise<XsdFile[]> {
  const names = (await fs.readdir(schemaDir)).filter((n) => n.endsWith('.xsd')).sort();
  const files: XsdFile[] = [];
  for (const fileName of names)
    files.push({ fileName, contents: patch(fileName, await fs.readFile(path.join(schemaDir, fileName), 'utf8')) });
  return files.sort((a, b) => (a.fileName === MAIN_XSD ? -1 : b.fileName === MAIN_XSD ? 1 : 0));
}

export interface XsdError {
  readonly line: number | null;
  readonly reason: string;
}

/** Validate one document; returns its errors (empty when valid). */
export async function validateAgainstXsd(
  fileName: string,
  xml: string,
  schemas: readonly XsdFile[],
): Promise<XsdError[]> {
  const [main, ...included] = schemas;
  const result = await validateXML({
    xml: [{ fileName, contents: xml.replace(/^\uFEFF/, '') }],
    schema: [main],
    preload: included,
    // customizations.xml runs to a megabyte and grows with every table; 256 MiB leaves ample room.
    maxMemoryPages: 256 * memoryPages.MiB,
  });
  if (result.valid) return [];
  const errors = result.errors.map((e) => ({
    line: e.loc && e.loc.fileName === fileName ? e.loc.lineNumber : null,
    reason: e.message.replace(/^(element [^:]+: )?Schemas validity error : /, '').trim(),
  }));
  // xmllint reports a document it could not parse with its own summary line; keep the real errors.
  return errors.filter((e) => e.reason !== '' && !/fails to validate$/.test(e.reason));
}
