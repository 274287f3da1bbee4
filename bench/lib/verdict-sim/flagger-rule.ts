/**
 * A re-implementation, from its documented defaults (shared/FACTS.md), of Flagger's analysis with
 * the built-in checks as the issue configures them: every 1-minute interval, on the canary only,
 * request success rate >= 99 % and request duration p99 <= 500 ms over that interval; an interval
 * where any check fails (or has no values) adds one failed check, cumulatively; at 5 failed checks
 * the canary is rolled back, otherwise it is promoted after the last step. Flagger reads p99 from a
 * Prometheus histogram; here the exact sample p99 (no bucket error, which only helps Flagger).
 */
import type { Decision } from './decision.js';
import type { IntervalSample, SimulatedRun } from './simulated-service.js';
import type { RolloutPlan } from './scenario.js';

export interface FlaggerOptions {
  threshold: number;
  minSuccessRatePercent: number;
  maxP99Ms: number;
}

export const FLAGGER_OPTIONS: FlaggerOptions = { threshold: 5, minSuccessRatePercent: 99, maxP99Ms: 500 };

/** Linear interpolation between closest ranks, like the benches' quantile helper. */
export function sampleQuantile(values: Float64Array, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** true when the interval passes both checks. */
export function flaggerChecksPass(canary: IntervalSample, options: FlaggerOptions = FLAGGER_OPTIONS): boolean {
  const requests = canary.latenciesMs.length;
  if (requests === 0) return false; // "no values found" is a failed check
  const successRate = (100 * (requests - canary.errors)) / requests;
  return successRate >= options.minSuccessRatePercent && sampleQuantile(canary.latenciesMs, 0.99) <= options.maxP99Ms;
}

export function decideFlagger(
  run: SimulatedRun,
  plan: RolloutPlan,
  options: FlaggerOptions = FLAGGER_OPTIONS,
): Decision {
  let failed = 0;
  for (let look = 1; look <= plan.looks; look++) {
    if (!flaggerChecksPass(run.candidate[look - 1]!, options)) failed++;
    if (failed >= options.threshold) return { action: 'rollback', look, finalState: `${failed} failed checks` };
  }
  return { action: 'promote', look: plan.looks, finalState: `${failed} failed checks` };
}
