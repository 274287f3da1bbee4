/**
 * The statistical canary judge. A strategy calls `look(baseline, candidate)` with CUMULATIVE
 * samples since the analysis began, as often as it likes; the judge keeps one always-valid test
 * per question between looks, so asking every 10 s instead of every minute does not raise the
 * false-rollback rate above alpha (split between the tests, see judge-settings.ts). Create one
 * judge per stream of cumulative samples: when a strategy restarts its counts (a new step), it
 * starts a new judge.
 *
 * Verdicts:
 * - fail: a sequential test rejects AND the point estimate exceeds the tolerance, or a hard
 *   limit fires (hard error rate, SLO error rate or latency target while the baseline meets it);
 * - pass: enough data and, for every metric, the upper confidence bound inside the tolerance;
 * - marginal: some point estimate beyond the tolerance, not significant (yet);
 * - inconclusive: too few requests, no data, NaN or impossible counts, or not decided yet.
 *   Missing or broken data never yields pass.
 */
import { formatPercent } from './evidence-format.js';
import { errorRateEvidence, type ErrorRateTests } from './error-rate-evidence.js';
import type { CanaryJudgeLike, JudgeOptions, JudgeVerdict, MetricEvidence, MetricName } from './judge-contract.js';
import { resolveJudgeOptions, type ResolvedJudgeOptions } from './judge-settings.js';
import { latencyShiftEvidence } from './latency-shift-evidence.js';
import { latencyTargetEvidence } from './latency-target-evidence.js';
import { MixtureSprt } from './msprt.js';
import { sampleProblem } from './sample-validation.js';
import type { RoleSample } from '../metrics/role-sample.js';

/** Evidence for a metric that could not be assessed; `blocking` marks missing or broken data. */
interface Assessed {
  evidence: MetricEvidence;
  blocking: boolean;
}

export class CanaryJudge implements CanaryJudgeLike {
  readonly options: ResolvedJudgeOptions;
  private looks = 0;
  private readonly errorTests: ErrorRateTests;
  private readonly latencyTest: MixtureSprt;
  private readonly p95Test: MixtureSprt;
  private readonly p99Test: MixtureSprt;

  constructor(options: JudgeOptions) {
    this.options = resolveJudgeOptions(options);
    const { thresholds, shares, errorTau, latencyTau } = this.options;
    const hard = thresholds.hardErrorRate;
    this.errorTests = {
      relative: new MixtureSprt({ tau: errorTau, alpha: shares.errorRelative }),
      hard:
        hard !== undefined && hard > 0 && hard < 1
          ? new MixtureSprt({ tau: hard, alpha: shares.errorHard })
          : undefined,
      slo:
        thresholds.maxErrorRate > 0 && thresholds.maxErrorRate < 1
          ? new MixtureSprt({ tau: thresholds.maxErrorRate, alpha: shares.errorSlo })
          : undefined,
    };
    this.latencyTest = new MixtureSprt({ tau: latencyTau, alpha: shares.latencyShift });
    // The exceedance share is 5 % / 1 % for request samples, 50 % for interval samples; a τ of
    // the order of the share is right for both (see latency-target-evidence.ts).
    this.p95Test = new MixtureSprt({ tau: 0.05, alpha: shares.latencyP95 || 1e-9 });
    this.p99Test = new MixtureSprt({ tau: 0.02, alpha: shares.latencyP99 || 1e-9 });
  }

  look(baseline: RoleSample, candidate: RoleSample): JudgeVerdict {
    this.looks++;
    const assessed = [this.assessErrors(baseline, candidate), ...this.assessLatency(baseline, candidate)];
    return combine(assessed, this.looks);
  }

  private assessErrors(baseline: RoleSample, candidate: RoleSample): Assessed {
    const problem = sampleProblem(baseline, 'baseline', 'counts') ?? sampleProblem(candidate, 'candidate', 'counts');
    if (problem) return missing('error_rate', 'ratio', baseline, candidate, problem);
    const fewest = Math.min(baseline.requests, candidate.requests);
    if (fewest < this.options.minRequests) {
      return missing(
        'error_rate',
        'ratio',
        baseline,
        candidate,
        `too few requests: ${fewest} < ${this.options.minRequests} per role`,
      );
    }
    const counts = {
      baselineErrors: baseline.errors,
      baselineRequests: baseline.requests,
      candidateErrors: candidate.errors,
      candidateRequests: candidate.requests,
    };
    return { evidence: errorRateEvidence(counts, this.errorTests, this.options), blocking: false };
  }

