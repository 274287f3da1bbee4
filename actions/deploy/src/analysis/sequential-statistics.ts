/**
 * The estimates (and their null variances) that the judge feeds its always-valid tests, one per
 * kind of question. Each is approximately normal with the stated variance at the boundary of
 * its null hypothesis, which is what msprt.ts needs.
 */
import type { PairwiseDifferences } from './pairwise-differences.js';
import { restrictedVariance, type ProportionCounts } from './two-proportion.js';

export interface SequentialStatistic {
  estimate: number;
  variance: number;
}

/**
 * Errors: p̂_c - R p̂_b with R = 1 + tolerance, variance at the restricted MLE on p_c = R p_b
 * (see two-proportion.ts). H0: the candidate is at most R times as error-prone as the baseline.
 */
export function errorExcessStatistic(counts: ProportionCounts, tolerance: number): SequentialStatistic {
  const ratio = 1 + tolerance;
  const estimate =
    counts.candidateErrors / counts.candidateRequests - (ratio * counts.baselineErrors) / counts.baselineRequests;
  return { estimate, variance: restrictedVariance(counts, ratio) };
}

/**
 * Latency: a rank statistic rather than a difference of (log-)means. Latency has heavy right
 * tails and timeouts; a mean, even of logs, is moved by a handful of outliers and its variance
 * must itself be estimated from those tails. Ranks are distribution-free under H0 and invariant
 * to the log transform, and this statistic inverts to the same Hodges-Lehmann interval the
 * evidence reports.
 *
 * With d = log c - log b over all pairs and δ = log(1 + tolerance), the estimate is
 * P(d > δ) + P(d = δ)/2 - 1/2: zero when the candidate is exactly `tolerance` slower (a pure
 * scale shift), positive when it is slower still. Its null variance is (n + m + 1) / (12 n m).
 */
export function rankShiftStatistic(
  differences: PairwiseDifferences,
  logTolerance: number,
): SequentialStatistic & {
  superiority: number;
} {
  const { baselineN: n, candidateN: m } = differences;
  const pairs = n * m;
  const { less, lessOrEqual } = differences.countBelow(logTolerance);
  const above = pairs - lessOrEqual;
  const superiority = (above + (lessOrEqual - less) / 2) / pairs;
  return { estimate: superiority - 0.5, variance: (n + m + 1) / (12 * pairs), superiority };
}

/**
 * One sample against a fixed limit: the share of n events that exceed something (errors against
 * a hard error rate, requests slower than a p95 target against 5 %), minus the limit share h.
 * Under H0's boundary the variance is known exactly: h (1 - h) / n.
 */
export function exceedanceStatistic(exceeding: number, total: number, limitShare: number): SequentialStatistic {
  return { estimate: exceeding / total - limitShare, variance: (limitShare * (1 - limitShare)) / total };
}
