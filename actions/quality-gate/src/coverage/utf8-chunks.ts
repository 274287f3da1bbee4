/**
 * Byte chunks of a text report as UTF-8 without a byte-order mark.
 *
 * Line-based parsers split on the byte 0x0A, which in UTF-8 never occurs inside a multi-byte
 * character; UTF-16 (what Windows PowerShell's `>` writes, with a BOM) would break that, so it is
 * transcoded here, chunk by chunk, and the common UTF-8 case passes through untouched.
 */
import { TextDecoder } from 'node:util';

export type TextEncodingFound = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Bytes needed to tell the BOMs apart (UTF-8's is three). */
const BOM_BYTES = 3;

export async function* utf8Chunks(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  onEncoding?: (encoding: TextEncodingFound) => void,
): AsyncGenerator<Buffer> {
  let decoder: TextDecoder | undefined;
  // The first bytes are held until a BOM can be recognised, however the source chunks them.
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const piece of source) {
    let chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : toBuffer(piece);
    if (head !== undefined) {
      head = Buffer.concat([head, chunk]);
      if (head.length < BOM_BYTES) continue;
      ({ decoder, rest: chunk } = startDecoding(head, onEncoding));
      head = undefined;
    }
    yield* convert(chunk, decoder);
  }
  if (head !== undefined && head.length > 0) {
    let rest: Buffer;
    ({ decoder, rest } = startDecoding(head, onEncoding));
    yield* convert(rest, decoder);
  }
  if (decoder) {
    const rest = decoder.decode();
    if (rest.length > 0) yield Buffer.from(rest, 'utf8');
  }
}

function startDecoding(
  head: Buffer,
  onEncoding: ((encoding: TextEncodingFound) => void) | undefined,
): { decoder: TextDecoder | undefined; rest: Buffer } {
  if (head[0] === 0xff && head[1] === 0xfe) {
    onEncoding?.('utf-16le');
    return { decoder: new TextDecoder('utf-16le'), rest: head.subarray(2) };
  }
  if (head[0] === 0xfe && head[1] === 0xff) {
    onEncoding?.('utf-16be');
    return { decoder: new TextDecoder('utf-16be'), rest: head.subarray(2) };
  }
  onEncoding?.('utf-8');
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  return { decoder: undefined, rest: bom ? head.subarray(3) : head };
}

function* convert(chunk: Buffer, decoder: TextDecoder | undefined): Generator<Buffer> {
  if (!decoder) {
    if (chunk.length > 0) yield chunk;
    return;
  }
  const text = decoder.decode(chunk, { stream: true });
  if (text.length > 0) yield Buffer.from(text, 'utf8');
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
