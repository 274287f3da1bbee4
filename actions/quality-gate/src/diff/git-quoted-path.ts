/**
 * Git writes a path that contains a double quote, backslash, control character or (with the
 * default core.quotePath) any byte above 0x7F as a C-style quoted string: `"t\303\251st.txt"`.
 * The octal escapes are bytes of the UTF-8 name, so they are collected as bytes and decoded
 * once, or a multi-byte character would be torn apart.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  t: 0x09,
  n: 0x0a,
  v: 0x0b,
  f: 0x0c,
  r: 0x0d,
  '"': 0x22,
  '\\': 0x5c,
};

export interface QuotedPath {
  value: string;
  /** Index just after the closing quote. */
  end: number;
}

/** Reads the quoted path starting at `start` (which must be a `"`); undefined when malformed. */
export function readQuotedPath(text: string, start = 0): QuotedPath | undefined {
  if (text[start] !== '"') return undefined;
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (char !== '\\') {
      // Unescaped text is already characters; keep it as its UTF-8 bytes.
      const codePoint = text.codePointAt(i) as number;
      const width = codePoint > 0xffff ? 2 : 1;
      bytes.push(...Buffer.from(text.slice(i, i + width), 'utf8'));
      i += width;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
      continue;
    }
    const octal = /^[0-3][0-7]{2}/.exec(text.slice(i + 1, i + 4));
    if (octal === null) return undefined;
    bytes.push(Number.parseInt(octal[0], 8));
    i += 4;
  }
  return undefined;
}

/** A path as git printed it: unquoted when it is quoted, else unchanged. */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"')) return text;
  const quoted = readQuotedPath(text);
  return quoted !== undefined && quoted.end === text.length ? quoted.value : text;
}
