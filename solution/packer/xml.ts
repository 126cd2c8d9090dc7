/**
 * A tiny XML writer: build a tree with `el`, serialise it with stable indentation. Hand-written because
 * the packer needs exactly three things an XML library would make harder: byte-identical output for the
 * same tree (attribute order as written, fixed two-space indentation, `\n` line ends), one element per
 * line so that `solution check` can point at a line, and verbatim embedding of fragments we did not
 * build (RibbonDiffXml files), which the XSD check then validates like everything else.
 */

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attrs: ReadonlyArray<readonly [string, string]>;
  readonly children: readonly XmlNode[];
}
export interface XmlText {
  readonly kind: 'text';
  readonly value: string;
}
/** Already-serialised XML, inserted as is (its lines re-indented). */
export interface XmlRaw {
  readonly kind: 'raw';
  readonly xml: string;
}
export type XmlNode = XmlElement | XmlText | XmlRaw;

export type AttrValue = string | number | boolean | undefined | null;
/** Children may be left out conditionally: `cond && el(...)`. */
export type Child = XmlNode | undefined | null | false;

// XML 1.0 forbids most control characters even escaped; fail the build rather than write a file
// Dataverse would reject at import.
const INVALID_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkChars(value: string, where: string): string {
  if (INVALID_CHARS.test(value)) throw new Error(`Character not allowed in XML in ${where}: ${JSON.stringify(value)}`);
  return value;
}

export function escapeText(value: string): string {
  return checkChars(value, 'text').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

export function el(name: string, attrs: Record<string, AttrValue> = {}, children: readonly Child[] = []): XmlElement {
  const list: [string, string][] = [];
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    list.push([k, typeof v === 'boolean' ? String(v) : String(v)]);
  }
  return { kind: 'element', name, attrs: list, children: children.filter((c): c is XmlNode => !!c) };
}

export function text(value: string | number): XmlText {
  return { kind: 'text', value: String(value) };
}

export function raw(xml: string): XmlRaw {
  return { kind: 'raw', xml };
}

/** `<name>value</name>`; booleans become Dataverse's `1`/`0`. */
export function leaf(name: string, value: string | number | boolean): XmlElement {
  return el(name, {}, [text(typeof value === 'boolean' ? (value ? '1' : '0') : value)]);
}

function openTag(node: XmlElement): string {
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  return `<${node.name}${attrs}`;
}

function write(node: XmlNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  if (node.kind === 'text') {
    out.push(pad + escapeText(node.value));
    return;
  }
  if (node.kind === 'raw') {
    for (const line of node.xml.split(/\r?\n/)) if (line.trim() !== '') out.push(pad + line.trimEnd());
    return;
  }
  if (node.children.length === 0) {
    out.push(`${pad}${openTag(node)} />`);
    return;
  }
  const only = node.children[0];
  if (node.children.length === 1 && only.kind === 'text') {
    out.push(`${pad}${openTag(node)}>${escapeText(only.value)}</${node.name}>`);
    return;
  }
  out.push(`${pad}${openTag(node)}>`);
  for (const child of node.children) write(child, depth + 1, out);
  out.push(`${pad}</${node.name}>`);
}

/** A whole document: declaration, the tree, a final newline. UTF-8 without BOM. */
export function serializeDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  write(root, 0, out);
  return `${out.join('\n')}\n`;
}

/** One element without declaration (tests, fragments). */
export function serializeElement(node: XmlElement): string {
  const out: string[] = [];
  write(node, 0, out);
  return out.join('\n');
}

/** Strip an XML declaration and BOM from a fragment read from disk before embedding it. */
export function stripDeclaration(xml: string): string {
  return xml
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[^?]*\?>\s*/, '')
    .trim();
}
