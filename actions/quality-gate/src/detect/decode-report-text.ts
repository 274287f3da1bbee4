/**
 * Bytes of a report file to text. Producers write UTF-8, usually without a BOM, but a report
 * redirected to a file by Windows PowerShell 5 (`npm audit --json > audit.json`) is UTF-16LE
 * with a BOM, and some .NET tools write UTF-16 XML. Detection and the JSON parsers must read
 * those too, and must say clearly when a file is not text at all (an uploaded zip of the
 * artifact, a gzip'd report, random bytes).
 */
import { UserError } from '../../../../shared/runtime/errors.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Whether the file started with a byte order mark (it is not part of `text`). */
  bom: boolean;
}

/** Magic numbers of containers people upload by mistake, named in the error. */
const CONTAINER_SIGNATURES: { name: string; bytes: number[] }[] = [
  { name: 'a gzip-compressed file (decompress it first)', bytes: [0x1f, 0x8b] },
  { name: 'a zip archive (extract the report from it first)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

export function sniffEncoding(bytes: Uint8Array): { encoding: TextEncodingName; bomLength: number } {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  // UTF-32LE's BOM starts like UTF-16LE's; it is rejected as binary below by its NUL bytes.
  if (b0 === 0xff && b1 === 0xfe && !(b2 === 0 && b3 === 0)) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // No BOM: an ASCII first character in UTF-16 has one zero byte beside it (`<\0` or `\0<`).
  if (bytes.length >= 4 && b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return { encoding: 'utf-16le', bomLength: 0 };
  if (bytes.length >= 4 && b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * Decodes report bytes. `partial` is for a file's first bytes: the cut may split a character,
 * so decoding is lenient there; a whole file must be valid in its encoding.
 */
export function decodeReportText(bytes: Uint8Array, file: string, options: { partial?: boolean } = {}): DecodedText {
  if (bytes.length === 0) throw new UserError('the file is empty', file);
  for (const signature of CONTAINER_SIGNATURES) {
    if (signature.bytes.every((byte, index) => bytes[index] === byte)) {
      throw new UserError(`this is ${signature.name}, not a report`, file);
    }
  }
  const { encoding, bomLength } = sniffEncoding(bytes);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: !options.partial, ignoreBOM: true }).decode(bytes.subarray(bomLength));
  } catch {
    throw new UserError(`the file is not valid ${encoding.toUpperCase()} text`, file);
  }
  if (looksBinary(text)) throw new UserError('the file holds binary data, not a text report', file);
  return { text, encoding, bom: bomLength > 0 };
}

/**
 * Text reports never contain NUL, and contain other control characters (besides tab, line
 * feed, carriage return, form feed) or undecodable bytes only by accident. More than a few in
 * the first 64 KiB means the bytes are not text.
 */
function looksBinary(text: string): boolean {
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  let suspicious = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0xfffd) {
      suspicious += 1;
    }
  }
  return suspicious > 8 && suspicious > sample.length / 100;
}
