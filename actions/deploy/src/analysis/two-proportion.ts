/**
 * Is the candidate's error proportion worse than the baseline's by more than a tolerance?
 *
 * What is tested, honestly: H0: p_c <= R p_b against H1: p_c > R p_b with R = 1 + tolerance.
 * The statistic is the score test on d = p̂_c - R p̂_b, with its variance evaluated at the
 * maximum-likelihood proportions restricted to the boundary p_c = R p_b (the Farrington-Manning
 * construction for a ratio). With tolerance 0 the restricted estimate is the pooled proportion
 * and this is exactly the textbook pooled two-proportion z test. Counts, not per-minute rates:
 * per-minute error rates are mostly zero and hide real regressions.
 */
import { normalQuantile, normalSf } from './normal-distribution.js';

export interface ProportionCounts {
  baselineErrors: number;
  baselineRequests: number;
  candidateErrors: number;
  candidateRequests: number;
}

export interface TwoProportionOptions {
  /** Relative tolerance: H0 is p_c <= (1 + tolerance) p_b. Default 0. */
  tolerance?: number;
  /** Two-sided confidence level of the reported intervals; default 0.95. */
  confidence?: number;
}

export interface TwoProportionResult {
  baselineRate: number;
  candidateRate: number;
  /** R = 1 + tolerance. */
  ratioBound: number;
  /** p̂_c - R p̂_b: positive when the candidate is worse than the tolerance allows. */
  excess: number;
  /** Variance of `excess` under H0's boundary (restricted MLE); 0 when there is no information. */
  nullVariance: number;
  z: number;
  /** One-sided p-value for H1: p_c > R p_b (fixed sample size; see msprt.ts for repeated looks). */
  pValue: number;
  /** Newcombe hybrid-score interval for p_c - p_b. */
  differenceInterval: [number, number];
  /** Katz log interval for p_c / p_b (0.5 added to each cell when a count is zero). */
  ratioInterval: [number, number];
}

export function twoProportionTest(counts: ProportionCounts, options: TwoProportionOptions = {}): TwoProportionResult {
  assertCounts(counts);
  const tolerance = options.tolerance ?? 0;
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be >= 0; got ${tolerance}`);
  const confidence = options.confidence ?? 0.95;
  const { baselineErrors: x0, baselineRequests: n0, candidateErrors: x1, candidateRequests: n1 } = counts;
  const ratio = 1 + tolerance;
  const baselineRate = x0 / n0;
  const candidateRate = x1 / n1;
  const excess = candidateRate - ratio * baselineRate;
  const nullVariance = restrictedVariance(counts, ratio);
  const z = nullVariance > 0 ? excess / Math.sqrt(nullVariance) : 0;
  const pValue = nullVariance > 0 ? normalSf(z) : 1;
  const zc = normalQuantile(1 - (1 - confidence) / 2);
  return {
    baselineRate,
    candidateRate,
    ratioBound: ratio,
    excess,
    nullVariance,
    z,
    pValue,
    differenceInterval: newcombeDifference(x1, n1, x0, n0, zc),
    ratioInterval: katzRatio(x1, n1, x0, n0, zc),
  };
}

/**
 * Var(p̂_c - R p̂_b) at the MLE under p_c = R p. Setting the score of the constrained likelihood
 * to zero gives R N p^2 - (R (n1 + x0) + x1 + n0) p + (x0 + x1) = 0, N = n0 + n1; the smaller
 * root is the one inside [0, min(1, 1/R)].
 */
export function restrictedVariance(counts: ProportionCounts, ratio: number): number {
  const { baselineErrors: x0, baselineRequests: n0, candidateErrors: x1, candidateRequests: n1 } = counts;
  const total = n0 + n1;
  const a = ratio * total;
  const b = ratio * (n1 + x0) + x1 + n0;
  const c = x0 + x1;
  const discriminant = Math.max(0, b * b - 4 * a * c);
  // (b - sqrt(D)) / 2a, written as 2c / (b + sqrt(D)) to avoid cancellation when c is small.
  const p = c === 0 ? 0 : (2 * c) / (b + Math.sqrt(discriminant));
  const pc = Math.min(1, ratio * p);
  return (pc * (1 - pc)) / n1 + (ratio * ratio * p * (1 - p)) / n0;
}

/** Wilson score interval for x successes out of n. */
export function wilsonInterval(x: number, n: number, z: number): [number, number] {
  if (n <= 0) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Newcombe's method 10: combines the two Wilson intervals; good coverage even near zero. */
function newcombeDifference(x1: number, n1: number, x0: number, n0: number, z: number): [number, number] {
  const p1 = x1 / n1;
  const p0 = x0 / n0;
  const [l1, u1] = wilsonInterval(x1, n1, z);
  const [l0, u0] = wilsonInterval(x0, n0, z);
  const d = p1 - p0;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)];
}

function katzRatio(x1: number, n1: number, x0: number, n0: number, z: number): [number, number] {
  const fix = x1 === 0 || x0 === 0 ? 0.5 : 0;
  const a = x1 + fix;
  const c = x0 + fix;
  const logRatio = Math.log(a / (n1 + fix) / (c / (n0 + fix)));
  const se = Math.sqrt(1 / a - 1 / (n1 + fix) + 1 / c - 1 / (n0 + fix));
  return [Math.exp(logRatio - z * se), Math.exp(logRatio + z * se)];
}

function assertCounts(counts: ProportionCounts): void {
  const pairs: [number, number, string][] = [
    [counts.baselineErrors, counts.baselineRequests, 'baseline'],
    [counts.candidateErrors, counts.candidateRequests, 'candidate'],
  ];
  for (const [errors, requests, role] of pairs) {
    if (!(Number.isFinite(errors) && Number.isFinite(requests) && requests > 0 && errors >= 0 && errors <= requests)) {
      throw new RangeError(
        `${role} counts must satisfy 0 <= errors <= requests, requests > 0; got ${errors}/${requests}`,
      );
    }
  }
}
