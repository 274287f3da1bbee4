/**
 * Absolute latency targets (the SLO's p95 / p99) on the candidate. "p95 > T" is the same
 * statement as "more than 5 % of requests are slower than T", a proportion with a known null
 * variance, so it gets an always-valid test like the error rate does. A candidate is only failed
 * on it while the baseline meets the target: if the stable version is just as slow, rolling back
 * does not help and the comparison with the baseline (latency shift) is the one that matters.
 *
 * Interval samples (one value per scrape interval from Prometheus) are not requests: there the
 * check asks whether the typical interval value (the median, share 50 %) exceeds the target.
 */
import { wilsonInterval } from './two-proportion.js';
import { formatMs, formatP, formatPercent, sortedQuantile } from './evidence-format.js';
import type { MetricEvidence } from './judge-contract.js';
import type { ResolvedJudgeOptions } from './judge-settings.js';
import type { MixtureSprt } from './msprt.js';
import { normalQuantile } from './normal-distribution.js';
import { exceedanceStatistic } from './sequential-statistics.js';

export function latencyTargetEvidence(
  metric: 'latency_p95' | 'latency_p99',
  targetMs: number,
  granularity: 'request' | 'interval',
  sortedBaselineMs: Float64Array,
  sortedCandidateMs: Float64Array,
  test: MixtureSprt,
  options: ResolvedJudgeOptions,
): MetricEvidence {
  const q = granularity === 'interval' ? 0.5 : metric === 'latency_p95' ? 0.95 : 0.99;
  const share = 1 - q;
  const m = sortedCandidateMs.length;
  const slower = m - upperBound(sortedCandidateMs, targetMs);
  const look = test.update(...args(exceedanceStatistic(slower, m, share)));
  const baselineQ = sortedQuantile(sortedBaselineMs, q);
  const candidateQ = sortedQuantile(sortedCandidateMs, q);
  const what = granularity === 'interval' ? `median interval value` : `p${Math.round(q * 100)}`;
  const evidence = {
    metric,
    unit: 'ms' as const,
    baseline: baselineQ,
    candidate: candidateQ,
    effect: baselineQ > 0 ? candidateQ / baselineQ - 1 : null,
    pValue: look.pValue,
    baselineN: sortedBaselineMs.length,
    candidateN: m,
  };
  const facts =
    `candidate ${what} ${formatMs(candidateQ)} vs target ${formatMs(targetMs)}: ${formatPercent(slower / m)} ` +
    `of ${granularity === 'interval' ? 'intervals' : 'requests'} slower (limit ${formatPercent(share)}), baseline ${what} ${formatMs(baselineQ)}`;

  if (look.rejected && candidateQ > targetMs) {
    if (baselineQ <= targetMs) {
      return { ...evidence, verdict: 'fail', rule: `${facts} (mSPRT ${formatP(look.pValue)})` };
    }
    return {
      ...evidence,
      verdict: 'marginal',
      rule: `${facts}; the baseline misses the target too, so it is not the candidate's regression`,
    };
  }
  const z = normalQuantile(1 - (1 - options.passConfidence) / 2);
  if (wilsonInterval(slower, m, z)[1] <= share) {
    return { ...evidence, verdict: 'pass', rule: `${facts}: within target` };
  }
  if (candidateQ > targetMs) {
    return {
      ...evidence,
      verdict: 'marginal',
      rule: `${facts}: above target but not significant yet (mSPRT ${formatP(look.pValue)})`,
    };
  }
  return { ...evidence, verdict: 'inconclusive', rule: `${facts}: not yet shown within target` };
}

/** Number of values <= x in an ascending array. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function args(statistic: { estimate: number; variance: number }): [number, number] {
  return [statistic.estimate, statistic.variance];
}
