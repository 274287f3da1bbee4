/**
 * The judge's options from the environment: the SLO gives the allowed and the kill-switch error
 * rates and the absolute latency targets (analysis/slo-thresholds.ts), deploy.analysis gives the
 * relative tolerances, alpha and the minimum sample.
 */
import type { DeploySettings, EnvironmentConfig } from '../../../../shared/config/types.js';
import type { JudgeOptions } from '../analysis/judge-contract.js';
import { thresholdsFromSlo } from '../analysis/slo-thresholds.js';

export function judgeOptionsFor(environment: EnvironmentConfig, settings: DeploySettings): JudgeOptions {
  return {
    thresholds: thresholdsFromSlo(environment, {
      latencyTolerance: settings.analysis.latencyTolerance,
      errorTolerance: settings.analysis.errorTolerance,
      // Latency from Prometheus is a quantile series, not per-request values.
      ignoreLatencyTargets: settings.analysis.source === 'prometheus',
    }),
    alpha: settings.analysis.alpha,
    minRequests: settings.analysis.minRequests,
  };
}
