/**
 * The DOCTYPE is accepted only as a name with an optional external identifier, which is never
 * fetched. An internal subset (`[...]`) is where entities are declared: billion laughs and XXE
 * both need one, and no test or coverage report has one, so it is refused outright instead of
 * being parsed and ignored.
 */
import { DQUOTE, GT, LBRACKET, SQUOTE } from './xml-bytes.js';
import { Malformed } from './malformed.js';

const OPENER_BYTES = '<!DOCTYPE'.length;

/**
 * The offset just past the DOCTYPE starting at buf[start], or -1 when the buffer ends first.
 * Throws Malformed for an internal subset, a NUL byte, or more than `maxBytes`.
 */
export function scanDoctype(buf: Buffer, start: number, maxBytes: number): number {
  let quote = 0;
  const end = Math.min(buf.length, start + maxBytes + 1);
  for (let p = start + OPENER_BYTES; p < end; p += 1) {
    const b = buf[p] as number;
    if (quote !== 0) {
      if (b === quote) quote = 0;
    } else if (b === DQUOTE || b === SQUOTE) {
      quote = b;
    } else if (b === LBRACKET) {
      throw new Malformed(
        'DOCTYPE with an internal subset refused: entity and DTD declarations are never processed (entity expansion and external entities are not allowed in reports)',
        start,
      );
    } else if (b === GT) {
      return p + 1;
    } else if (b === 0) {
      throw new Malformed('NUL byte: this is binary data, not XML', p);
    }
  }
  if (end - start > maxBytes) throw new Malformed(`a DOCTYPE longer than ${maxBytes} bytes (limit maxTagBytes)`, start);
  return -1;
}
