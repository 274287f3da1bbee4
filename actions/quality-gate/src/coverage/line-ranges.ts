/**
 * Runs of line numbers as ranges (10, 11, 12, 15 -> 10-12, 15): one annotation per run instead of
 * one per line keeps a PR's uncovered lines within the 50-per-request annotation batches.
 */
export interface LineRange {
  start: number;
  end: number;
}

/** Consecutive numbers joined; input in any order, duplicates ignored. */
export function groupLineRanges(lines: Iterable<number>): LineRange[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: LineRange[] = [];
  for (const line of sorted) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && line === last.end + 1) last.end = line;
    else ranges.push({ start: line, end: line });
  }
  return ranges;
}

export function formatLineRanges(ranges: readonly LineRange[]): string {
  return ranges.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`)).join(', ');
}
