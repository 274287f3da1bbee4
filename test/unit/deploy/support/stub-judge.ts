/**
 * A deliberately simple judge for unit tests of the rollout machinery (the real statistical judge
 * is tested on its own): inconclusive below minRequests, fail when the candidate's error rate or
 * mean latency exceeds the baseline's by more than the tolerances, else pass.
 */
import type {
  CanaryJudgeLike,
  JudgeOptions,
  JudgeVerdict,
  MetricEvidence,
} from '../../../../actions/deploy/src/analysis/judge-contract.js';
import type { RoleSample } from '../../../../actions/deploy/src/metrics/role-sample.js';

export function createStubJudge(options: JudgeOptions): CanaryJudgeLike & { looks: number } {
  const judge = {
    looks: 0,
    look(baseline: RoleSample, candidate: RoleSample): JudgeVerdict {
      judge.looks += 1;
      const n = Math.min(baseline.requests, candidate.requests);
      if (n < options.minRequests) {
        return { verdict: 'inconclusive', score: 0, metrics: [], look: judge.looks, summary: `only ${n} requests` };
      }
      const rate = (s: RoleSample): number => s.errors / s.requests;
      const mean = (s: RoleSample): number =>
        s.latenciesMs.reduce((a, b) => a + b, 0) / Math.max(1, s.latenciesMs.length);
      const errorFail = rate(candidate) > rate(baseline) * (1 + options.thresholds.errorTolerance) + 0.01;
      const latencyFail = mean(candidate) > mean(baseline) * (1 + options.thresholds.latencyTolerance);
      const metrics: MetricEvidence[] = [
        {
          metric: 'error_rate',
          verdict: errorFail ? 'fail' : 'pass',
          baseline: rate(baseline),
          candidate: rate(candidate),
          unit: 'ratio',
          effect: rate(baseline) > 0 ? rate(candidate) / rate(baseline) - 1 : null,
          pValue: errorFail ? 0.001 : 0.5,
          baselineN: baseline.requests,
          candidateN: candidate.requests,
          rule: errorFail ? 'stub: error rate above tolerance' : 'stub: error rate within tolerance',
        },
        {
          metric: 'latency',
          verdict: latencyFail ? 'fail' : 'pass',
          baseline: mean(baseline),
          candidate: mean(candidate),
          unit: 'ms',
          effect: mean(candidate) - mean(baseline),
          interval: [mean(candidate) - mean(baseline) - 1, mean(candidate) - mean(baseline) + 1],
          pValue: latencyFail ? 0.001 : 0.5,
          baselineN: baseline.latenciesMs.length,
          candidateN: candidate.latenciesMs.length,
          rule: latencyFail ? 'stub: latency above tolerance' : 'stub: latency within tolerance',
        },
      ];
      const fail = errorFail || latencyFail;
      return {
        verdict: fail ? 'fail' : 'pass',
        score: fail ? 0 : 100,
        metrics,
        look: judge.looks,
        summary: fail ? 'stub judge: regression' : 'stub judge: no regression',
      };
    },
  };
  return judge;
}
