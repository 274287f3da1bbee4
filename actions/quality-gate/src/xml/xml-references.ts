/**
 * Character and entity references. Only the five predefined entities and numeric character
 * references exist for this parser: there is no DTD processing, so a reference to any other
 * entity is refused rather than expanded or silently dropped. That makes entity expansion
 * attacks (billion laughs) and external entities (XXE) impossible by construction.
 */
import { NAME_BYTE, SEMICOLON } from './xml-bytes.js';
import { Malformed } from './malformed.js';

/** `&` + the longest reference we accept: `#x10FFFF` or a long-ish entity name, then `;`. */
const MAX_REFERENCE_BYTES = 40;

const BARE_AMPERSAND = `'&' must start a reference like &amp; or &#38; (a literal '&' is written &amp;)`;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Checks the reference starting at buf[amp] (an `&`) and returns the offset just past its `;`,
 * or -1 when `end` cuts it and more data may complete it (`more`). Throws Malformed for anything
 * not allowed.
 */
export function scanReference(buf: Buffer, amp: number, end: number, more: boolean): number {
  const limit = Math.min(end, amp + MAX_REFERENCE_BYTES);
  let semi = amp + 1;
  while (semi < limit && buf[semi] !== SEMICOLON) {
    const b = buf[semi] as number;
    // Entity names are XML names; numeric references are '#' and (hex) digits.
    if (NAME_BYTE[b] === 0 && b !== 0x23) throw new Malformed(BARE_AMPERSAND, amp);
    semi += 1;
  }
  if (semi >= limit) {
    if (more && limit === end && end - amp < MAX_REFERENCE_BYTES) return -1;
    throw new Malformed(BARE_AMPERSAND, amp);
  }
  referenceValue(buf, amp, semi);
  return semi + 1;
}

/** The text a checked reference stands for; buf[amp] is `&` and buf[semi] is `;`. */
export function referenceValue(buf: Buffer, amp: number, semi: number): string {
  if (buf[amp + 1] === 0x23) return String.fromCodePoint(numericReference(buf, amp, semi));
  const name = buf.toString('utf8', amp + 1, semi);
  const text = PREDEFINED[name];
  if (text === undefined || !Object.hasOwn(PREDEFINED, name)) {
    throw new Malformed(
      `reference to undefined entity &${name}; refused: only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed (entities are never expanded)`,
      amp,
    );
  }
  return text;
}

function numericReference(buf: Buffer, amp: number, semi: number): number {
  const hex = buf[amp + 2] === 0x78;
  const digitsStart = amp + (hex ? 3 : 2);
  const text = buf.toString('latin1', amp, semi + 1);
  if (digitsStart >= semi) throw new Malformed(`malformed character reference ${text}`, amp);
  let value = 0;
  for (let i = digitsStart; i < semi; i += 1) {
    const b = buf[i] as number;
    let digit: number;
    if (b >= 0x30 && b <= 0x39) digit = b - 0x30;
    else if (hex && b >= 0x61 && b <= 0x66) digit = b - 0x57;
    else if (hex && b >= 0x41 && b <= 0x46) digit = b - 0x37;
    else throw new Malformed(`malformed character reference ${text}`, amp);
    value = value * (hex ? 16 : 10) + digit;
    if (value > 0x10ffff) throw new Malformed(`character reference ${text} is beyond Unicode`, amp);
  }
  // XML 1.0 forbids NUL, lone surrogates and the non-characters U+FFFE/U+FFFF. Other control
  // characters are accepted: XML 1.1 allows them as references and test reporters write them
  // for the escape codes of coloured output.
  if (value === 0 || (value >= 0xd800 && value <= 0xdfff) || value === 0xfffe || value === 0xffff) {
    throw new Malformed(`character reference ${text} is not an XML character`, amp);
  }
  return value;
}
