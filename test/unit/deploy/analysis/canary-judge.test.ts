import { describe, expect, it } from 'vitest';
import { CanaryJudge, createCanaryJudge } from '../../../../actions/deploy/src/analysis/canary-judge.js';
import type { JudgeVerdict } from '../../../../actions/deploy/src/analysis/judge-contract.js';
import { SeededRandom } from '../../../../actions/deploy/src/analysis/seeded-random.js';
import type { RoleSample } from '../../../../actions/deploy/src/metrics/role-sample.js';
import { emptySample, SimulatedRole, THRESHOLDS } from './judge-helpers.js';

const OPTIONS = { thresholds: THRESHOLDS, alpha: 0.01, minRequests: 100 };

function metric(verdict: JudgeVerdict, name: string) {
  const found = verdict.metrics.find((m) => m.metric === name);
  if (!found) throw new Error(`no ${name} evidence`);
  return found;
}

/** Run a canary with cumulative looks; returns every verdict. */
function run(seed: number, candidateMedian: number, candidateErrors: number, perLook: number[]): JudgeVerdict[] {
  const random = new SeededRandom(seed);
  const baseline = new SimulatedRole('baseline', random, 100, 0.005);
  const candidate = new SimulatedRole('candidate', random, candidateMedian, candidateErrors);
  const judge = createCanaryJudge(OPTIONS);
  return perLook.map((n) => judge.look(baseline.serve(n), candidate.serve(n)));
}

