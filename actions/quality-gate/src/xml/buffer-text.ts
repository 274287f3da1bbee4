/**
 * Decoding a byte range of a Buffer to a string. Buffer#latin1Slice and #utf8Slice are what
 * Buffer#toString calls after checking its arguments; they are public on Buffer.prototype since
 * Node 0.x but missing from @types/node. Calling them directly saves the checks on the millions
 * of short names and values of a large report (measured ~10 % of decode time).
 */
interface BufferSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** Bytes as ISO-8859-1 (for ASCII-only ranges this equals UTF-8 and is the cheapest decode). */
export function latin1Text(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as BufferSlices).latin1Slice(start, end);
}

/** Bytes as UTF-8; invalid sequences become U+FFFD. */
export function utf8Text(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as BufferSlices).utf8Slice(start, end);
}
