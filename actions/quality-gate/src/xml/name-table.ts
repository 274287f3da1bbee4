/**
 * Element names, decoded once and shared. A report repeats the same few names (testcase,
 * failure, system-out...) millions of times; looking the bytes up here returns the same string
 * without allocating, and lets end tags be matched to start tags by identity. The table is
 * bounded, so a document with millions of distinct names costs decodes, not memory.
 */
import { latin1Text, utf8Text } from './buffer-text.js';

const BUCKETS = 1024;
const MAX_ENTRIES = 4_096;

interface Entry {
  bytes: Buffer;
  text: string;
}

export class NameTable {
  private readonly buckets: (Entry[] | undefined)[] = new Array<Entry[] | undefined>(BUCKETS);
  private entries = 0;

  /** The name in buf[start, end) as a string; `latin1` when the document is ISO-8859-1. */
  intern(buf: Buffer, start: number, end: number, latin1: boolean): string {
    const length = end - start;
    const hash = (length * 31 + (buf[start] as number) * 7 + (buf[end - 1] as number)) & (BUCKETS - 1);
    const bucket = this.buckets[hash];
    if (bucket !== undefined) {
      for (const entry of bucket) {
        const bytes = entry.bytes;
        if (bytes.length !== length) continue;
        let k = 0;
        while (k < length && bytes[k] === buf[start + k]) k += 1;
        if (k === length) return entry.text;
      }
    }
    const text = latin1 ? latin1Text(buf, start, end) : utf8Text(buf, start, end);
    if (this.entries < MAX_ENTRIES) {
      const entry = { bytes: Buffer.from(buf.subarray(start, end)), text };
      if (bucket === undefined) this.buckets[hash] = [entry];
      else bucket.push(entry);
      this.entries += 1;
    }
    return text;
  }
}
