/**
 * Reading execution counts as producers write them.
 *
 * Real reports hold surprises: gcov's counters wrap, so a line can show 18446744073709551615
 * (-1 as an unsigned 64-bit number) or a plain `-1`; hot loops legitimately exceed 2^32; some
 * tools write `1.5e+06`. A count is kept as a JavaScript number (exact to 2^53) in records; the
 * store saturates it to 32 bits.
 */

/** Counts at or above 2^63 can only be wrapped negatives: nothing runs that many times. */
const WRAPPED_NEGATIVE = 2 ** 63;

/** A negative count (written as `-n`, or wrapped): the caller warns and counts it as 0. */
export const NEGATIVE_COUNT = -1;

/**
 * The count in `text[start, end)`: a number >= 0, NEGATIVE_COUNT, or NaN when it is not a
 * number at all. Plain digits are read without making a substring.
 */
export function parseHitCount(text: string, start: number, end: number): number {
  if (start >= end) return Number.NaN;
  let value = 0;
  let position = start;
  while (position < end) {
    const digit = text.charCodeAt(position) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    position += 1;
  }
  if (position === end) return value >= WRAPPED_NEGATIVE ? NEGATIVE_COUNT : value;
  const written = text.slice(start, end).trim();
  if (written === '') return Number.NaN;
  const parsed = Number(written);
  if (!Number.isFinite(parsed)) return Number.NaN;
  if (parsed < 0 || parsed >= WRAPPED_NEGATIVE) return NEGATIVE_COUNT;
  return Math.floor(parsed);
}

/** parseHitCount over bytes (LCOV is parsed without decoding it). */
export function parseHitCountBytes(bytes: Uint8Array, start: number, end: number): number {
  if (start >= end) return Number.NaN;
  let value = 0;
  let position = start;
  while (position < end) {
    const digit = (bytes[position] as number) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    position += 1;
  }
  if (position === end) return value >= WRAPPED_NEGATIVE ? NEGATIVE_COUNT : value;
  return parseHitCountText(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1'));
}

/** parseLineNumber over bytes. */
export function parseLineNumberBytes(bytes: Uint8Array, start: number, end: number): number {
  if (start >= end || end - start > 10) return -1;
  let value = 0;
  for (let position = start; position < end; position += 1) {
    const digit = (bytes[position] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value >= 1 && value <= MAX_LINE_NUMBER ? value : -1;
}

/** A 1-based line number or similar positive index in `text[start, end)`, or -1. */
export function parseLineNumber(text: string, start: number, end: number): number {
  if (start >= end || end - start > 10) return -1;
  let value = 0;
  for (let position = start; position < end; position += 1) {
    const digit = text.charCodeAt(position) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value >= 1 && value <= MAX_LINE_NUMBER ? value : -1;
}

/** Lines beyond this are junk (no source file has two billion lines) and would overflow Int32. */
export const MAX_LINE_NUMBER = 0x7fffffff;

/** A count as an attribute string (XML formats): same rules, for a whole string. */
export function parseHitCountText(text: string): number {
  return parseHitCount(text, 0, text.length);
}
