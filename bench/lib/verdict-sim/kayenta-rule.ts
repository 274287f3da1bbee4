/**
 * A re-implementation, from its published description (shared/FACTS.md), of the decision rule of
 * Spinnaker's canary analysis with Kayenta's NetflixACAJudge and the documented thresholds:
 *
 * - per metric, Mann-Whitney U at 98 % confidence: the Hodges-Lehmann shift (canary - baseline)
 *   and its 98 % interval; the tolerance 0.25 applies to the shift: the metric is High when the
 *   interval's lower bound exceeds 0.25 x |shift|, Low when its upper bound is below -0.25 x
 *   |shift|, else Pass. (So the tolerance scales with the estimate and never absorbs a small but
 *   well-measured difference, which is what makes instance bias fatal at high traffic.)
 * - effect size `meanRatio` (canary mean / baseline mean) must also reach the allowed increase,
 *   1.0 by default (no filter in practice); direction `increase` for both metrics: Low -> Pass.
 * - no data for a metric counts against the score; score = 100 x Pass / metrics.
 * - looks: Spinnaker runs one Kayenta analysis per canary interval (here 1 minute, no lookback
 *   beyond the interval): each look compares the raw samples of that interval only. A look whose
 *   score is below marginal (75) fails the stage at once (rollback); after the last look the
 *   last score must reach pass (95) to promote, otherwise rollback.
 * - metric series: latency = every request's latency in the interval; error rate = the series of
 *   per-step error ratios a Prometheus query with a 10 s step returns (6 points per interval), as
 *   Kayenta receives metric time series, not per-request outcomes.
 */
import { hodgesLehmannSorted } from '../../../actions/deploy/src/analysis/hodges-lehmann.js';
import type { Decision } from './decision.js';
import type { IntervalSample, SimulatedRun } from './simulated-service.js';
import type { RolloutPlan } from './scenario.js';

export interface KayentaOptions {
  confidence: number;
  tolerance: number;
  allowedIncrease: number;
  passScore: number;
  marginalScore: number;
  errorStepSeconds: number;
}

export const KAYENTA_OPTIONS: KayentaOptions = {
  confidence: 0.98,
  tolerance: 0.25,
  allowedIncrease: 1,
  passScore: 95,
  marginalScore: 75,
  errorStepSeconds: 10,
};

export type KayentaClass = 'Pass' | 'High' | 'Low' | 'NoData';

function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Classify one metric: canary (experiment) against baseline (control). */
export function classifyMetric(control: Float64Array, experiment: Float64Array, options: KayentaOptions): KayentaClass {
  if (control.length === 0 || experiment.length === 0) return 'NoData';
  const sortedControl = Float64Array.from(control).sort();
  const sortedExperiment = Float64Array.from(experiment).sort();
  const hl = hodgesLehmannSorted(sortedControl, sortedExperiment, { confidence: options.confidence });
  const critical = options.tolerance * Math.abs(hl.estimate);
  const ratio = mean(experiment) / mean(control);
  if (hl.lower > critical && !(ratio < options.allowedIncrease)) return 'High';
  if (hl.upper < -critical) return 'Low';
  return 'Pass';
}

/** Error ratio per step that had requests (a step without requests has no value). */
export function errorRatioSeries(sample: IntervalSample, intervalSeconds: number, stepSeconds: number): Float64Array {
  const steps = Math.ceil(intervalSeconds / stepSeconds);
  const requests = new Float64Array(steps);
  const errors = new Float64Array(steps);
  for (let i = 0; i < sample.offsets.length; i++) {
    const step = Math.min(steps - 1, Math.floor(sample.offsets[i]! / stepSeconds));
    requests[step]!++;
    errors[step]! += sample.failed[i]!;
  }
  const out: number[] = [];
  for (let s = 0; s < steps; s++) if (requests[s]! > 0) out.push(errors[s]! / requests[s]!);
  return Float64Array.from(out);
}

/** Score of one interval's analysis, 0..100. */
export function kayentaScore(
  baseline: IntervalSample,
  candidate: IntervalSample,
  plan: RolloutPlan,
  options: KayentaOptions = KAYENTA_OPTIONS,
): { score: number; classes: KayentaClass[] } {
  const latency = classifyMetric(baseline.latenciesMs, candidate.latenciesMs, options);
  const errors = classifyMetric(
    errorRatioSeries(baseline, plan.lookSeconds, options.errorStepSeconds),
    errorRatioSeries(candidate, plan.lookSeconds, options.errorStepSeconds),
    options,
  );
  // Direction `increase`: a faster or less failing canary is not held against it.
  const classes = [latency, errors].map((c) => (c === 'Low' ? 'Pass' : c));
  const passes = classes.filter((c) => c === 'Pass').length;
  return { score: (100 * passes) / classes.length, classes };
}

export function decideKayenta(
  run: SimulatedRun,
  plan: RolloutPlan,
  options: KayentaOptions = KAYENTA_OPTIONS,
): Decision {
  let score = 0;
  for (let look = 1; look <= plan.looks; look++) {
    score = kayentaScore(run.baseline[look - 1]!, run.candidate[look - 1]!, plan, options).score;
    if (score < options.marginalScore) return { action: 'rollback', look, finalState: `score ${score}` };
  }
  if (score < options.passScore) return { action: 'rollback', look: plan.looks, finalState: `score ${score}` };
  return { action: 'promote', look: plan.looks, finalState: `score ${score}` };
}
