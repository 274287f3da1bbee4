import { describe, expect, it } from 'vitest';
import { CanaryJudge } from '../../../../actions/deploy/src/analysis/canary-judge.js';
import {
  durationNeededSeconds,
  estimatePower,
  type PowerInput,
} from '../../../../actions/deploy/src/analysis/power.js';
import { SeededRandom } from '../../../../actions/deploy/src/analysis/seeded-random.js';
import type { RoleSample } from '../../../../actions/deploy/src/metrics/role-sample.js';
import { SimulatedRole, THRESHOLDS } from './judge-helpers.js';

const BASE: PowerInput = {
  requestsPerSecond: 20,
  candidateShare: 0.25,
  durationSeconds: 240,
  baselineErrorRate: 0.005,
  latencyLogSd: 0.5,
  thresholds: THRESHOLDS,
  alpha: 0.01,
};

describe('estimatePower', () => {
  it('grows weaker with less traffic and stronger with more', () => {
    const small = estimatePower({ ...BASE, candidateShare: 0.05 });
    const large = estimatePower({ ...BASE, requestsPerSecond: 200 });
    expect(small.minDetectableLatencyIncrease).toBeGreaterThan(large.minDetectableLatencyIncrease);
    expect(small.minDetectableErrorRatio).toBeGreaterThan(large.minDetectableErrorRatio);
    // The tolerance is a floor: no amount of traffic detects a regression inside it.
    expect(large.minDetectableLatencyIncrease).toBeGreaterThan(THRESHOLDS.latencyTolerance);
    expect(large.expectedRequestsPerRole).toBe(200 * 0.25 * 240);
    const hopeless = estimatePower({ ...BASE, requestsPerSecond: 5, candidateShare: 0.01, durationSeconds: 60 });
    expect(hopeless.minDetectableLatencyIncrease).toBe(Infinity);
    expect(hopeless.adequate).toBe(false);
  });

  it('warns, extends or refuses according to the policy, with the duration that would do', () => {
    const warn = estimatePower(BASE);
    expect(warn.adequate).toBe(false);
    expect(warn.action).toBe('warn');
    expect(warn.advice).toMatch(/^Canary is underpowered: in 4 min at 25 % of 20 req\/s \(1200 candidate requests\)/);
    const needed = durationNeededSeconds(BASE)!;
    expect(needed).toBeGreaterThan(240);
    expect(warn.suggestedDurationSeconds).toBe(needed);
    expect(estimatePower({ ...BASE, durationSeconds: needed }).adequate).toBe(true);
    expect(estimatePower({ ...BASE, durationSeconds: needed * 0.9 }).adequate).toBe(false);
    expect(estimatePower({ ...BASE, policy: 'extend' }).advice).toMatch(/^Extending the analysis to \d+ (min|h)/);
    expect(estimatePower({ ...BASE, policy: 'refuse' }).advice).toMatch(/^Refusing to start the canary/);
    const ok = estimatePower({ ...BASE, durationSeconds: needed, policy: 'refuse' });
    expect(ok.action).toBe('proceed');
    expect(ok.advice).toMatch(/^Canary power is adequate/);
    expect(() => estimatePower({ ...BASE, baselineErrorRate: 0 })).toThrow(/baselineErrorRate/);
  });

  it('a canary at the computed latency MDE is detected about 80 % of the time', () => {
    const plan = estimatePower(BASE);
    const perRole = plan.candidateRequests; // 1200
    const increase = plan.minDetectableLatencyIncrease;
    const simulations = 150;
    let detected = 0;
    for (let s = 0; s < simulations; s++) {
      const random = new SeededRandom(500 + s);
      const baseline = new SimulatedRole('baseline', random, 100, 0);
      const candidate = new SimulatedRole('candidate', random, 100 * (1 + increase), 0);
      const judge = new CanaryJudge({ thresholds: THRESHOLDS, alpha: 0.01, minRequests: 100 });
      let failed = false;
      for (let look = 0; look < 4; look++) {
        const verdict = judge.look(baseline.serve(perRole / 4), candidate.serve(perRole / 4));
        if (verdict.metrics.find((m) => m.metric === 'latency')?.verdict === 'fail') failed = true;
      }
      if (failed) detected++;
    }
    const rate = detected / simulations;
    console.log(
      `latency MDE ${(increase * 100).toFixed(1)} % at ${perRole}/role: detected ${(rate * 100).toFixed(1)} %`,
    );
    // Final-look power is 80 %; earlier looks add a little (the estimate is conservative).
    expect(rate).toBeGreaterThan(0.7);
    expect(rate).toBeLessThan(0.95);
  });

  it('a canary at the computed error-ratio MDE is detected about 80 % of the time', () => {
    const input = { ...BASE, requestsPerSecond: 200, candidateShare: 0.5, durationSeconds: 600 };
    const plan = estimatePower(input);
    const perRole = plan.candidateRequests; // 60k
    const ratio = plan.minDetectableErrorRatio;
    const simulations = 250;
    let detected = 0;
    const latencies = Array.from({ length: 200 }, (_, i) => 50 + i);
    for (let s = 0; s < simulations; s++) {
      const random = new SeededRandom(900 + s);
      const judge = new CanaryJudge({ thresholds: THRESHOLDS, alpha: 0.01, minRequests: 100 });
      let errorsB = 0;
      let errorsC = 0;
      let failed = false;
      for (let look = 1; look <= 4; look++) {
        errorsB += random.binomial(perRole / 4, input.baselineErrorRate);
        errorsC += random.binomial(perRole / 4, input.baselineErrorRate * ratio);
        const sample = (errors: number): RoleSample => ({
          role: 'candidate',
          granularity: 'request',
          latenciesMs: latencies,
          requests: (perRole / 4) * look,
          errors,
          fromMs: 0,
          toMs: 1,
        });
        const verdict = judge.look(sample(errorsB), sample(errorsC));
        if (verdict.metrics.find((m) => m.metric === 'error_rate')?.verdict === 'fail') failed = true;
      }
      if (failed) detected++;
    }
    const rate = detected / simulations;
    console.log(`error MDE x${ratio.toFixed(2)} at ${perRole}/role: detected ${(rate * 100).toFixed(1)} %`);
    expect(rate).toBeGreaterThan(0.7);
    expect(rate).toBeLessThan(0.95);
  });
});
