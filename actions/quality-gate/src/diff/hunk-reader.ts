/**
 * Reads the hunks of one file's diff: `@@ -a,b +c,d @@` headers and the lines under them. The
 * header's counts, not the lines' first characters, decide where a hunk ends, so a deleted
 * line that reads `--- x` or an added line `+++ y` is never mistaken for a file header. Shared
 * by the full diff parser and by GitHub's per-file `patch` strings (hunks without headers).
 */
import { UserError } from '../../../../shared/runtime/errors.js';
import { LineRangesBuilder } from './line-ranges.js';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export class HunkReader {
  readonly added = new LineRangesBuilder();
  readonly deleted = new LineRangesBuilder();
  private oldLine = 0;
  private newLine = 0;
  private oldLeft = 0;
  private newLeft = 0;
  private hunks = 0;

  /** Where messages say the text came from, e.g. `the diff` or `the patch of src/a.ts`. */
  constructor(private readonly source: string) {}

  /** True while the current hunk still expects lines. */
  get inHunk(): boolean {
    return this.oldLeft > 0 || this.newLeft > 0;
  }

  get hunkCount(): number {
    return this.hunks;
  }

  static isHeader(line: string): boolean {
    return line.startsWith('@@ ');
  }

  /** Starts a hunk; `lineNumber` (1-based, in the diff text) is for messages. */
  start(header: string, lineNumber: number): void {
    if (this.inHunk) throw this.error(lineNumber, 'a hunk starts before the previous one has all its lines');
    const match = HUNK_HEADER.exec(header);
    if (match === null) {
      const hint = header.startsWith('@@@') ? ' (a combined diff of a merge commit; diff against one parent)' : '';
      throw this.error(lineNumber, `malformed hunk header '${header.slice(0, 80)}'${hint}`);
    }
    const [oldStart, oldCount, newStart, newCount] = [match[1], match[2] ?? '1', match[3], match[4] ?? '1'].map(
      (digits) => toCount(digits as string, () => this.error(lineNumber, `line number out of range in '${header}'`)),
    ) as [number, number, number, number];
    this.oldLine = oldStart;
    this.newLine = newStart;
    this.oldLeft = oldCount;
    this.newLeft = newCount;
    this.hunks++;
  }

  /**
   * Consumes one line of the current hunk. An empty line counts as empty context: some tools
   * strip the lone space that marks it.
   */
  line(text: string, lineNumber: number): void {
    const marker = text[0];
    if (marker === '\\') return; // "\ No newline at end of file" describes the line before it
    if (marker === '+') {
      this.take('new', lineNumber);
      this.added.add(this.newLine++);
    } else if (marker === '-') {
      this.take('old', lineNumber);
      this.deleted.add(this.oldLine++);
    } else if (marker === ' ' || marker === undefined) {
      this.take('old', lineNumber);
      this.take('new', lineNumber);
      this.oldLine++;
      this.newLine++;
    } else {
      throw this.error(lineNumber, `unexpected line in a hunk: '${text.slice(0, 80)}'`);
    }
  }

  /** Throws when the text ended inside a hunk (a truncated diff). */
  finish(lineNumber: number): void {
    if (this.inHunk) {
      throw this.error(
        lineNumber,
        `the last hunk ends early: ${this.oldLeft} old and ${this.newLeft} new lines missing (truncated?)`,
      );
    }
  }

  private take(side: 'old' | 'new', lineNumber: number): void {
    if (side === 'old') {
      if (this.oldLeft === 0) throw this.error(lineNumber, 'more old-side lines than the hunk header announced');
      this.oldLeft--;
    } else {
      if (this.newLeft === 0) throw this.error(lineNumber, 'more new-side lines than the hunk header announced');
      this.newLeft--;
    }
  }

  private error(lineNumber: number, message: string): UserError {
    return new UserError(message, `${this.source}, line ${lineNumber}`);
  }
}

function toCount(digits: string, fail: () => Error): number {
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || value > 1_000_000_000) throw fail();
  return value;
}
