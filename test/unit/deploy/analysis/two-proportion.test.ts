import { describe, expect, it } from 'vitest';
import { normalSf } from '../../../../actions/deploy/src/analysis/normal-distribution.js';
import { twoProportionTest, wilsonInterval } from '../../../../actions/deploy/src/analysis/two-proportion.js';

describe('twoProportionTest', () => {
  it('is the pooled z test when the tolerance is zero (hand computed)', () => {
    // 5/1000 vs 15/1000: pooled p = 20/2000 = 0.01; SE = sqrt(0.01 * 0.99 * (1/1000 + 1/1000))
    // = sqrt(1.98e-5) = 0.00444972; z = 0.01 / 0.00444972 = 2.24733; one-sided p = 0.012309.
    const result = twoProportionTest({
      baselineErrors: 5,
      baselineRequests: 1000,
      candidateErrors: 15,
      candidateRequests: 1000,
    });
    expect(result.z).toBeCloseTo(2.24733, 4);
    expect(result.pValue).toBeCloseTo(0.012309, 5);
    expect(result.nullVariance).toBeCloseTo(1.98e-5, 12);
  });

  it('tests against the tolerance boundary with the restricted MLE variance', () => {
    const counts = { baselineErrors: 50, baselineRequests: 10_000, candidateErrors: 110, candidateRequests: 10_000 };
    const result = twoProportionTest(counts, { tolerance: 0.5 });
    // Independent: maximise the constrained log-likelihood over p by a fine grid search.
    const R = 1.5;
    let bestP = 0;
    let best = -Infinity;
    for (let p = 1e-6; p < 0.05; p += 1e-7) {
      const ll = 110 * Math.log(R * p) + 9890 * Math.log(1 - R * p) + 50 * Math.log(p) + 9950 * Math.log(1 - p);
      if (ll > best) {
        best = ll;
        bestP = p;
      }
    }
    const variance = (R * bestP * (1 - R * bestP)) / 10_000 + (R * R * bestP * (1 - bestP)) / 10_000;
    const z = (0.011 - R * 0.005) / Math.sqrt(variance);
    expect(result.z).toBeCloseTo(z, 3);
    expect(result.pValue).toBeCloseTo(normalSf(z), 4);
    expect(result.excess).toBeCloseTo(0.0035, 12);
    // A harsher tolerance makes the same data less significant.
    expect(twoProportionTest(counts, { tolerance: 1 }).pValue).toBeGreaterThan(result.pValue);
  });

  it('reports intervals for the difference and the ratio', () => {
    const result = twoProportionTest({
      baselineErrors: 50,
      baselineRequests: 10_000,
      candidateErrors: 100,
      candidateRequests: 10_000,
    });
    expect(result.differenceInterval[0]).toBeGreaterThan(0);
    expect(result.differenceInterval[0]).toBeLessThan(0.005);
    expect(result.differenceInterval[1]).toBeGreaterThan(0.005);
    // Katz: log(2) +- 1.96 sqrt(1/100 - 1/10000 + 1/50 - 1/10000).
    const se = Math.sqrt(1 / 100 - 1 / 10_000 + 1 / 50 - 1 / 10_000);
    expect(result.ratioInterval[0]).toBeCloseTo(2 * Math.exp(-1.959964 * se), 5);
    expect(result.ratioInterval[1]).toBeCloseTo(2 * Math.exp(1.959964 * se), 5);
    // Wilson for 0/100 at 95 %: upper 3.8415 / 103.8415.
    expect(wilsonInterval(0, 100, 1.959964)[1]).toBeCloseTo(3.841459 / 103.841459, 6);
  });

  it('has no evidence without errors, and rejects impossible counts', () => {
    const none = twoProportionTest({
      baselineErrors: 0,
      baselineRequests: 500,
      candidateErrors: 0,
      candidateRequests: 500,
    });
    expect(none.pValue).toBe(1);
    expect(() =>
      twoProportionTest({ baselineErrors: 3, baselineRequests: 2, candidateErrors: 0, candidateRequests: 1 }),
    ).toThrow(/errors <= requests/);
    expect(() =>
      twoProportionTest({ baselineErrors: Number.NaN, baselineRequests: 2, candidateErrors: 0, candidateRequests: 1 }),
    ).toThrow(RangeError);
  });
});
