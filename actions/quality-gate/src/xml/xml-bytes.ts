/**
 * Byte constants and character classes for scanning UTF-8 XML without decoding it. Lookup tables
 * instead of comparisons because the scanner runs them once per byte of markup.
 */
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const BANG = 0x21;
export const DQUOTE = 0x22;
export const AMP = 0x26;
export const SQUOTE = 0x27;
export const DASH = 0x2d;
export const SLASH = 0x2f;
export const SEMICOLON = 0x3b;
export const LT = 0x3c;
export const EQUALS = 0x3d;
export const GT = 0x3e;
export const QUESTION = 0x3f;
export const LBRACKET = 0x5b;

/**
 * 1 = may start a name, 2 = may continue one. Bytes >= 0x80 are parts of UTF-8 encoded
 * characters; XML allows most non-ASCII letters in names and checking the exact Unicode ranges
 * would cost a decode per name, so every non-ASCII byte is accepted (the values are never
 * interpreted, only compared).
 */
export const NAME_BYTE = new Uint8Array(256);
for (let b = 0; b < 256; b += 1) {
  const letter = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
  if (letter || b === 0x5f || b === 0x3a || b >= 0x80) NAME_BYTE[b] = 3;
  else if ((b >= 0x30 && b <= 0x39) || b === DASH || b === 0x2e) NAME_BYTE[b] = 2;
}
export const NAME_START = 1;
export const NAME_CHAR = 2;

/**
 * Bytes an attribute value scan must look at (1); everything else (0) is plain ASCII that is
 * skipped: controls and line breaks, both quotes, `&`, `<`, and the bytes of non-ASCII characters.
 */
export const VALUE_BYTE = new Uint8Array(256);
for (let b = 0; b < 256; b += 1) {
  if (b < 0x20 || b === DQUOTE || b === SQUOTE || b === AMP || b === LT || b >= 0x80) VALUE_BYTE[b] = 1;
}

/** XML whitespace: space, tab, line feed, carriage return. */
export function isXmlSpace(b: number): boolean {
  return b === SPACE || b === LF || b === TAB || b === CR;
}

/** Does `buf` hold the ASCII text `literal` at `at`? (Callers check the length is available.) */
export function bytesEqual(buf: Buffer, at: number, literal: string): boolean {
  for (let i = 0; i < literal.length; i += 1) {
    if (buf[at + i] !== literal.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Where the last complete UTF-8 character in buf[start, end) ends: a chunk boundary can cut a
 * multi-byte character, and decoding the cut half would turn it into U+FFFD.
 */
export function completeUtf8End(buf: Buffer, start: number, end: number): number {
  let lead = end - 1;
  // A character is at most 4 bytes: look back over at most 3 continuation bytes for its lead byte.
  while (lead >= start && lead > end - 4 && ((buf[lead] as number) & 0xc0) === 0x80) lead -= 1;
  if (lead < start) return end;
  const b = buf[lead] as number;
  const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + size > end ? lead : end;
}
