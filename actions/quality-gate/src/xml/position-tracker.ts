/**
 * Line and column for error messages, without tracking them per byte: the hot loop never
 * touches line numbers. The tracker knows the position of the first byte of the parser's
 * current buffer; when the parser drops consumed bytes it counts them here (a native newline
 * search per line), and an error position is computed from there on demand.
 * Lines are counted at LF (so CR LF is one break); columns count characters (UTF-8 lead bytes).
 */
import { LF } from './xml-bytes.js';

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

export class PositionTracker {
  private line = 1;
  /** Characters between the last line break and the start of the current buffer. */
  private column = 0;

  /** The bytes buf[start, end) were consumed: move the base position past them. */
  advance(buf: Buffer, start: number, end: number): void {
    const { line, column } = this.walk(buf, start, end);
    this.line = line;
    this.column = column;
  }

  /** Position of buf[at], where buf[start] is at the tracker's current base position. */
  locate(buf: Buffer, start: number, at: number): TextPosition {
    const { line, column } = this.walk(buf, start, Math.min(Math.max(at, start), buf.length));
    return { line, column: column + 1 };
  }

  private walk(buf: Buffer, start: number, end: number): { line: number; column: number } {
    let line = this.line;
    let lineStart = -1;
    let p = buf.indexOf(LF, start);
    while (p !== -1 && p < end) {
      line += 1;
      lineStart = p + 1;
      p = buf.indexOf(LF, lineStart);
    }
    const from = lineStart === -1 ? start : lineStart;
    const base = lineStart === -1 ? this.column : 0;
    return { line, column: base + countCharacters(buf, from, end) };
  }
}

/** UTF-8 characters in buf[start, end): every byte that is not a continuation byte. */
function countCharacters(buf: Buffer, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i += 1) if (((buf[i] as number) & 0xc0) !== 0x80) count += 1;
  return count;
}
