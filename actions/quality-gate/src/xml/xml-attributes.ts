/**
 * The attributes of one start tag, as offsets into the parser's buffer. Nothing is decoded until
 * asked for: a JUnit test case has several attributes and a consumer usually reads two or three,
 * and on a 1 GB report every avoided string is measurable. Valid only during the openTag call
 * that received it (the buffer moves on afterwards); copy out what you keep.
 */
import { latin1Text, utf8Text } from './buffer-text.js';
import { AMP, CR, LF, TAB } from './xml-bytes.js';
import { referenceValue } from './xml-references.js';

/** Per-value flags, found while the tokenizer scans the value anyway. */
export const VALUE_HAS_REFERENCE = 1;
export const VALUE_HAS_WHITESPACE = 2;
export const VALUE_NON_ASCII = 4;

const FIELDS = 5;

const NON_ASCII = /[\u0080-\uffff]/;

export class XmlAttributes {
  private buf: Buffer = Buffer.alloc(0);
  private count = 0;
  /** Per attribute: name start, name end, value start, value end, flags. */
  private slots = new Int32Array(8 * FIELDS);
  private latin1 = false;

  get length(): number {
    return this.count;
  }

  /**
   * Value of the attribute named `name` (exact, case-sensitive), decoded; undefined when absent.
   * When the value is the same text as `reuse`, `reuse` itself is returned: consecutive test
   * cases mostly share their classname, and this saves a string per case.
   */
  get(name: string, reuse?: string): string | undefined {
    const i = this.indexOf(name);
    if (i < 0) return undefined;
    if (reuse !== undefined && this.valueIs(i, reuse)) return reuse;
    return this.valueAt(i);
  }

  /**
   * The value as a number, as Number() reads its text, but parsed from the bytes without making
   * a string when it is a plain decimal (`12`, `0.004`); NaN for an empty or non-numeric value,
   * undefined when absent.
   */
  getNumber(name: string): number | undefined {
    const i = this.indexOf(name);
    if (i < 0) return undefined;
    const at = i * FIELDS;
    const start = this.slots[at + 2] as number;
    const end = this.slots[at + 3] as number;
    const plain = plainDecimal(this.buf, start, end);
    if (!Number.isNaN(plain) || start === end) return plain;
    const text = this.valueAt(i).trim();
    return text === '' ? Number.NaN : Number(text);
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  nameAt(i: number): string {
    const at = this.slot(i);
    return this.decode(this.slots[at] as number, this.slots[at + 1] as number);
  }

  valueAt(i: number): string {
    const at = this.slot(i);
    const start = this.slots[at + 2] as number;
    const end = this.slots[at + 3] as number;
    const flags = this.slots[at + 4] as number;
    if (flags === 0) return latin1Text(this.buf, start, end);
    if ((flags & (VALUE_HAS_REFERENCE | VALUE_HAS_WHITESPACE)) === 0) return this.decode(start, end);
    return this.decodeWithReferences(start, end);
  }

  /** All attributes as a plain object (for tests and diagnostics; allocates). */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < this.count; i += 1) out[this.nameAt(i)] = this.valueAt(i);
    return out;
  }

  /** @internal The tokenizer's side: start a new tag. */
  reset(buf: Buffer, latin1: boolean): void {
    this.buf = buf;
    this.count = 0;
    this.latin1 = latin1;
  }

  /**
   * @internal Record one attribute; returns false when an attribute of the same name is already
   * there (a well-formedness error the tokenizer reports with its position).
   */
  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, flags: number): boolean {
    const length = nameEnd - nameStart;
    for (let i = 0; i < this.count; i += 1) {
      const at = i * FIELDS;
      const otherStart = this.slots[at] as number;
      if ((this.slots[at + 1] as number) - otherStart === length && this.sameBytes(otherStart, nameStart, length)) {
        return false;
      }
    }
    let at = this.count * FIELDS;
    if (at + FIELDS > this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slots[at++] = nameStart;
    this.slots[at++] = nameEnd;
    this.slots[at++] = valueStart;
    this.slots[at++] = valueEnd;
    this.slots[at] = flags;
    this.count += 1;
    return true;
  }

  private slot(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`no attribute at index ${i}`);
    return i * FIELDS;
  }

  private indexOf(name: string): number {
    const length = name.length;
    for (let i = 0; i < this.count; i += 1) {
      const at = i * FIELDS;
      const start = this.slots[at] as number;
      if ((this.slots[at + 1] as number) - start !== length) continue;
      let k = 0;
      while (k < length && this.buf[start + k] === name.charCodeAt(k)) k += 1;
      if (k === length) return i;
    }
    // Names are compared byte for code unit, which is exact for ASCII names; a non-ASCII name
    // has more UTF-8 bytes than code units, so compare those decoded.
    if (!isAscii(name)) {
      for (let i = 0; i < this.count; i += 1) if (this.nameAt(i) === name) return i;
    }
    return -1;
  }

  /** Is value i exactly `text`? Checked on the bytes for plain ASCII values, else decoded. */
  private valueIs(i: number, text: string): boolean {
    const at = i * FIELDS;
    if ((this.slots[at + 4] as number) !== 0) return this.valueAt(i) === text;
    const start = this.slots[at + 2] as number;
    const length = text.length;
    if ((this.slots[at + 3] as number) - start !== length) return false;
    for (let k = 0; k < length; k += 1) if (this.buf[start + k] !== text.charCodeAt(k)) return false;
    return true;
  }

  private sameBytes(a: number, b: number, length: number): boolean {
    for (let k = 0; k < length; k += 1) if (this.buf[a + k] !== this.buf[b + k]) return false;
    return true;
  }

  private decode(start: number, end: number): string {
    return this.latin1 ? latin1Text(this.buf, start, end) : utf8Text(this.buf, start, end);
  }

  /**
   * Attribute-value normalisation (XML 1.0 section 3.3.3): each literal line break (CR LF, CR or
   * LF) and tab becomes one space, while characters written as references are kept as they are.
   */
  private decodeWithReferences(start: number, end: number): string {
    let out = '';
    let from = start;
    for (let p = start; p < end; p += 1) {
      const b = this.buf[p];
      if (b === AMP) {
        const semi = this.buf.indexOf(0x3b, p);
        out += this.decode(from, p) + referenceValue(this.buf, p, semi);
        p = semi;
        from = semi + 1;
      } else if (b === TAB || b === LF || b === CR) {
        out += `${this.decode(from, p)} `;
        if (b === CR && this.buf[p + 1] === LF) p += 1;
        from = p + 1;
      }
    }
    return out + this.decode(from, end);
  }
}

function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/**
 * `-?digits(.digits)?` with at most 15 digits, else NaN. The digits are read as one integer and
 * divided by a power of ten once: both exact in a double, so the result is the correctly rounded
 * value, the same as Number() gives.
 */
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

function plainDecimal(buf: Buffer, start: number, end: number): number {
  let p = start;
  const negative = buf[p] === 0x2d;
  if (negative) p += 1;
  let mantissa = 0;
  let digits = 0;
  let scale = -1;
  for (; p < end; p += 1) {
    const b = buf[p] as number;
    if (b >= 0x30 && b <= 0x39) {
      mantissa = mantissa * 10 + (b - 0x30);
      digits += 1;
      if (scale >= 0) scale += 1;
    } else if (b === 0x2e && scale < 0) {
      scale = 0;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > 15 || scale === 0) return Number.NaN;
  const value = scale > 0 ? mantissa / (POWERS_OF_TEN[scale] as number) : mantissa;
  return negative ? -value : value;
}
