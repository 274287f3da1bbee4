/** The statistical analysis of a rollout: the canary judge, its tests, power and SLO thresholds. */
export type {
  CanaryJudgeLike,
  JudgeOptions,
  JudgeThresholds,
  JudgeVerdict,
  MetricEvidence,
  MetricName,
  PowerEstimate,
} from './judge-contract.js';
export { CanaryJudge, createCanaryJudge } from './canary-judge.js';
export {
  DEFAULT_LATENCY_TAU,
  DEFAULT_MIN_INTERVALS,
  DEFAULT_PASS_CONFIDENCE,
  defaultErrorTau,
  resolveJudgeOptions,
  splitAlpha,
  type AlphaShares,
  type ResolvedJudgeOptions,
} from './judge-settings.js';
export {
  DEFAULT_ERROR_TOLERANCE,
  DEFAULT_LATENCY_TOLERANCE,
  explainThresholdsFromSlo,
  thresholdsFromSlo,
  type SloThresholdOptions,
  type SloThresholdsExplained,
} from './slo-thresholds.js';
export {
  durationNeededSeconds,
  estimatePower,
  minimumDetectableErrorRatio,
  minimumDetectableLatencyIncrease,
  type PowerInput,
  type PowerPlan,
  type PowerPolicy,
} from './power.js';
export {
  exactUCdf,
  mannWhitneyU,
  mannWhitneyUSorted,
  sortedSample,
  type MannWhitneyOptions,
  type MannWhitneyResult,
} from './mann-whitney.js';
export {
  hodgesLehmann,
  hodgesLehmannSorted,
  type HodgesLehmannOptions,
  type HodgesLehmannResult,
} from './hodges-lehmann.js';
export { PairwiseDifferences } from './pairwise-differences.js';
export {
  restrictedVariance,
  twoProportionTest,
  wilsonInterval,
  type ProportionCounts,
  type TwoProportionOptions,
  type TwoProportionResult,
} from './two-proportion.js';
export {
  logMixtureRatio,
  MixtureSprt,
  msprtCriticalZ,
  type MixtureSprtOptions,
  type SequentialLook,
  type SequentialSide,
} from './msprt.js';
export {
  errorExcessStatistic,
  exceedanceStatistic,
  rankShiftStatistic,
  type SequentialStatistic,
} from './sequential-statistics.js';
export { simulateNullLooks, type NullSimulationOptions, type NullSimulationResult } from './sequential-simulation.js';
export { createSeededRandom, SeededRandom } from './seeded-random.js';
export { logNormalCdf, logNormalSf, normalCdf, normalPdf, normalQuantile, normalSf } from './normal-distribution.js';
export { sampleProblem } from './sample-validation.js';
