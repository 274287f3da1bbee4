import { describe, expect, it } from 'vitest';
import { createSeededRandom, SeededRandom } from '../../../../actions/deploy/src/analysis/seeded-random.js';

describe('SeededRandom', () => {
  it('repeats a stream for the same seed and differs across seeds', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new SeededRandom(1)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(createSeededRandom(1)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new SeededRandom(2)),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws normal, lognormal and binomial values with the right moments', () => {
    const random = new SeededRandom(99);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    const logs: number[] = [];
    for (let i = 0; i < n; i++) {
      const z = random.normal(3, 2);
      sum += z;
      sumSq += z * z;
      logs.push(random.lognormal(Math.log(100), 0.5));
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(3, 1);
    expect(Math.sqrt(sumSq / n - mean * mean)).toBeCloseTo(2, 1);
    logs.sort((x, y) => x - y);
    expect(logs[n / 2]! / 100).toBeCloseTo(1, 1); // median of the lognormal
    let total = 0;
    for (let i = 0; i < 2000; i++) total += random.binomial(10_000, 0.005);
    expect(total / 2000).toBeCloseTo(50, 0);
    expect(random.binomial(10, 0)).toBe(0);
    expect(random.binomial(10, 1)).toBe(10);
    expect(random.binomial(1000, 0.9)).toBeGreaterThan(850);
    expect(random.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
