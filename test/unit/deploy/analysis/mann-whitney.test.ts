import { describe, expect, it } from 'vitest';
import { exactUCdf, mannWhitneyU } from '../../../../actions/deploy/src/analysis/mann-whitney.js';
import { normalSf } from '../../../../actions/deploy/src/analysis/normal-distribution.js';
import { SeededRandom } from '../../../../actions/deploy/src/analysis/seeded-random.js';

/** Independent brute force: U by counting pairs. */
function bruteU(baseline: number[], candidate: number[]): number {
  let u = 0;
  for (const c of candidate) for (const b of baseline) u += c > b ? 1 : c === b ? 0.5 : 0;
  return u;
}

/** Every way of choosing which of the pooled positions 0..N-1 belong to the candidate. */
function* combinations(total: number, choose: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === choose) {
    yield acc;
    return;
  }
  for (let i = start; i < total; i++) yield* combinations(total, choose, i + 1, [...acc, i]);
}

/** Exact permutation p-value P(U >= observed) (or <=) by enumerating all label assignments. */
function brutePermutationP(baseline: number[], candidate: number[], side: 'greater' | 'less'): number {
  const pooled = [...baseline, ...candidate];
  const observed = bruteU(baseline, candidate);
  let atLeast = 0;
  let count = 0;
  for (const chosen of combinations(pooled.length, candidate.length)) {
    const set = new Set(chosen);
    const c = pooled.filter((_, i) => set.has(i));
    const b = pooled.filter((_, i) => !set.has(i));
    const u = bruteU(b, c);
    if (side === 'greater' ? u >= observed - 1e-9 : u <= observed + 1e-9) atLeast++;
    count++;
  }
  return atLeast / count;
}

describe('mannWhitneyU', () => {
  it('counts U like the pairwise definition, with ties as halves', () => {
    const random = new SeededRandom(7);
    for (let trial = 0; trial < 50; trial++) {
      const b = Array.from({ length: 1 + random.int(40) }, () => random.int(15));
      const c = Array.from({ length: 1 + random.int(40) }, () => random.int(15));
      const result = mannWhitneyU(b, c);
      expect(result.u).toBeCloseTo(bruteU(b, c), 9);
      expect(result.u + result.uBaseline).toBe(b.length * c.length);
    }
  });

  it('gives exact p-values equal to full enumeration for small tie-free samples', () => {
    const baseline = [1.1, 3.4, 2.2, 5.0, 0.7];
    const candidate = [4.1, 6.3, 2.9, 7.7, 5.5, 3.6];
    const result = mannWhitneyU(baseline, candidate);
    expect(result.method).toBe('exact');
    expect(result.u).toBe(26);
    expect(result.pGreater).toBeCloseTo(brutePermutationP(baseline, candidate, 'greater'), 12);
    expect(result.pLess).toBeCloseTo(brutePermutationP(baseline, candidate, 'less'), 12);
    expect(result.pTwoSided).toBeCloseTo(2 * result.pGreater, 12);
  });

  it('has an exact null distribution matching enumeration', () => {
    const cdf = exactUCdf(4, 5);
    const counts = new Array<number>(21).fill(0);
    const ranks = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    let total = 0;
    for (const chosen of combinations(9, 5)) {
      const set = new Set(chosen);
      counts[
        bruteU(
          ranks.filter((r) => !set.has(r)),
          chosen,
        )
      ]! += 1;
      total++;
    }
    let running = 0;
    counts.forEach((count, u) => {
      running += count;
      expect(cdf[u]).toBeCloseTo(running / total, 14);
    });
    // Textbook critical value: n = m = 8, one-sided 5 %: U <= 15 (P = 0.0415), U <= 16 is 0.0524.
    const eight = exactUCdf(8, 8);
    expect(eight[15]).toBeCloseTo(0.0415, 4);
    expect(eight[16]).toBeCloseTo(0.0524, 4);
  });

  it('uses the tie-corrected normal approximation with continuity correction', () => {
    const baseline = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 6, 7, 8, 8, 9];
    const candidate = [3, 4, 5, 5, 6, 7, 7, 8, 9, 9, 9, 10, 11, 12, 12, 13];
    const result = mannWhitneyU(baseline, candidate);
    expect(result.method).toBe('normal');
    // Independent variance: permutation variance of the rank sum from the pooled mid-ranks.
    const pooled = [...baseline, ...candidate].sort((a, b) => a - b);
    const midRank = (v: number): number => {
      const first = pooled.indexOf(v) + 1;
      const last = pooled.lastIndexOf(v) + 1;
      return (first + last) / 2;
    };
    const ranks = pooled.map(midRank);
    const N = pooled.length;
    const meanRank = (N + 1) / 2;
    const s2 = ranks.reduce((acc, r) => acc + (r - meanRank) ** 2, 0) / (N - 1);
    const n = baseline.length;
    const m = candidate.length;
    const variance = ((n * m) / N) * s2;
    expect(result.variance).toBeCloseTo(variance, 9);
    const u = bruteU(baseline, candidate);
    expect(result.pGreater).toBeCloseTo(normalSf((u - (n * m) / 2 - 0.5) / Math.sqrt(variance)), 12);
    expect(result.pGreater).toBeLessThan(0.01);
    expect(result.pLess).toBeGreaterThan(0.99);
  });

  it('says nothing when every value is equal, and rejects NaN', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5]).pTwoSided).toBe(1);
    expect(() => mannWhitneyU([1, Number.NaN], [2])).toThrow(/NaN/);
    expect(() => mannWhitneyU([], [2])).toThrow(/non-empty/);
  });
});
