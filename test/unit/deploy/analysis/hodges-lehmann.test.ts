import { describe, expect, it } from 'vitest';
import { hodgesLehmann } from '../../../../actions/deploy/src/analysis/hodges-lehmann.js';
import { sortedSample } from '../../../../actions/deploy/src/analysis/mann-whitney.js';
import { PairwiseDifferences } from '../../../../actions/deploy/src/analysis/pairwise-differences.js';
import { SeededRandom } from '../../../../actions/deploy/src/analysis/seeded-random.js';

function allDifferences(baseline: number[], candidate: number[]): number[] {
  const out: number[] = [];
  for (const c of candidate) for (const b of baseline) out.push(c - b);
  return Array.from(Float64Array.from(out).sort());
}

describe('PairwiseDifferences', () => {
  it('selects every order statistic like sorting all differences', () => {
    const random = new SeededRandom(11);
    for (let trial = 0; trial < 20; trial++) {
      const b = Array.from({ length: 1 + random.int(120) }, () => Math.round(random.lognormal(3, 0.6)));
      const c = Array.from({ length: 1 + random.int(120) }, () => Math.round(random.lognormal(3.1, 0.6)));
      const all = allDifferences(b, c);
      const differences = new PairwiseDifferences(sortedSample(b), sortedSample(c));
      for (const k of [0, 1, Math.floor(all.length / 3), Math.floor(all.length / 2), all.length - 1]) {
        expect(differences.select(k)).toBe(all[k]);
      }
      const t = all[Math.floor(all.length / 2)]!;
      expect(differences.countBelow(t)).toEqual({
        less: all.filter((d) => d < t).length,
        lessOrEqual: all.filter((d) => d <= t).length,
      });
    }
  });
});

describe('PairwiseDifferences on samples large enough to need narrowing rounds', () => {
  it('matches a full sort, ties included, one rank or several at once', () => {
    const random = new SeededRandom(12);
    for (const [n, m] of [
      [600, 400],
      [1, 150_000],
      [120_000, 2],
    ] as const) {
      // Rounded latencies: plenty of tied differences.
      const b = Array.from({ length: n }, () => Math.round(random.lognormal(4, 0.5)));
      const c = Array.from({ length: m }, () => Math.round(random.lognormal(4.1, 0.5)));
      const all = Float64Array.from(allDifferences(b, c));
      const differences = new PairwiseDifferences(sortedSample(b), sortedSample(c));
      const ranks = [0, 17, Math.floor(all.length * 0.1), Math.floor(all.length / 2), all.length - 2];
      expect(differences.selectMany(ranks)).toEqual(ranks.map((k) => all[k]));
      for (const k of ranks) expect(differences.select(k)).toBe(all[k]);
    }
  });
});

describe('hodgesLehmann', () => {
  it('estimates the median of pairwise differences', () => {
    const baseline = [10, 12, 15, 11];
    const candidate = [14, 13, 20];
    const all = allDifferences(baseline, candidate);
    const result = hodgesLehmann(baseline, candidate);
    expect(result.estimate).toBe((all[5]! + all[6]!) / 2);
    // 4 x 3 is too small for a 95 % interval (min P(U <= 0) = 1/35 > 0.025): unbounded, honestly.
    expect(result.lower).toBe(-Infinity);
    expect(result.upper).toBe(Infinity);
  });

  it('uses the textbook exact bounds for n = m = 8', () => {
    const random = new SeededRandom(3);
    const b = Array.from({ length: 8 }, () => random.normal(0, 1));
    const c = Array.from({ length: 8 }, () => random.normal(1, 1));
    const all = allDifferences(b, c);
    const result = hodgesLehmann(b, c, { confidence: 0.95 });
    // Two-sided 5 %: P(U <= 13) = 0.0249 <= 0.025 < P(U <= 14); bounds are the 14th smallest and largest.
    expect(result.method).toBe('exact');
    expect(result.boundRank).toBe(14);
    expect(result.lower).toBe(all[13]);
    expect(result.upper).toBe(all[all.length - 14]);
  });

  it('covers the true shift about 95 % of the time', () => {
    const random = new SeededRandom(2026);
    const trueShift = Math.log(1.1);
    let covered = 0;
    const simulations = 1000;
    for (let s = 0; s < simulations; s++) {
      const b = Array.from({ length: 60 }, () => random.normal(Math.log(100), 0.5));
      const c = Array.from({ length: 80 }, () => random.normal(Math.log(100) + trueShift, 0.5));
      const { lower, upper } = hodgesLehmann(b, c, { confidence: 0.95 });
      if (lower <= trueShift && trueShift <= upper) covered++;
    }
    const rate = covered / simulations;
    console.log(`HL 95 % interval coverage over ${simulations} simulations: ${(rate * 100).toFixed(1)} %`);
    expect(rate).toBeGreaterThan(0.93);
    expect(rate).toBeLessThan(0.97);
  });

  it('handles 100k x 100k requests exactly and quickly', () => {
    const random = new SeededRandom(5);
    const b = Array.from({ length: 100_000 }, () => random.lognormal(Math.log(100), 0.5));
    const c = Array.from({ length: 100_000 }, () => random.lognormal(Math.log(120), 0.5));
    const started = performance.now();
    const result = hodgesLehmann(b.map(Math.log), c.map(Math.log));
    console.log(`HL on 100k x 100k: ${(performance.now() - started).toFixed(0)} ms`);
    expect(Math.exp(result.estimate)).toBeCloseTo(1.2, 1);
    expect(result.lower).toBeLessThan(Math.log(1.2));
    expect(result.upper).toBeGreaterThan(Math.log(1.2));
    expect(result.upper - result.lower).toBeLessThan(0.02);
  });
});