describe('CanaryJudge', () => {
  it('passes a candidate identical to the baseline, with numbers in every rule', () => {
    const verdicts = run(1, 100, 0.005, [500, 2000, 10_000]);
    const last = verdicts.at(-1)!;
    expect(last.verdict).toBe('pass');
    expect(last.score).toBe(100);
    expect(last.look).toBe(3);
    expect(last.metrics.map((m) => m.metric)).toEqual(['error_rate', 'latency', 'latency_p95', 'latency_p99']);
    const latency = metric(last, 'latency');
    expect(latency.baselineN).toBe(12_500);
    expect(Math.abs(latency.relativeEffect!)).toBeLessThan(0.03);
    expect(latency.rule).toMatch(
      /latency shift [+-][\d.]+ % \([\d.]+ ms at baseline median [\d.]+ ms; 90 % CI \[.*\]\) within tolerance \+10 %/,
    );
    expect(metric(last, 'error_rate').rule).toMatch(/error rate [\d.]+ % vs baseline [\d.]+ %/);
    expect(verdicts.some((v) => v.verdict === 'fail')).toBe(false);
  });

  it('fails +60 % latency and says by how much', () => {
    const verdicts = run(2, 160, 0.005, [300, 1000]);
    const first = verdicts[0]!;
    expect(first.verdict).toBe('fail');
    const latency = metric(first, 'latency');
    expect(latency.verdict).toBe('fail');
    expect(latency.relativeEffect!).toBeGreaterThan(0.4);
    expect(latency.relativeInterval![0]).toBeGreaterThan(0.1);
    expect(latency.pValue!).toBeLessThanOrEqual(0.01 / 3);
    expect(latency.rule).toMatch(/> tolerance \+10 % \(mSPRT p/);
    expect(first.summary).toMatch(/^fail at look 1: /);
  });

  it('fails an error rate going from 0.5 % to 5 %', () => {
    const verdicts = run(3, 100, 0.05, [400, 1000, 2000]);
    const failed = verdicts.find((v) => v.verdict === 'fail');
    expect(failed).toBeDefined();
    const errors = metric(failed!, 'error_rate');
    expect(errors.verdict).toBe('fail');
    expect(errors.candidate!).toBeGreaterThan(0.03);
    expect(errors.rule).toMatch(/error rate [\d.]+ % (>|>=)/);
  });

  it('is inconclusive, never pass, without data, with NaN, or with too few requests', () => {
    const judge = new CanaryJudge(OPTIONS);
    const empty = judge.look(emptySample('baseline'), emptySample('candidate'));
    expect(empty.verdict).toBe('inconclusive');
    expect(empty.metrics.every((m) => m.verdict === 'inconclusive')).toBe(true);
    expect(empty.summary).toMatch(/too few requests: 0 < 100/);

    const random = new SeededRandom(4);
    const baseline = new SimulatedRole('baseline', random, 100, 0.005).serve(20_000);
    const candidate = new SimulatedRole('candidate', random, 100, 0.005).serve(20_000);
    const healthy = new CanaryJudge(OPTIONS).look(baseline, candidate);
    expect(healthy.verdict).toBe('pass');

    const withNaN: RoleSample = { ...candidate, latenciesMs: [...candidate.latenciesMs.slice(0, -1), Number.NaN] };
    const nanVerdict = new CanaryJudge(OPTIONS).look(baseline, withNaN);
    expect(nanVerdict.verdict).toBe('inconclusive');
    expect(metric(nanVerdict, 'latency').rule).toMatch(/1 latency values that are NaN/);

    for (const broken of [
      { ...candidate, requests: Number.NaN },
      { ...candidate, errors: Number.NaN },
      { ...candidate, errors: candidate.requests + 1 },
      { ...candidate, requests: -5 },
      { ...candidate, latenciesMs: [Number.POSITIVE_INFINITY, ...candidate.latenciesMs] },
      { ...candidate, granularity: 'interval' as const },
    ]) {
      const verdict = new CanaryJudge(OPTIONS).look(baseline, broken);
      expect(verdict.verdict).not.toBe('pass');
      expect(verdict.verdict).toBe('inconclusive');
    }
    const few = new CanaryJudge(OPTIONS).look(
      { ...baseline, requests: 50, errors: 0, latenciesMs: baseline.latenciesMs.slice(0, 50) },
      { ...candidate, requests: 50, errors: 0, latenciesMs: candidate.latenciesMs.slice(0, 50) },
    );
    expect(few.verdict).toBe('inconclusive');
  });

  it('still fails on errors when latency data is broken (a kill switch is not silenced by NaN)', () => {
    const random = new SeededRandom(5);
    const baseline = new SimulatedRole('baseline', random, 100, 0.005).serve(5000);
    const candidate = new SimulatedRole('candidate', random, 100, 0.3).serve(5000);
    const verdict = new CanaryJudge(OPTIONS).look(baseline, { ...candidate, latenciesMs: [Number.NaN] });
    expect(verdict.verdict).toBe('fail');
    expect(metric(verdict, 'error_rate').rule).toMatch(/hard limit 14.4 %/);
  });

  it('fails a p95 target the candidate misses while the baseline meets it', () => {
    const random = new SeededRandom(6);
    const thresholds = { ...THRESHOLDS, latencyTolerance: 2, latencyP95Ms: 250 };
    const judge = new CanaryJudge({ ...OPTIONS, thresholds });
    // Baseline p95 = 100 e^{1.645 x 0.5} = 228 ms; candidate at median 130 ms: 296 ms.
    const verdict = judge.look(
      new SimulatedRole('baseline', random, 100, 0).serve(5000),
      new SimulatedRole('candidate', random, 130, 0).serve(5000),
    );
    const p95 = metric(verdict, 'latency_p95');
    expect(p95.verdict).toBe('fail');
    expect(p95.rule).toMatch(/candidate p95 2[\d.]+ ms vs target 250 ms: [\d.]+ % of requests slower \(limit 5 %\)/);
    expect(metric(verdict, 'latency').verdict).not.toBe('fail');
    expect(verdict.verdict).toBe('fail');
  });

  it('works on interval samples (one value per scrape) with smaller n', () => {
    const random = new SeededRandom(7);
    const series = (median: number, points: number): RoleSample => ({
      role: 'candidate',
      granularity: 'interval',
      latenciesMs: Array.from({ length: points }, () => random.lognormal(Math.log(median), 0.1)),
      requests: points * 200,
      errors: random.binomial(points * 200, 0.005),
      fromMs: 0,
      toMs: points * 15_000,
    });
    const same = new CanaryJudge(OPTIONS).look(series(100, 40), series(100, 40));
    expect(same.verdict).not.toBe('fail');
    expect(metric(same, 'latency').candidateN).toBe(40);
    const slow = new CanaryJudge(OPTIONS).look(series(100, 40), series(160, 40));
    expect(metric(slow, 'latency').verdict).toBe('fail');
    expect(slow.verdict).toBe('fail');
    const tooFew = new CanaryJudge(OPTIONS).look(series(100, 3), series(100, 3));
    expect(metric(tooFew, 'latency').rule).toMatch(/too few latency points: 3 < 5/);
  });

  it('keeps always-valid p-values monotone across looks', () => {
    const verdicts = run(8, 105, 0.006, [300, 300, 300, 300, 300]);
    for (const name of ['latency', 'error_rate']) {
      const ps = verdicts.map((v) => metric(v, name).pValue ?? 1);
      for (let i = 1; i < ps.length; i++) expect(ps[i]!).toBeLessThanOrEqual(ps[i - 1]!);
    }
    expect(verdicts.map((v) => v.look)).toEqual([1, 2, 3, 4, 5]);
  });

  it('rarely rolls back an unchanged build over 10 looks', () => {
    let fails = 0;
    const simulations = 100;
    for (let s = 0; s < simulations; s++) {
      const verdicts = run(
        1000 + s,
        100,
        0.005,
        Array.from({ length: 10 }, () => 100),
      );
      if (verdicts.some((v) => v.verdict === 'fail')) fails++;
    }
    console.log(`false rollbacks (alpha 0.01, 10 looks): ${fails}/${simulations}`);
    expect(fails / simulations).toBeLessThanOrEqual(0.02);
  });

  it('judges 50k + 50k requests quickly (printed, not asserted)', () => {
    const random = new SeededRandom(9);
    const baseline = new SimulatedRole('baseline', random, 100, 0.005).serve(50_000);
    const candidate = new SimulatedRole('candidate', random, 103, 0.005).serve(50_000);
    const judge = new CanaryJudge(OPTIONS);
    judge.look(baseline, candidate); // warm-up (JIT)
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      judge.look(baseline, candidate);
      times.push(performance.now() - started);
    }
    const cpu = process.cpuUsage();
    judge.look(baseline, candidate);
    const used = process.cpuUsage(cpu);
    console.log(
      `look on 50k + 50k requests: wall ${times.map((t) => t.toFixed(1)).join(', ')} ms; ` +
        `CPU ${((used.user + used.system) / 1000).toFixed(1)} ms (machine load shows in wall time)`,
    );
    expect(times).toHaveLength(3);
  });
});
