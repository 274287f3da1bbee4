/**
 * The latency metric of one look: is the candidate slower than the baseline by more than the
 * relative tolerance? Latencies are compared on the log scale, where "x% slower" is a location
 * shift: the Hodges-Lehmann shift of log-latencies is the typical slow-down ratio, its Moses
 * interval is distribution-free, and the always-valid test runs on the rank statistic that the
 * same interval inverts (sequential-statistics.ts). The shift is also shown in milliseconds at
 * the baseline median, because that is what people read.
 */
import { formatInterval, formatMs, formatP, formatSignedPercent, sortedQuantile } from './evidence-format.js';
import { hodgesLehmannSorted } from './hodges-lehmann.js';
import type { MetricEvidence } from './judge-contract.js';
import type { ResolvedJudgeOptions } from './judge-settings.js';
import type { MixtureSprt } from './msprt.js';
import { PairwiseDifferences } from './pairwise-differences.js';
import { rankShiftStatistic } from './sequential-statistics.js';

/** log(0) is -Infinity; a sub-microsecond latency is a measurement artefact anyway. */
const MIN_LATENCY_MS = 1e-3;

export function logOfSorted(sortedMs: Float64Array): Float64Array {
  const out = new Float64Array(sortedMs.length);
  for (let i = 0; i < sortedMs.length; i++) out[i] = Math.log(Math.max(MIN_LATENCY_MS, sortedMs[i]!));
  return out;
}

export function latencyShiftEvidence(
  sortedBaselineMs: Float64Array,
  sortedCandidateMs: Float64Array,
  test: MixtureSprt,
  options: ResolvedJudgeOptions,
): MetricEvidence {
  const tolerance = options.thresholds.latencyTolerance;
  const logBaseline = logOfSorted(sortedBaselineMs);
  const logCandidate = logOfSorted(sortedCandidateMs);
  const differences = new PairwiseDifferences(logBaseline, logCandidate);
  const statistic = rankShiftStatistic(differences, Math.log1p(tolerance));
  const look = test.update(statistic.estimate, statistic.variance);
  const hl = hodgesLehmannSorted(logBaseline, logCandidate, { confidence: options.passConfidence }, differences);

  const baselineMedian = sortedQuantile(sortedBaselineMs, 0.5);
  const candidateMedian = sortedQuantile(sortedCandidateMs, 0.5);
  const relativeEffect = Math.expm1(hl.estimate);
  const relativeInterval: [number, number] = [Math.expm1(hl.lower), Math.expm1(hl.upper)];
  const evidence = {
    metric: 'latency' as const,
    unit: 'ms' as const,
    baseline: baselineMedian,
    candidate: candidateMedian,
    effect: baselineMedian * relativeEffect,
    interval: [baselineMedian * relativeInterval[0], baselineMedian * relativeInterval[1]] as [number, number],
    relativeEffect,
    relativeInterval,
    pValue: look.pValue,
    baselineN: sortedBaselineMs.length,
    candidateN: sortedCandidateMs.length,
  };
  const level = `${Math.round(options.passConfidence * 100)} % CI`;
  const shift =
    `latency shift ${formatSignedPercent(relativeEffect)} (${formatMs(evidence.effect)} at baseline median ` +
    `${formatMs(baselineMedian)}; ${level} ${formatInterval(relativeInterval, formatSignedPercent)})`;
  const limit = `tolerance ${formatSignedPercent(tolerance)}`;

  if (look.rejected && relativeEffect > tolerance) {
    return { ...evidence, verdict: 'fail', rule: `${shift} > ${limit} (mSPRT ${formatP(look.pValue)})` };
  }
  if (relativeInterval[1] <= tolerance) {
    return { ...evidence, verdict: 'pass', rule: `${shift} within ${limit}` };
  }
  if (relativeEffect > tolerance) {
    return {
      ...evidence,
      verdict: 'marginal',
      rule: `${shift} > ${limit} but not significant yet (mSPRT ${formatP(look.pValue)})`,
    };
  }
  return { ...evidence, verdict: 'inconclusive', rule: `${shift}: interval not yet within ${limit}` };
}
