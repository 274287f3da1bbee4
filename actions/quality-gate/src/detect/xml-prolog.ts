/**
 * The beginning of an XML document as far as detection needs it: the DOCTYPE (JaCoCo and
 * Cobertura announce themselves there), the root element with its attributes, and the name of
 * the first child element. It never expands entities or follows DTDs; it only skips over them,
 * so a "billion laughs" DOCTYPE costs nothing here (the XML parsers reject it later).
 */

export interface XmlProlog {
  doctype?: { name: string; text: string };
  root: { name: string; attributes: Map<string, string> };
  /** Name of the first child element of the root, when it is within the text. */
  firstChild?: string;
}

const NAME = /[A-Za-z_][\w.:-]*/y;

/** Undefined when `text` does not look like XML (its first significant character is not `<`). */
export function readXmlProlog(text: string): XmlProlog | undefined {
  let pos = skipMisc(text, 0);
  let doctype: XmlProlog['doctype'];
  if (text.startsWith('<!DOCTYPE', pos)) {
    const end = doctypeEnd(text, pos);
    if (end === -1) return undefined;
    const body = text.slice(pos + '<!DOCTYPE'.length, end);
    doctype = { name: /^\s*([^\s[>]+)/.exec(body)?.[1] ?? '', text: body };
    pos = skipMisc(text, end + 1);
  }
  if (text[pos] !== '<') return undefined;
  const root = readStartTag(text, pos);
  if (!root) return undefined;
  const prolog: XmlProlog = { root: { name: root.name, attributes: root.attributes } };
  if (doctype) prolog.doctype = doctype;
  if (!root.selfClosing) {
    const child = firstChildName(text, root.end);
    if (child) prolog.firstChild = child;
  }
  return prolog;
}

/** Skips whitespace, the XML declaration, processing instructions and comments. */
function skipMisc(text: string, from: number): number {
  let pos = from;
  for (;;) {
    while (pos < text.length && /\s/.test(text[pos] as string)) pos += 1;
    if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos + 2);
      if (end === -1) return text.length;
      pos = end + 2;
    } else if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end === -1) return text.length;
      pos = end + 3;
    } else {
      return pos;
    }
  }
}

/** Index of the `>` closing a DOCTYPE, past any internal subset `[...]` and quoted strings. */
function doctypeEnd(text: string, from: number): number {
  let inSubset = false;
  let quote: string | undefined;
  for (let i = from + 2; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[') {
      inSubset = true;
    } else if (c === ']') {
      inSubset = false;
    } else if (c === '>' && !inSubset) {
      return i;
    }
  }
  return -1;
}

function readStartTag(
  text: string,
  from: number,
): { name: string; attributes: Map<string, string>; end: number; selfClosing: boolean } | undefined {
  NAME.lastIndex = from + 1;
  const name = NAME.exec(text)?.[0];
  if (!name) return undefined;
  const attributes = new Map<string, string>();
  let pos = from + 1 + name.length;
  const attribute = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/y;
  for (;;) {
    attribute.lastIndex = pos;
    const match = attribute.exec(text);
    if (!match) break;
    attributes.set(match[1] as string, match[3] ?? match[4] ?? '');
    pos = attribute.lastIndex;
  }
  while (pos < text.length && /\s/.test(text[pos] as string)) pos += 1;
  // A root tag cut by the end of the head still tells its name and the attributes read so far.
  if (text.indexOf('>', pos) === -1) return { name: localName(name), attributes, end: text.length, selfClosing: false };
  if (text.startsWith('/>', pos)) return { name: localName(name), attributes, end: pos + 2, selfClosing: true };
  if (text[pos] !== '>') return undefined;
  return { name: localName(name), attributes, end: pos + 1, selfClosing: false };
}

function firstChildName(text: string, from: number): string | undefined {
  let pos = from;
  for (;;) {
    const open = text.indexOf('<', pos);
    if (open === -1) return undefined;
    if (text.startsWith('<!--', open) || text.startsWith('<?', open)) {
      const end = text.indexOf(text.startsWith('<!--', open) ? '-->' : '?>', open);
      if (end === -1) return undefined;
      pos = end + 2;
      continue;
    }
    if (text.startsWith('<![CDATA[', open) || text[open + 1] === '/') return undefined;
    NAME.lastIndex = open + 1;
    const name = NAME.exec(text)?.[0];
    return name ? localName(name) : undefined;
  }
}

/** `ns2:testsuite` -> `testsuite`: a namespace prefix does not change what the element is. */
function localName(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}