  private assessLatency(baseline: RoleSample, candidate: RoleSample): Assessed[] {
    const { thresholds } = this.options;
    const names: MetricName[] = ['latency'];
    if (thresholds.latencyP95Ms !== undefined) names.push('latency_p95');
    if (thresholds.latencyP99Ms !== undefined) names.push('latency_p99');
    const problem =
      sampleProblem(baseline, 'baseline', 'latencies') ??
      sampleProblem(candidate, 'candidate', 'latencies') ??
      (baseline.granularity !== candidate.granularity
        ? `granularity differs: baseline ${baseline.granularity}, candidate ${candidate.granularity}`
        : undefined);
    const interval = candidate.granularity === 'interval';
    const needed = interval ? this.options.minIntervals : this.options.minRequests;
    const fewest = Math.min(baseline.latenciesMs.length, candidate.latenciesMs.length);
    const tooFew =
      fewest < needed
        ? `too few latency ${interval ? 'points' : 'samples'}: ${fewest} < ${needed} per role`
        : undefined;
    if (problem ?? tooFew) return names.map((name) => missing(name, 'ms', baseline, candidate, (problem ?? tooFew)!));

    const sortedBaseline = Float64Array.from(baseline.latenciesMs).sort();
    const sortedCandidate = Float64Array.from(candidate.latenciesMs).sort();
    const out: Assessed[] = [
      {
        evidence: latencyShiftEvidence(sortedBaseline, sortedCandidate, this.latencyTest, this.options),
        blocking: false,
      },
    ];
    for (const name of names.slice(1) as ('latency_p95' | 'latency_p99')[]) {
      const target = name === 'latency_p95' ? thresholds.latencyP95Ms! : thresholds.latencyP99Ms!;
      const test = name === 'latency_p95' ? this.p95Test : this.p99Test;
      const granularity = candidate.granularity;
      out.push({
        evidence: latencyTargetEvidence(name, target, granularity, sortedBaseline, sortedCandidate, test, this.options),
        blocking: false,
      });
    }
    return out;
  }
}

export function createCanaryJudge(options: JudgeOptions): CanaryJudgeLike {
  return new CanaryJudge(options);
}

function missing(
  metric: MetricName,
  unit: 'ms' | 'ratio',
  baseline: RoleSample,
  candidate: RoleSample,
  why: string,
): Assessed {
  const count = (s: RoleSample): number =>
    unit === 'ratio'
      ? Number.isFinite(s.requests)
        ? s.requests
        : 0
      : Array.isArray(s.latenciesMs)
        ? s.latenciesMs.length
        : 0;
  return {
    evidence: {
      metric,
      verdict: 'inconclusive',
      baseline: null,
      candidate: null,
      unit,
      effect: null,
      baselineN: count(baseline),
      candidateN: count(candidate),
      rule: `${metric} not assessed: ${why}`,
    },
    blocking: true,
  };
}

/** fail > missing data > marginal > undecided > pass. */
function combine(assessed: Assessed[], look: number): JudgeVerdict {
  const metrics = assessed.map((a) => a.evidence);
  const failing = metrics.filter((m) => m.verdict === 'fail');
  const blocking = assessed.filter((a) => a.blocking).map((a) => a.evidence);
  const marginal = metrics.filter((m) => m.verdict === 'marginal');
  const undecided = metrics.filter((m) => m.verdict === 'inconclusive');
  const passes = metrics.filter((m) => m.verdict === 'pass').length;
  const score = failing.length > 0 ? 0 : Math.round((100 * (passes + 0.5 * marginal.length)) / metrics.length);
  const rules = (list: MetricEvidence[]): string => list.map((m) => m.rule).join('; ');
  if (failing.length > 0)
    return { verdict: 'fail', score, metrics, look, summary: `fail at look ${look}: ${rules(failing)}` };
  if (blocking.length > 0) {
    return {
      verdict: 'inconclusive',
      score,
      metrics,
      look,
      summary: `inconclusive at look ${look}: ${rules(blocking)}`,
    };
  }
  if (marginal.length > 0)
    return { verdict: 'marginal', score, metrics, look, summary: `marginal at look ${look}: ${rules(marginal)}` };
  if (undecided.length > 0) {
    return {
      verdict: 'inconclusive',
      score,
      metrics,
      look,
      summary: `not decided at look ${look}: ${rules(undecided)}`,
    };
  }
  return {
    verdict: 'pass',
    score,
    metrics,
    look,
    summary: `pass at look ${look}: all ${metrics.length} metrics within tolerance (score ${formatPercent(score / 100)})`,
  };
}
