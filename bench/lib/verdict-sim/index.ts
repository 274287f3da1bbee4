/** The verdict-quality simulation of bench/deploy-verdict.mjs: service model, rules, cell runner. */
export {
  cellMatrix,
  changeCatalogue,
  PLAN,
  REGIMES,
  SERVICE,
  type Cell,
  type Change,
  type ChangeClass,
  type RolloutPlan,
  type ServiceModel,
  type TrafficRegime,
} from './scenario.js';
export { simulateRun, type IntervalSample, type RunSpec, type SimulatedRun } from './simulated-service.js';
export type { Decision } from './decision.js';
export { decideOurs, OUR_JUDGE_OPTIONS } from './our-rule.js';
export {
  classifyMetric,
  decideKayenta,
  errorRatioSeries,
  KAYENTA_OPTIONS,
  kayentaScore,
  type KayentaClass,
  type KayentaOptions,
} from './kayenta-rule.js';
export {
  decideFlagger,
  FLAGGER_OPTIONS,
  flaggerChecksPass,
  sampleQuantile,
  type FlaggerOptions,
} from './flagger-rule.js';
export {
  excessBadShare,
  mergeCellStats,
  runCellSeeds,
  RULES,
  type CellStats,
  type RuleName,
  type RuleStats,
} from './cell-stats.js';
