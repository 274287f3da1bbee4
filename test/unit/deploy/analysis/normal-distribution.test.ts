import { describe, expect, it } from 'vitest';
import {
  logNormalSf,
  normalCdf,
  normalQuantile,
  normalSf,
} from '../../../../actions/deploy/src/analysis/normal-distribution.js';

describe('normal distribution', () => {
  it('matches published table values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalSf(1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalSf(3)).toBeCloseTo(0.0013498980316301035, 15);
    // Far tail: relative precision, not absolute.
    expect(normalSf(6) / 9.865876450376981e-10).toBeCloseTo(1, 10);
    expect(normalSf(10) / 7.61985302416047e-24).toBeCloseTo(1, 9);
    expect(normalCdf(-2.5) / 0.006209665325776132).toBeCloseTo(1, 12);
  });

  it('keeps log tail areas finite far out', () => {
    expect(logNormalSf(40)).toBeCloseTo(-804.608442013754, 6);
    expect(logNormalSf(2.4)).toBeCloseTo(Math.log(normalSf(2.4)), 12);
    expect(logNormalSf(-3)).toBeCloseTo(Math.log1p(-0.0013498980316301035), 12);
  });

  it('inverts the cdf', () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.02425, 0.1, 0.5, 0.8, 0.975, 0.999999]) {
      const z = normalQuantile(p);
      expect(normalCdf(z) / p).toBeCloseTo(1, 10);
    }
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 12);
  });
});
