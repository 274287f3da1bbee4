/**
 * A compact per-file table of line numbers and counts: two typed arrays, sorted by line, each line
 * once, `width` counts per line (1 for hits; 2 for branches covered/total). 8 bytes a line for
 * hits, so ten million covered lines take about 80 MB where objects would take a gigabyte, and
 * line numbers far apart (a generated file's line 2,000,000) cost nothing extra.
 */

/** Counts saturate here rather than wrapping: a hot loop must not read as never run. */
export const MAX_COUNT = 0xffffffff;

export type Combine = (existing: number, incoming: number) => number;

export const sumSaturating: Combine = (a, b) => Math.min(a + b, MAX_COUNT);
export const larger: Combine = (a, b) => (a > b ? a : b);

export class LineTable {
  private constructor(
    readonly lines: Int32Array,
    readonly counts: Uint32Array,
    readonly width: number,
  ) {}

  static empty(width: number): LineTable {
    return new LineTable(new Int32Array(0), new Uint32Array(0), width);
  }

  /**
   * A table from entries already ascending and unique (the common case: a file's first report),
   * filled in one pass with plain property reads (a callback per entry was the store's largest
   * cost); `merge` is for files seen before.
   */
  static fromHits(entries: readonly { line: number; hits: number }[]): LineTable {
    const lines = new Int32Array(entries.length);
    const counts = new Uint32Array(entries.length);
    for (let i = 0; i < entries.length; i += 1) {
      const entry = entries[i] as { line: number; hits: number };
      lines[i] = entry.line;
      counts[i] = clamp(entry.hits);
    }
    return new LineTable(lines, counts, 1);
  }

  /** Branches as covered/total pairs (width 2), from entries ascending and unique. */
  static fromBranches(entries: readonly { line: number; covered: number; total: number }[]): LineTable {
    const lines = new Int32Array(entries.length);
    const counts = new Uint32Array(entries.length * 2);
    for (let i = 0; i < entries.length; i += 1) {
      const entry = entries[i] as { line: number; covered: number; total: number };
      lines[i] = entry.line;
      counts[i * 2] = clamp(Math.min(entry.covered, entry.total));
      counts[i * 2 + 1] = clamp(entry.total);
    }
    return new LineTable(lines, counts, 2);
  }

  get length(): number {
    return this.lines.length;
  }

  /** Index of `line`, or -1. */
  indexOf(line: number): number {
    let low = 0;
    let high = this.lines.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.lines[middle] as number;
      if (value === line) return middle;
      if (value < line) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  count(index: number, component = 0): number {
    return this.counts[index * this.width + component] as number;
  }

  /**
   * A new table holding this one's lines and the incoming ones (ascending, each line once, read
   * through `lineOf`/`countOf` so callers need not build arrays), counts of lines in both joined
   * by `combine` per component.
   */
  merge(
    incomingLength: number,
    lineOf: (index: number) => number,
    countOf: (index: number, component: number) => number,
    combine: Combine,
  ): LineTable {
    const width = this.width;
    const capacity = this.lines.length + incomingLength;
    const lines = new Int32Array(capacity);
    const counts = new Uint32Array(capacity * width);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < this.lines.length || j < incomingLength) {
      const mine = i < this.lines.length ? (this.lines[i] as number) : Number.POSITIVE_INFINITY;
      const theirs = j < incomingLength ? lineOf(j) : Number.POSITIVE_INFINITY;
      if (mine <= theirs) {
        lines[n] = mine;
        for (let c = 0; c < width; c += 1) counts[n * width + c] = this.counts[i * width + c] as number;
        i += 1;
        if (mine === theirs) {
          for (let c = 0; c < width; c += 1) {
            counts[n * width + c] = clamp(combine(counts[n * width + c] as number, countOf(j, c)));
          }
          j += 1;
        }
      } else {
        lines[n] = theirs;
        for (let c = 0; c < width; c += 1) counts[n * width + c] = clamp(countOf(j, c));
        j += 1;
      }
      n += 1;
    }
    // Shared lines leave slack at the end: trim so memory stays exact.
    return n === capacity
      ? new LineTable(lines, counts, width)
      : new LineTable(lines.slice(0, n), counts.slice(0, n * width), width);
  }
}

function clamp(value: number): number {
  if (!(value > 0)) return 0;
  return value > MAX_COUNT ? MAX_COUNT : Math.floor(value);
}
