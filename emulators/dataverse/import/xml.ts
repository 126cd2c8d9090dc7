/**
 * A small element tree over `saxes` (a strict, namespace-aware SAX parser) for reading solution files:
 * elements, attributes, direct text. The emulator reads the zip as Dataverse would, with its own reader,
 * never the packer's. saxes rather than sax: it parses an 800 KB customizations.xml several times faster.
 */
import { SaxesParser } from 'saxes';

export interface XNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XNode[];
  text: string;
}

/** Parses a document; throws with the parser's message when it is not well-formed. */
export function parseXml(xml: string): XNode {
  const parser = new SaxesParser();
  const stack: XNode[] = [];
  let root: XNode | undefined;
  parser.on('error', (err: Error) => {
    throw err;
  });
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = v;
    const node: XNode = { name: tag.name, attrs, children: [], text: '' };
    stack[stack.length - 1]?.children.push(node);
    root ??= node;
    stack.push(node);
  });
  parser.on('closetag', () => void stack.pop());
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.write(xml.replace(/^\uFEFF/, '')).close();
  if (!root) throw new Error('The document has no root element.');
  return root;
}

export const kids = (n: XNode | undefined, name: string): XNode[] =>
  n ? n.children.filter((c) => c.name === name) : [];
export const kid = (n: XNode | undefined, name: string): XNode | undefined => n?.children.find((c) => c.name === name);
export const txt = (n: XNode | undefined, name: string): string | undefined => {
  const c = kid(n, name);
  return c ? c.text.trim() : undefined;
};
export const flag = (n: XNode | undefined, name: string, fallback = false): boolean => {
  const t = txt(n, name);
  return t === undefined ? fallback : t === '1' || t.toLowerCase() === 'true';
};
export const num = (n: XNode | undefined, name: string): number | undefined => {
  const t = txt(n, name);
  return t === undefined || t === '' ? undefined : Number(t);
};
export const attr = (n: XNode | undefined, name: string): string | undefined =>
  n && Object.prototype.hasOwnProperty.call(n.attrs, name) ? n.attrs[name] : undefined;

/** The 1033 (or first) label of `<container><item description=".." languagecode=".."/></container>`. */
export function label(n: XNode | undefined, container: string, item: string): string {
  const items = kids(kid(n, container), item);
  const chosen = items.find((i) => attr(i, 'languagecode') === '1033') ?? items[0];
  return attr(chosen, 'description') ?? '';
}
