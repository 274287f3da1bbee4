/**
 * The judge's limits, derived from the environment's SLO rather than typed in twice:
 * - allowed error rate = 1 - availability target (the error budget as a ratio);
 * - hard error rate = the fast-burn rate of the multiwindow policy x that ratio: a candidate
 *   erring this often would spend 2 % of a 30-day budget within an hour if it took all traffic,
 *   which is a page in production, so it fails at once whatever the baseline does;
 * - absolute latency targets = monitoring.latency_p95_ms / latency_p99_ms.
 * The relative tolerances are policy, not SLO: defaults here, overridable by the caller.
 */
import { allowedErrorRatio, multiwindowBurnRateAlerts } from '../../../../shared/config/error-budget.js';
import type { EnvironmentConfig } from '../../../../shared/config/types.js';
import type { JudgeThresholds } from './judge-contract.js';

/** +10 % median latency is the default most teams would call a regression worth a rollback. */
export const DEFAULT_LATENCY_TOLERANCE = 0.1;
/** Error rate may be 1.5x baseline's before the relative test counts it against the candidate. */
export const DEFAULT_ERROR_TOLERANCE = 0.5;

export interface SloThresholdOptions {
  latencyTolerance?: number;
  errorTolerance?: number;
  /** Burn rate that defines the kill switch; default: the fastest paging rate of the policy (14.4 for 30 d). */
  fastBurnRate?: number;
  /** Leave the absolute p95/p99 targets out (e.g. when latency comes from a different quantile series). */
  ignoreLatencyTargets?: boolean;
}

export interface SloThresholdsExplained {
  thresholds: JudgeThresholds;
  /** One sentence per limit saying where it comes from, for the report. */
  reasons: string[];
}

export function thresholdsFromSlo(
  environment: Pick<EnvironmentConfig, 'name' | 'availability' | 'monitoring'>,
  options: SloThresholdOptions = {},
): JudgeThresholds {
  return explainThresholdsFromSlo(environment, options).thresholds;
}

export function explainThresholdsFromSlo(
  environment: Pick<EnvironmentConfig, 'name' | 'availability' | 'monitoring'>,
  options: SloThresholdOptions = {},
): SloThresholdsExplained {
  const target = environment.availability.target;
  const windowSeconds = environment.monitoring.sloWindowSeconds;
  const maxErrorRate = allowedErrorRatio(target);
  const fastest = multiwindowBurnRateAlerts(target, windowSeconds)[0];
  const burn = options.fastBurnRate ?? fastest?.burnRate ?? 14.4;
  if (!(burn > 0)) throw new RangeError(`fast burn rate must be > 0; got ${burn}`);
  const hardErrorRate = Math.min(1, burn * maxErrorRate);
  const latencyTolerance = options.latencyTolerance ?? DEFAULT_LATENCY_TOLERANCE;
  const errorTolerance = options.errorTolerance ?? DEFAULT_ERROR_TOLERANCE;
  if (!(latencyTolerance >= 0) || !(errorTolerance >= 0)) {
    throw new RangeError(`tolerances must be >= 0; got latency ${latencyTolerance}, errors ${errorTolerance}`);
  }
  const thresholds: JudgeThresholds = { maxErrorRate, latencyTolerance, errorTolerance, hardErrorRate };
  const percent = (x: number): string => `${Number((x * 100).toPrecision(3))} %`;
  const reasons = [
    `allowed error rate ${percent(maxErrorRate)} = 1 - availability target ${percent(target)} (${environment.name})`,
    `hard error rate ${percent(hardErrorRate)} = burn rate ${Number(burn.toPrecision(4))} x ${percent(maxErrorRate)}`,
    `relative tolerances: latency +${percent(latencyTolerance)}, error rate x${1 + errorTolerance}`,
  ];
  if (!options.ignoreLatencyTargets) {
    const { latencyP95Ms, latencyP99Ms } = environment.monitoring;
    if (latencyP95Ms > 0) thresholds.latencyP95Ms = latencyP95Ms;
    if (latencyP99Ms > 0) thresholds.latencyP99Ms = latencyP99Ms;
    reasons.push(`latency targets p95 <= ${latencyP95Ms} ms, p99 <= ${latencyP99Ms} ms (monitoring)`);
  }
  return { thresholds, reasons };
}
