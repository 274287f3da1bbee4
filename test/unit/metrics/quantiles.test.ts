import { describe, expect, it } from 'vitest';

import {
  mean,
  quantile,
  quantileConfidenceInterval,
  quantiles,
  sortedAscending,
  stddev,
  variance,
} from '../../../shared/metrics/quantiles.js';

// Expected values computed with NumPy 2.4 (np.quantile, np.std) and SciPy 1.17 (binom.cdf).
const SEVEN = [3.2, 1.5, 9.8, 4.4, 7.1, 2.2, 6.0];

describe('quantile (type 7, as NumPy and R by default)', () => {
  it('matches NumPy on small arrays', () => {
    expect(quantiles([1, 2, 3, 4], [0, 0.25, 0.5, 0.75, 1])).toEqual([1, 1.75, 2.5, 3.25, 4]);
    const pct = quantiles([15, 20, 35, 40, 50], [0.05, 0.3, 0.4, 0.5, 1]);
    [16, 23, 29, 35, 50].forEach((expected, i) => expect(pct[i]).toBeCloseTo(expected, 10));
    const seven = quantiles(SEVEN, [0.1, 0.5, 0.9, 0.95, 0.99]);
    [1.92, 4.4, 8.18, 8.99, 9.638].forEach((expected, i) => expect(seven[i]).toBeCloseTo(expected, 10));
  });

  it('sorts numerically, not as text, and leaves the input alone', () => {
    const input = [10, 9, 100, 1];
    expect(quantile(input, 0.5)).toBe(9.5);
    expect(input).toEqual([10, 9, 100, 1]);
    expect(sortedAscending([2, -1, Infinity, 0])).toEqual([-1, 0, 2, Infinity]);
  });

  it('handles a single value and infinite neighbours', () => {
    expect(quantile([42], 0.99)).toBe(42);
    expect(quantile([1, Infinity, Infinity], 0.9)).toBe(Infinity);
  });

  it('refuses empty input, NaN and probabilities outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(/no values/);
    expect(() => quantile([1, NaN], 0.5)).toThrow(/NaN/);
    expect(() => quantile([1], 1.5)).toThrow(/from 0 to 1/);
    expect(() => quantile([1], NaN)).toThrow(/from 0 to 1/);
  });
});

describe('mean, variance and standard deviation', () => {
  it('match NumPy (ddof=1 and ddof=0)', () => {
    expect(mean(SEVEN)).toBeCloseTo(4.885714285714286, 12);
    expect(stddev(SEVEN)).toBeCloseTo(2.945294875689344, 12);
    expect(stddev(SEVEN, 0)).toBeCloseTo(2.7268131956702923, 12);
    expect(variance(SEVEN)).toBeCloseTo(8.674761904761906, 12);
  });

  it('stays accurate for large values', () => {
    expect(mean([Number.MAX_VALUE, Number.MAX_VALUE])).toBe(Number.MAX_VALUE);
    expect(stddev([1e9 + 1, 1e9 + 2, 1e9 + 3])).toBeCloseTo(1, 9);
  });

  it('refuses too few values', () => {
    expect(() => mean([])).toThrow(/no values/);
    expect(() => stddev([5])).toThrow(/more than 1 values/);
    expect(stddev([5], 0)).toBe(0);
  });
});

describe('distribution-free confidence interval for a quantile', () => {
  const ranks = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('uses the order statistics of the classic tables (median, n = 20 and n = 100)', () => {
    expect(quantileConfidenceInterval(ranks(20), 0.5)).toEqual({
      lower: 6,
      upper: 15,
      lowerRank: 6,
      upperRank: 15,
      coverage: expect.closeTo(0.9586105346679688, 12),
    });
    const hundred = quantileConfidenceInterval(ranks(100), 0.5);
    expect([hundred?.lowerRank, hundred?.upperRank]).toEqual([40, 61]);
    expect(hundred?.coverage).toBeCloseTo(0.9647997997822952, 12);
  });

  it('matches SciPy for tail quantiles', () => {
    const p90 = quantileConfidenceInterval(ranks(100), 0.9);
    expect([p90?.lowerRank, p90?.upperRank]).toEqual([84, 96]);
    expect(p90?.coverage).toBeCloseTo(0.955690107191223, 10);
    const p99 = quantileConfidenceInterval(ranks(1000), 0.99);
    expect([p99?.lowerRank, p99?.upperRank]).toEqual([983, 997]);
    expect(p99?.coverage).toBeCloseTo(0.976094763497977, 10);
  });

  it('returns the values at those ranks, whatever the input order', () => {
    const shuffled = ranks(20)
      .map((r) => r * 10)
      .reverse();
    const interval = quantileConfidenceInterval(shuffled, 0.5);
    expect([interval?.lower, interval?.upper]).toEqual([60, 150]);
  });

  it('returns null when the sample is too small for the confidence asked', () => {
    expect(quantileConfidenceInterval(ranks(5), 0.5)).toBeNull();
    expect(quantileConfidenceInterval(ranks(20), 0.99)).toBeNull();
    expect(quantileConfidenceInterval(ranks(6), 0.5)).toMatchObject({
      lowerRank: 1,
      upperRank: 6,
      coverage: expect.closeTo(0.96875, 12),
    });
  });

  it('refuses degenerate probabilities and confidences', () => {
    expect(() => quantileConfidenceInterval([1, 2], 0)).toThrow(/strictly between/);
    expect(() => quantileConfidenceInterval([1, 2], 0.5, 1)).toThrow(/confidence/);
  });

  it('handles large samples', () => {
    const interval = quantileConfidenceInterval(ranks(200_000), 0.999);
    expect(interval).not.toBeNull();
    expect(interval!.lowerRank).toBeLessThan(199_800);
    expect(interval!.upperRank).toBeGreaterThan(199_800);
    expect(interval!.coverage).toBeGreaterThanOrEqual(0.95);
  });
});
