/**
 * What the verdict-quality bench simulates (issue 5, "Benchmarks -> Verdict quality"): the
 * service model with its nuisance effects, the traffic regimes, the rollout plan and the catalogue
 * of injected changes. Plain data, so that the bench, the workers and the test agree on it.
 */

/** The unchanged service plus the nuisances that make a naive comparison cry wolf. */
export interface ServiceModel {
  medianMs: number;
  /** Sigma of log-latency. */
  sigma: number;
  errorRate: number;
  /** Per run, each fresh instance (baseline, candidate) gets a log-latency offset ~ N(0, sd). */
  instanceBiasSd: number;
  /** AR(1) per-minute log-latency level shared by all instances (load, downstreams). */
  sharedLevel: { phi: number; sd: number };
  /** AR(1) per-minute log-latency level of each fresh instance (its own GC, neighbours). */
  instanceLevel: { phi: number; sd: number };
  /**
   * Warm-up of a freshly started instance: latency x (1 + A exp(-t / decaySeconds)) during the
   * first `durationSeconds`, with A = amplitude x exp(N(0, amplitudeLogSd)) drawn per instance.
   */
  warmup: { amplitude: number; amplitudeLogSd: number; decaySeconds: number; durationSeconds: number };
}

export const SERVICE: ServiceModel = {
  medianMs: 100,
  sigma: 0.5,
  errorRate: 0.005,
  instanceBiasSd: 0.03,
  sharedLevel: { phi: 0.8, sd: 0.05 },
  instanceLevel: { phi: 0.7, sd: 0.01 },
  warmup: { amplitude: 1, amplitudeLogSd: 0.2, decaySeconds: 15, durationSeconds: 60 },
};

export interface TrafficRegime {
  name: 'normal' | 'low';
  /** Requests per second reaching the whole service. */
  requestsPerSecond: number;
}

export const REGIMES: readonly TrafficRegime[] = [
  { name: 'normal', requestsPerSecond: 100 },
  { name: 'low', requestsPerSecond: 5 },
];

export interface RolloutPlan {
  /** One look at the end of every interval. */
  looks: number;
  lookSeconds: number;
  /** Traffic share of the candidate, and of the baseline, each. */
  sharePerRole: number;
  /** Minutes a promoted build serves all traffic before a human would notice a regression. */
  exposureAfterPromotionMinutes: number;
}

export const PLAN: RolloutPlan = { looks: 10, lookSeconds: 60, sharePerRole: 0.1, exposureAfterPromotionMinutes: 60 };

/**
 * unchanged / harmless: any rollback is a false rollback. harmful: any rollback is a detection.
 * tolerated: within the tolerance the judge is configured with (+5 %, +10 %, errors x1.5); shown
 * in the matrix but counted in neither rate, because "right" depends on the team's policy.
 */
export type ChangeClass = 'unchanged' | 'harmless' | 'tolerated' | 'harmful';

export interface Change {
  id: string;
  label: string;
  class: ChangeClass;
  /** Multiplies every candidate latency. */
  latencyFactor: number;
  /** Multiplies the latency of the slowest `tailShare` of requests (by their own draw). */
  tailFactor: number;
  tailShare: number;
  /** Sigma of the candidate's log-latency. */
  sigma: number;
  errorRate: number;
  /** First look (1-based minute) whose traffic carries the change: 1 = from launch. */
  onsetLook: number;
}

function change(id: string, label: string, cls: ChangeClass, overrides: Partial<Change>): Change {
  return {
    id,
    label,
    class: cls,
    latencyFactor: 1,
    tailFactor: 1,
    tailShare: 0.05,
    sigma: SERVICE.sigma,
    errorRate: SERVICE.errorRate,
    onsetLook: 1,
    ...overrides,
  };
}

/** Harmful and tolerated changes run from launch and from look 5; harmless ones from launch. */
export function changeCatalogue(midRunLook = 5): Change[] {
  const timed: Change[] = [
    change('lat+5', 'latency +5 %', 'tolerated', { latencyFactor: 1.05 }),
    change('lat+10', 'latency +10 %', 'tolerated', { latencyFactor: 1.1 }),
    change('lat+20', 'latency +20 %', 'harmful', { latencyFactor: 1.2 }),
    change('lat+60', 'latency +60 %', 'harmful', { latencyFactor: 1.6 }),
    change('tail', 'tail: slowest 5 % x2', 'harmful', { tailFactor: 2 }),
    change('err0.75', 'errors 0.5 -> 0.75 %', 'tolerated', { errorRate: 0.0075 }),
    change('err1', 'errors 0.5 -> 1 %', 'harmful', { errorRate: 0.01 }),
    change('err2', 'errors 0.5 -> 2 %', 'harmful', { errorRate: 0.02 }),
    change('err5', 'errors 0.5 -> 5 %', 'harmful', { errorRate: 0.05 }),
  ];
  return [
    change('none', 'unchanged', 'unchanged', {}),
    change('faster', 'improvement: latency -10 %', 'harmless', { latencyFactor: 0.9 }),
    change('variance', 'variance only: sigma 0.5 -> 0.55', 'harmless', { sigma: 0.55 }),
    ...timed,
    ...timed.map((c) => ({
      ...c,
      id: `${c.id}@${midRunLook}`,
      label: `${c.label}, from look ${midRunLook}`,
      onsetLook: midRunLook,
    })),
  ];
}

export interface Cell {
  regime: TrafficRegime;
  change: Change;
}

export function cellMatrix(): Cell[] {
  return REGIMES.flatMap((regime) => changeCatalogue().map((c) => ({ regime, change: c })));
}
