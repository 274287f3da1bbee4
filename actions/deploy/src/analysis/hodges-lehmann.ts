/**
 * Hodges-Lehmann estimate of the shift between two samples (the median of all pairwise
 * differences candidate - baseline) with its distribution-free confidence interval (Moses):
 * the interval runs from the k-th smallest to the k-th largest difference, where k comes from
 * the critical value of the Mann-Whitney U statistic. It inverts the same test the judge runs,
 * so the interval and the p-value never disagree about the sign of an effect.
 *
 * Pairwise differences are never materialised (see PairwiseDifferences): exact at any size.
 */
import { exactUCdf, mannWhitneyUSorted, sortedSample } from './mann-whitney.js';
import { normalQuantile } from './normal-distribution.js';
import { PairwiseDifferences } from './pairwise-differences.js';

export interface HodgesLehmannOptions {
  /** Two-sided confidence level of the interval; 0.95 by default. */
  confidence?: number;
}

export interface HodgesLehmannResult {
  /** Median of candidate[j] - baseline[i] over all pairs. */
  estimate: number;
  /** Interval bounds; -Infinity / Infinity when the samples are too small for this confidence. */
  lower: number;
  upper: number;
  confidence: number;
  pairs: number;
  /** 1-based ranks of the differences used as bounds (lower = k-th smallest, upper = k-th largest). */
  boundRank: number;
  method: 'exact' | 'normal';
}

export function hodgesLehmann(
  baseline: ArrayLike<number>,
  candidate: ArrayLike<number>,
  options: HodgesLehmannOptions = {},
): HodgesLehmannResult {
  return hodgesLehmannSorted(sortedSample(baseline, 'baseline'), sortedSample(candidate, 'candidate'), options);
}

/** On samples sorted ascending; pass `differences` to reuse one PairwiseDifferences per look. */
export function hodgesLehmannSorted(
  baseline: Float64Array,
  candidate: Float64Array,
  options: HodgesLehmannOptions = {},
  differences: PairwiseDifferences = new PairwiseDifferences(baseline, candidate),
): HodgesLehmannResult {
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be within (0, 1); got ${confidence}`);
  const n = baseline.length;
  const m = candidate.length;
  if (n === 0 || m === 0) throw new RangeError(`Hodges-Lehmann needs two non-empty samples; got ${n} and ${m}`);
  const pairs = n * m;
  const middle = pairs % 2 === 1 ? [(pairs - 1) / 2] : [pairs / 2 - 1, pairs / 2];
  const { k, method } = boundRank(baseline, candidate, (1 - confidence) / 2);
  const bounds = k >= 1 ? [k - 1, pairs - k] : [];
  const values = differences.selectMany([...middle, ...bounds]);
  const estimate = middle.length === 1 ? values[0]! : (values[0]! + values[1]!) / 2;
  if (k < 1) return { estimate, lower: -Infinity, upper: Infinity, confidence, pairs, boundRank: k, method };
  const lower = values[middle.length]!;
  const upper = values[middle.length + 1]!;
  return { estimate, lower, upper, confidence, pairs, boundRank: k, method };
}

/**
 * The largest k with P(U <= k - 1) <= tail under H0: then [d_(k), d_(nm+1-k)] covers the true
 * shift with probability >= 1 - 2 tail. Exact for small tie-free samples, else the normal
 * approximation with the tie-corrected variance and a continuity correction.
 */
function boundRank(
  baseline: Float64Array,
  candidate: Float64Array,
  tail: number,
): { k: number; method: 'exact' | 'normal' } {
  const n = baseline.length;
  const m = candidate.length;
  const test = mannWhitneyUSorted(baseline, candidate, { exact: 'never' });
  if (test.tieSum === 0 && n <= 50 && m <= 50) {
    const cdf = exactUCdf(n, m);
    let k = 0;
    while (k < cdf.length && cdf[k]! <= tail) k++;
    return { k, method: 'exact' };
  }
  const z = normalQuantile(1 - tail);
  const k = Math.floor((n * m) / 2 - z * Math.sqrt(test.variance) + 0.5);
  return { k: Math.min(k, Math.floor((n * m + 1) / 2)), method: 'normal' };
}
