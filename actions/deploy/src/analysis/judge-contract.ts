import type { Verdict } from '../../../../shared/result/phase-result.js';
import type { RoleSample } from '../metrics/role-sample.js';

/**
 * The contract between strategies and the statistical judge. A strategy collects cumulative
 * samples for baseline and candidate since the step began (or since the candidate started) and
 * asks the judge at every look; the judge keeps its sequential state between looks itself, so the
 * false-rollback rate stays bounded however often it is asked.
 */
export interface JudgeThresholds {
  /** Largest error ratio the SLO allows (1 - availability target), e.g. 0.0001 for 99.99 %. */
  maxErrorRate: number;
  /** Absolute latency targets from monitoring.latency_p95_ms / latency_p99_ms, when set. */
  latencyP95Ms?: number;
  latencyP99Ms?: number;
  /** Relative tolerances: a candidate may be this much worse than baseline before it fails. */
  latencyTolerance: number; // e.g. 0.10 = +10 % median shift
  errorTolerance: number; // e.g. 0.5 = error rate may be 1.5x baseline's
  /** Error rate at or above this fraction, whatever the baseline, fails at once (kill switch). */
  hardErrorRate?: number;
}

export interface JudgeOptions {
  thresholds: JudgeThresholds;
  /** Type I error for the whole rollout, e.g. 0.01 (always-valid, across all looks). */
  alpha: number;
  /** Fewer requests than this per role is `inconclusive` (no data is never `pass`). */
  minRequests: number;
  /**
   * Optional tuning (defaults in analysis/judge-settings.ts). Two-sided confidence of the
   * intervals that must lie inside the tolerance for `pass`; 0.9 = a one-sided 95 % bound.
   */
  passConfidence?: number;
  /** With `granularity: 'interval'` samples: fewer points per role than this is `inconclusive`. */
  minIntervals?: number;
  /** Mixing scale of the latency mSPRT, in probability-of-superiority units (default 0.05). */
  latencyTau?: number;
  /** Mixing scale of the error-rate mSPRT, in error-proportion units (default from the SLO). */
  errorTau?: number;
}

export type MetricName = 'latency' | 'error_rate' | 'latency_p95' | 'latency_p99';

export interface MetricEvidence {
  metric: MetricName;
  verdict: Verdict;
  baseline: number | null;
  candidate: number | null;
  unit: 'ms' | 'ratio';
  /** Relative effect (candidate/baseline - 1) or Hodges-Lehmann shift in ms for latency. */
  effect: number | null;
  /** Confidence interval of the effect, same unit as `effect`. */
  interval?: [number, number];
  /** Always-valid p-value after this look (monotone non-increasing across looks). */
  pValue?: number;
  /** For latency: the shift as a ratio minus one (+0.12 = 12 % slower) and its interval. */
  relativeEffect?: number;
  relativeInterval?: [number, number];
  baselineN: number;
  candidateN: number;
  /** Which rule fired, in words: "error rate 2.1 % > 1.5 x baseline 0.5 % (mSPRT p=0.003)". */
  rule: string;
}

export interface JudgeVerdict {
  verdict: Exclude<Verdict, 'not_assessed'>;
  /** 0..100, like Kayenta's score, for display only; the verdict decides. */
  score: number;
  metrics: MetricEvidence[];
  look: number;
  summary: string;
}

export interface CanaryJudgeLike {
  /** Judge cumulative samples; call once per look. */
  look(baseline: RoleSample, candidate: RoleSample): JudgeVerdict;
}

/** Before a canary starts: what the planned traffic can detect. */
export interface PowerEstimate {
  /** Smallest relative latency increase detected with the given power, e.g. 0.12 = +12 %. */
  minDetectableLatencyIncrease: number;
  /** Smallest error-rate multiple detected, e.g. 2.0 = doubling. */
  minDetectableErrorRatio: number;
  expectedRequestsPerRole: number;
  power: number;
  adequate: boolean;
  advice: string;
}
