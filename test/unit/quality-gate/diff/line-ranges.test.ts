import { describe, expect, it } from 'vitest';
import { LineRanges, LineRangesBuilder } from '../../../../actions/quality-gate/src/diff/line-ranges.js';

describe('LineRanges', () => {
  it('merges runs and adjacent ranges from lines in any order', () => {
    const set = LineRanges.fromLines([15, 10, 11, 12, 12, 20, 14]);
    expect(set.ranges).toEqual([
      [10, 12],
      [14, 15],
      [20, 20],
    ]);
    expect(set.size).toBe(6);
    expect([...set]).toEqual([10, 11, 12, 14, 15, 20]);
  });

  it('answers membership by binary search over ranges', () => {
    const set = LineRanges.fromRanges([
      [100, 5000],
      [1, 3],
      [5001, 5001],
    ]);
    expect(set.ranges).toEqual([
      [1, 3],
      [100, 5001],
    ]);
    for (const [line, expected] of [
      [1, true],
      [3, true],
      [4, false],
      [99, false],
      [100, true],
      [4242, true],
      [5001, true],
      [5002, false],
    ] as const) {
      expect(set.has(line), `line ${line}`).toBe(expected);
    }
    expect(LineRanges.EMPTY.has(1)).toBe(false);
    expect(LineRanges.EMPTY.size).toBe(0);
  });

  it('refuses line numbers that cannot be lines', () => {
    expect(() => new LineRangesBuilder().add(0)).toThrow(RangeError);
    expect(() => new LineRangesBuilder().add(5, 4)).toThrow(RangeError);
    expect(() => new LineRangesBuilder().add(1.5)).toThrow(RangeError);
  });
});

describe('LineRanges.overlaps', () => {
  it('tells whether a span touches the set', () => {
    const set = LineRanges.fromRanges([
      [10, 12],
      [2500, 2500],
    ]);
    expect(set.overlaps(1, 9)).toBe(false);
    expect(set.overlaps(1, 10)).toBe(true);
    expect(set.overlaps(13, 2499)).toBe(false);
    expect(set.overlaps(13, 5000)).toBe(true);
    expect(set.overlaps(2501, 9000)).toBe(false);
  });
});
