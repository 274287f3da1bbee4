import { open } from 'node:fs/promises';

/** Files larger than this are not scanned for secrets or regulated data (they are listed as skipped). */
export const MAX_SCANNED_BYTES = 2 * 1024 * 1024;

export type FileContent =
  | { kind: 'text'; text: string }
  | { kind: 'binary'; head: Uint8Array }
  | { kind: 'not-utf8'; offset: number }
  | { kind: 'too-large'; head: Uint8Array };

const HEAD_BYTES = 512;

/**
 * Reads a file for scanning. Binary content (a NUL byte in the first 8 KiB, as Git decides) is
 * returned as its head only, for magic-number checks. Text must be valid UTF-8: a fatal decoder
 * finds the first bad byte, which the report names instead of scanning replacement characters.
 */
export async function readForScan(absolute: string, bytes: number): Promise<FileContent> {
  const handle = await open(absolute, 'r');
  try {
    if (bytes > MAX_SCANNED_BYTES) {
      const head = new Uint8Array(HEAD_BYTES);
      const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
      return { kind: 'too-large', head: head.subarray(0, bytesRead) };
    }
    const buffer = await handle.readFile();
    const probe = buffer.subarray(0, 8192);
    if (probe.includes(0)) return { kind: 'binary', head: buffer.subarray(0, HEAD_BYTES) };
    try {
      return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer) };
    } catch {
      return { kind: 'not-utf8', offset: firstInvalidUtf8(buffer) };
    }
  } finally {
    await handle.close();
  }
}

/** Byte offset of the first byte that breaks UTF-8, for the skip message. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
