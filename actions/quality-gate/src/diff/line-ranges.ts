/**
 * A set of line numbers stored as sorted, disjoint, inclusive ranges. A diff adds lines in runs
 * (a 5,000-line generated file is one range), so ranges keep a large change small, `has` stays
 * a binary search, and the ranges are exactly what annotations and remediation plans show.
 */

/** Inclusive: [12, 14] is lines 12, 13 and 14. */
export type LineRange = readonly [start: number, end: number];

export class LineRanges implements Iterable<number> {
  static readonly EMPTY = new LineRanges([]);

  /** Sorted, disjoint and not adjacent (adjacent runs are merged). */
  readonly ranges: readonly LineRange[];
  /** How many lines. */
  readonly size: number;

  private constructor(normalised: LineRange[]) {
    this.ranges = normalised;
    this.size = normalised.reduce((sum, [start, end]) => sum + end - start + 1, 0);
  }

  /** From line numbers in any order, duplicates allowed. */
  static fromLines(lines: Iterable<number>): LineRanges {
    const builder = new LineRangesBuilder();
    for (const line of lines) builder.add(line);
    return builder.build();
  }

  /** From ranges in any order, overlapping or adjacent ones allowed. */
  static fromRanges(ranges: Iterable<LineRange>): LineRanges {
    const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [start, end] of sorted) {
      const last = merged[merged.length - 1];
      if (last !== undefined && start <= last[1] + 1) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    return new LineRanges(merged);
  }

  has(line: number): boolean {
    return this.overlaps(line, line);
  }

  /** Whether any line from `first` to `last` (inclusive) is in the set. */
  overlaps(first: number, last: number): boolean {
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const [start, end] = this.ranges[middle] as LineRange;
      if (last < start) high = middle - 1;
      else if (first > end) low = middle + 1;
      else return true;
    }
    return false;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (const [start, end] of this.ranges) for (let line = start; line <= end; line++) yield line;
  }
}

/** Collects lines; runs arriving in ascending order (as a diff's do) are merged as they come. */
export class LineRangesBuilder {
  private readonly ranges: [number, number][] = [];

  add(start: number, end: number = start): this {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 1 || end < start) {
      throw new RangeError(`invalid line range ${start}-${end}`);
    }
    const last = this.ranges[this.ranges.length - 1];
    if (last !== undefined && start >= last[0] && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else this.ranges.push([start, end]);
    return this;
  }

  build(): LineRanges {
    return LineRanges.fromRanges(this.ranges);
  }
}
