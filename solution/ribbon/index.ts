/**
 * The Work 365 command bar: definitions (commands.ts), labels (strings.ts) and the RibbonDiffXml
 * renderer (render.ts). `w365 webresources build` writes `solution/ribbon/<table>.xml`, the files the
 * packer's ribbon extension point reads, next to the web resources those ribbons call.
 */
import { renderRibbonDiffXml } from './render';
import { TABLE_RIBBONS } from './commands';

export * from './commands';
export { RibbonStrings, RIBBON_LANGUAGE_CODE } from './strings';
export { renderRibbonDiffXml, ribbonDiffXmlElement, ribbonIds } from './render';

/** Table logical name -> RibbonDiffXml text, for every table with Work 365 commands. */
export function ribbonDiffXmlByTable(): Record<string, string> {
  return Object.fromEntries(TABLE_RIBBONS.map((r) => [r.table.logicalName, renderRibbonDiffXml(r)]));
}
