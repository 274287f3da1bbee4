/**
 * Streams the lines of a UTF-8 byte source to a visitor, in time linear in the input.
 *
 * Lines are handed over as byte ranges of the chunk they are in: nothing is decoded unless the
 * parser asks (`lineText`), because decoding a whole report costs more than parsing it (UTF-8
 * decoding runs at about 200 MB/s; a byte scan at over 500). Only a line spanning chunks is
 * assembled, once, at its newline. A line longer than `maxLineBytes` is skipped (reported to
 * `onOverlongLine`) instead of being gathered: a 100 MB single-line file costs no more memory
 * than a short one.
 */
import { isAscii } from 'node:buffer';

/** A line of `bytes` from `start` to `end` (exclusive), without `\n` or a trailing `\r`. */
export type LineVisitor = (bytes: Buffer, start: number, end: number, lineNumber: number) => void;

export interface ByteLinesOptions {
  /** Longest line accepted; longer ones are skipped. Default 1 MiB. */
  maxLineBytes?: number;
  onOverlongLine?: (lineNumber: number, bytes: number) => void;
}

export interface ByteLinesResult {
  lines: number;
  bytes: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Text of a byte range: a Latin-1 copy when it is ASCII (the common case), else UTF-8. Short
 * ranges (names, keys) are checked by a loop, which beats making a view for the SIMD check.
 */
export function lineText(bytes: Buffer, start: number, end: number): string {
  let ascii = true;
  if (end - start <= 64) {
    for (let i = start; i < end; i += 1) {
      if ((bytes[i] as number) >= 0x80) {
        ascii = false;
        break;
      }
    }
  } else {
    ascii = isAscii(bytes.subarray(start, end));
  }
  return bytes.toString(ascii ? 'latin1' : 'utf8', start, end);
}

export async function forEachLine(
  source: AsyncIterable<Buffer>,
  visit: LineVisitor,
  options: ByteLinesOptions = {},
): Promise<ByteLinesResult> {
  const splitter = new LineSplitter(visit, options);
  for await (const chunk of source) splitter.push(chunk);
  return splitter.end();
}

/**
 * The splitting itself, in plain methods rather than in the async loop above: V8 optimises a
 * hot loop inside an async function late (on-stack replacement), which halved throughput.
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private lineNumber = 0;
  private total = 0;
  /** An unfinished line: its parts so far, or (when too long) only its length. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overlong = false;

  constructor(
    private readonly visit: LineVisitor,
    private readonly options: ByteLinesOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    let start = 0;
    if (this.pendingBytes > 0 || this.overlong) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.keepPending(chunk);
        return;
      }
      this.finishPending(chunk.subarray(0, newline));
      start = newline + 1;
    }
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline < 0) break;
      this.emit(chunk, start, newline);
      start = newline + 1;
    }
    this.keepPending(chunk.subarray(start));
  }

  end(): ByteLinesResult {
    if (this.pendingBytes > 0 || this.overlong) this.finishPending(Buffer.alloc(0));
    return { lines: this.lineNumber, bytes: this.total };
  }

  private emit(bytes: Buffer, start: number, end: number): void {
    this.lineNumber += 1;
    if (end - start > this.maxLineBytes) {
      this.options.onOverlongLine?.(this.lineNumber, end - start);
      return;
    }
    this.visit(bytes, start, end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end, this.lineNumber);
  }

  private finishPending(tail: Buffer): void {
    if (this.overlong) {
      this.lineNumber += 1;
      this.options.onOverlongLine?.(this.lineNumber, this.pendingBytes + tail.length);
    } else {
      this.pending.push(tail);
      const joined = Buffer.concat(this.pending, this.pendingBytes + tail.length);
      this.emit(joined, 0, joined.length);
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.overlong = false;
  }

  private keepPending(part: Buffer): void {
    if (part.length === 0) return;
    if (!this.overlong && this.pendingBytes + part.length > this.maxLineBytes) {
      this.overlong = true;
      this.pending = [];
    }
    // Copied: a view would keep the whole chunk alive, and some sources reuse their buffers.
    if (!this.overlong) this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }
}
