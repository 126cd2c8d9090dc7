/**
 * Reads XML into a small tree that remembers the line of every element, using `sax` (strict mode), so
 * that `solution check` and the packer's input checks can say where a problem is, not only what it is.
 */
import sax from 'sax';

export interface XNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XNode[];
  /** Concatenated text content directly inside this element. */
  text: string;
  /** 1-based line of the element's start tag. */
  readonly line: number;
}

export class XmlParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'XmlParseError';
  }
}

/** Parse a whole document; throws XmlParseError (with its line) when it is not well-formed. */
export function parseXml(xml: string): XNode {
  const parser = sax.parser(true, { position: true, trim: false });
  const stack: XNode[] = [];
  let root: XNode | undefined;
  let failure: XmlParseError | undefined;
  parser.onerror = (err: Error) => {
    if (!failure) failure = new XmlParseError(err.message.split('\n')[0], parser.line + 1);
    // Stop at the first error: later ones are consequences of it.
    throw failure;
  };
  parser.onopentag = (tag) => {
    // No prototype: a manifest's `constructor` attribute must not resolve to Object.prototype.constructor.
    const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = typeof v === 'string' ? v : v.value;
    const node: XNode = { name: tag.name, attrs, children: [], text: '', line: parser.line + 1 };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  try {
    parser.write(xml.replace(/^\uFEFF/, '')).close();
  } catch (e) {
    if (failure) throw failure;
    throw e;
  }
  if (!root) throw new XmlParseError('The document has no root element.', 1);
  return root;
}

/** Direct children named `name`. */
export function children(node: XNode, name: string): XNode[] {
  return node.children.filter((c) => c.name === name);
}

export function child(node: XNode, name: string): XNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Every descendant (depth first, document order) named `name`. */
export function descendants(node: XNode, name: string): XNode[] {
  const out: XNode[] = [];
  const walk = (n: XNode) => {
    for (const c of n.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

/** Text of a child element, trimmed; undefined when absent. */
export function childText(node: XNode, name: string): string | undefined {
  const c = child(node, name);
  return c ? c.text.trim() : undefined;
}

/** An attribute's value; own properties only (`constructor` is a real PCF manifest attribute). */
export function attr(node: XNode, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(node.attrs, name) ? node.attrs[name] : undefined;
}
