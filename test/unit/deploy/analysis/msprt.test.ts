import { describe, expect, it } from 'vitest';
import { logMixtureRatio, MixtureSprt, msprtCriticalZ } from '../../../../actions/deploy/src/analysis/msprt.js';
import { normalPdf } from '../../../../actions/deploy/src/analysis/normal-distribution.js';
import { simulateNullLooks } from '../../../../actions/deploy/src/analysis/sequential-simulation.js';

describe('mixture likelihood ratio', () => {
  it('matches numerical integration over the mixing distribution', () => {
    const variance = 0.0004;
    const tau = 0.03;
    for (const d of [-0.02, 0, 0.01, 0.05]) {
      // Λ = ∫ exp(δ d / V - δ² / 2V) g(δ) dδ, by the midpoint rule.
      let two = 0;
      let one = 0;
      const step = tau / 2000;
      for (let delta = -10 * tau; delta < 10 * tau; delta += step) {
        const mid = delta + step / 2;
        const lr = Math.exp((mid * d) / variance - (mid * mid) / (2 * variance));
        const g = normalPdf(mid / tau) / tau;
        two += lr * g * step;
        if (mid > 0) one += lr * 2 * g * step;
      }
      expect(logMixtureRatio(d, variance, tau, 'two-sided')).toBeCloseTo(Math.log(two), 5);
      expect(logMixtureRatio(d, variance, tau, 'greater')).toBeCloseTo(Math.log(one), 5);
    }
  });

  it('needs a larger z than a fixed-n test, growing slowly with information', () => {
    const early = msprtCriticalZ(0.0005, 0.05, 0.05);
    const late = msprtCriticalZ(0.000001, 0.05, 0.05);
    expect(early).toBeGreaterThan(1.645);
    expect(late).toBeGreaterThan(early);
    expect(late).toBeLessThan(5);
  });
});

describe('MixtureSprt', () => {
  it('keeps a running-minimum p-value and stays rejected', () => {
    const test = new MixtureSprt({ tau: 0.05, alpha: 0.05 });
    expect(test.update(0, 0).pValue).toBe(1); // no information yet
    const strong = test.update(0.2, 0.001);
    expect(strong.rejected).toBe(true);
    const after = test.update(0, 0.0005);
    expect(after.pValue).toBe(strong.pValue);
    expect(after.rejected).toBe(true);
    expect(test.update(Number.NaN, 1).pValue).toBe(strong.pValue);
  });
});

describe('false positives over 50 looks (2,000 seeded null simulations each)', () => {
  it('errors: the mSPRT stays <= alpha while a repeated fixed-n z test does not', () => {
    const result = simulateNullLooks({
      kind: 'error-rate',
      simulations: 2000,
      looks: 50,
      requestsPerLook: 200,
      alpha: 0.05,
      seed: 42,
      tau: 0.01,
      tolerance: 0.5,
      baselineErrorRate: 0.01,
    });
    console.log('error-rate null simulation', result);
    expect(result.msprtFalsePositiveRate).toBeLessThanOrEqual(0.05);
    expect(result.repeatedFixedFalsePositiveRate).toBeGreaterThan(0.1);
    // The single fixed-n test is calibrated: ~alpha (a sanity check of the statistic itself).
    expect(result.singleFixedFalsePositiveRate).toBeGreaterThan(0.03);
    expect(result.singleFixedFalsePositiveRate).toBeLessThan(0.07);
  });

  it('latency ranks: the mSPRT stays <= alpha while a repeated fixed-n test does not', () => {
    const result = simulateNullLooks({
      kind: 'latency',
      simulations: 2000,
      looks: 50,
      requestsPerLook: 10,
      alpha: 0.05,
      seed: 43,
      tau: 0.05,
      tolerance: 0.1,
    });
    console.log('latency null simulation', result);
    expect(result.msprtFalsePositiveRate).toBeLessThanOrEqual(0.05);
    expect(result.repeatedFixedFalsePositiveRate).toBeGreaterThan(0.1);
    expect(result.singleFixedFalsePositiveRate).toBeGreaterThan(0.03);
    expect(result.singleFixedFalsePositiveRate).toBeLessThan(0.07);
  });
});
