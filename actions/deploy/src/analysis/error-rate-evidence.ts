/**
 * The error-rate metric of one look: three always-valid tests on the cumulative counts and the
 * intervals that decide `pass`.
 * - relative: H0 p_c <= (1 + tolerance) p_b (score statistic, see two-proportion.ts);
 * - hard limit: H0 p_c <= hardErrorRate, whatever the baseline (kill switch);
 * - SLO: H0 p_c <= maxErrorRate; only fails the candidate while the baseline is within the SLO
 *   (when the stable version breaks the SLO too, rolling back would not fix it).
 * `pass` needs the upper confidence bound of p_c - p_b within tolerance x max(p_b, allowed rate):
 * the floor at the SLO's allowed rate lets a build with zero errors against a baseline with zero
 * errors pass, which a pure ratio never could.
 */
import { formatInterval, formatP, formatPercent } from './evidence-format.js';
import type { MetricEvidence } from './judge-contract.js';
import type { MixtureSprt } from './msprt.js';
import { errorExcessStatistic, exceedanceStatistic } from './sequential-statistics.js';
import { twoProportionTest, type ProportionCounts } from './two-proportion.js';
import type { ResolvedJudgeOptions } from './judge-settings.js';

export interface ErrorRateTests {
  relative: MixtureSprt;
  hard?: MixtureSprt;
  slo?: MixtureSprt;
}

export function errorRateEvidence(
  counts: ProportionCounts,
  tests: ErrorRateTests,
  options: ResolvedJudgeOptions,
): MetricEvidence {
  const { thresholds } = options;
  const n0 = counts.baselineRequests;
  const n1 = counts.candidateRequests;
  const pb = counts.baselineErrors / n0;
  const pc = counts.candidateErrors / n1;
  const ratio = 1 + thresholds.errorTolerance;
  const base = {
    metric: 'error_rate' as const,
    unit: 'ratio' as const,
    baseline: pb,
    candidate: pc,
    baselineN: n0,
    candidateN: n1,
  };

  const relative = tests.relative.update(...statisticArgs(errorExcessStatistic(counts, thresholds.errorTolerance)));
  const hard = tests.hard?.update(
    ...statisticArgs(exceedanceStatistic(counts.candidateErrors, n1, thresholds.hardErrorRate!)),
  );
  const slo = tests.slo?.update(
    ...statisticArgs(exceedanceStatistic(counts.candidateErrors, n1, thresholds.maxErrorRate)),
  );

  const fixed = twoProportionTest(counts, { tolerance: thresholds.errorTolerance, confidence: options.passConfidence });
  const effect = pb > 0 ? pc / pb - 1 : null;
  const interval: [number, number] = [fixed.ratioInterval[0] - 1, fixed.ratioInterval[1] - 1];
  const evidence = { ...base, effect, interval, pValue: relative.pValue };
  const versus = `baseline ${formatPercent(pb)} (${counts.candidateErrors}/${n1} vs ${counts.baselineErrors}/${n0})`;

  if (hard?.rejected && pc >= thresholds.hardErrorRate!) {
    return {
      ...evidence,
      verdict: 'fail',
      pValue: hard.pValue,
      rule: `error rate ${formatPercent(pc)} >= hard limit ${formatPercent(thresholds.hardErrorRate)}, ${versus} (mSPRT ${formatP(hard.pValue)})`,
    };
  }
  if (relative.rejected && pc > ratio * pb) {
    return {
      ...evidence,
      verdict: 'fail',
      rule: `error rate ${formatPercent(pc)} > ${ratio} x ${versus} (mSPRT ${formatP(relative.pValue)})`,
    };
  }
  if (slo?.rejected && pc > thresholds.maxErrorRate && pb <= thresholds.maxErrorRate) {
    return {
      ...evidence,
      verdict: 'fail',
      pValue: slo.pValue,
      rule: `error rate ${formatPercent(pc)} > SLO allowed ${formatPercent(thresholds.maxErrorRate)} while ${versus} is within it (mSPRT ${formatP(slo.pValue)})`,
    };
  }
  const margin = thresholds.errorTolerance * Math.max(pb, thresholds.maxErrorRate);
  const upper = fixed.differenceInterval[1];
  const level = `${Math.round(options.passConfidence * 100)} % CI`;
  if (upper <= margin) {
    return {
      ...evidence,
      verdict: 'pass',
      rule: `error rate ${formatPercent(pc)} vs ${versus}: difference ${level} ${formatInterval(fixed.differenceInterval, formatPercent)} within tolerance ${formatPercent(margin)}`,
    };
  }
  if (pc > ratio * pb) {
    return {
      ...evidence,
      verdict: 'marginal',
      rule: `error rate ${formatPercent(pc)} > ${ratio} x ${versus} but not significant yet (mSPRT ${formatP(relative.pValue)})`,
    };
  }
  return {
    ...evidence,
    verdict: 'inconclusive',
    rule: `error rate ${formatPercent(pc)} vs ${versus}: difference ${level} ${formatInterval(fixed.differenceInterval, formatPercent)} not yet within tolerance ${formatPercent(margin)}`,
  };
}

function statisticArgs(statistic: { estimate: number; variance: number }): [number, number] {
  return [statistic.estimate, statistic.variance];
}
