/**
 * Which encoding a document's first bytes announce (XML 1.0 appendix F). The tokenizer works on
 * UTF-8 (or ISO-8859-1, from the XML declaration); a UTF-16 document, with a byte order mark or
 * recognisable by its `<` followed or preceded by a zero byte, is transcoded to UTF-8 on the fly
 * (see Utf16Transcoder). UTF-32 has no TextDecoder in Node and no test reporter writes it, so it
 * is refused by name instead of failing later as "binary data".
 */
export type SniffedEncoding =
  | { encoding: 'utf-8'; skip: number }
  | { encoding: 'utf-16le' | 'utf-16be'; skip: number }
  | { encoding: 'utf-32'; skip: 0 };

/** Bytes needed to decide; fewer are enough only at the end of the input. */
export const SNIFF_BYTES = 4;

export function sniffEncoding(head: Buffer): SniffedEncoding {
  const [b0, b1, b2, b3] = [head[0], head[1], head[2], head[3]];
  if (
    (b0 === 0 && b1 === 0 && (b2 === 0xfe || b2 === 0) && (b3 === 0xff || b3 === 0x3c)) ||
    (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0)
  ) {
    return { encoding: 'utf-32', skip: 0 };
  }
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', skip: 0 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', skip: 0 };
  if (b0 === 0x3c && b1 === 0 && b2 !== 0) return { encoding: 'utf-16le', skip: 0 };
  if (b0 === 0 && b1 === 0x3c) return { encoding: 'utf-16be', skip: 0 };
  return { encoding: 'utf-8', skip: 0 };
}
