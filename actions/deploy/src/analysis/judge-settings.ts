/**
 * Defaults and the split of the type I error between the judge's tests, in one place so that
 * the judge and the power calculation cannot disagree about them.
 */
import type { JudgeOptions, JudgeThresholds } from './judge-contract.js';

export const DEFAULT_PASS_CONFIDENCE = 0.9;
export const DEFAULT_MIN_INTERVALS = 5;
/** A candidate request being slower than a baseline one 55 % of the time instead of 50 %. */
export const DEFAULT_LATENCY_TAU = 0.05;

/**
 * Error-rate effects worth catching are of the order of the error budget itself (a candidate
 * that doubles an in-budget error rate moves the proportion by about the budget), with a floor so
 * that very strict SLOs do not make the test hunt for effects of 1e-5.
 */
export function defaultErrorTau(thresholds: JudgeThresholds): number {
  return Math.max(2 * thresholds.maxErrorRate, 0.002);
}

/** Per-test levels. Bonferroni: the rollout's false-rollback rate is at most their sum = alpha. */
export interface AlphaShares {
  errorRelative: number;
  latencyShift: number;
  errorHard: number;
  errorSlo: number;
  latencyP95: number;
  latencyP99: number;
}

/**
 * A third each for the two comparisons with the baseline, which catch most regressions; the
 * absolute limits (hard error rate, SLO error rate, p95, p99 targets) share the last third.
 */
export function splitAlpha(alpha: number, thresholds: JudgeThresholds): AlphaShares {
  const absolute = [
    thresholds.hardErrorRate !== undefined,
    thresholds.maxErrorRate > 0 && thresholds.maxErrorRate < 1,
    thresholds.latencyP95Ms !== undefined,
    thresholds.latencyP99Ms !== undefined,
  ].filter(Boolean).length;
  const each = absolute > 0 ? alpha / 3 / absolute : 0;
  const relative = absolute > 0 ? alpha / 3 : alpha / 2;
  return {
    errorRelative: relative,
    latencyShift: relative,
    errorHard: each,
    errorSlo: each,
    latencyP95: each,
    latencyP99: each,
  };
}

export interface ResolvedJudgeOptions {
  thresholds: JudgeThresholds;
  alpha: number;
  minRequests: number;
  passConfidence: number;
  minIntervals: number;
  latencyTau: number;
  errorTau: number;
  shares: AlphaShares;
}

export function resolveJudgeOptions(options: JudgeOptions): ResolvedJudgeOptions {
  const { thresholds, alpha, minRequests } = options;
  const where = 'canary judge options';
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`${where}: alpha must be within (0, 1); got ${alpha}`);
  if (!(minRequests >= 1)) throw new RangeError(`${where}: minRequests must be >= 1; got ${minRequests}`);
  if (!(thresholds.maxErrorRate >= 0 && thresholds.maxErrorRate <= 1)) {
    throw new RangeError(`${where}: maxErrorRate must be within 0..1; got ${thresholds.maxErrorRate}`);
  }
  if (!(thresholds.latencyTolerance >= 0) || !(thresholds.errorTolerance >= 0)) {
    throw new RangeError(`${where}: tolerances must be >= 0`);
  }
  const passConfidence = options.passConfidence ?? DEFAULT_PASS_CONFIDENCE;
  if (!(passConfidence > 0 && passConfidence < 1)) {
    throw new RangeError(`${where}: passConfidence must be within (0, 1); got ${passConfidence}`);
  }
  return {
    thresholds,
    alpha,
    minRequests,
    passConfidence,
    minIntervals: options.minIntervals ?? DEFAULT_MIN_INTERVALS,
    latencyTau: options.latencyTau ?? DEFAULT_LATENCY_TAU,
    errorTau: options.errorTau ?? defaultErrorTau(thresholds),
    shares: splitAlpha(alpha, thresholds),
  };
}
