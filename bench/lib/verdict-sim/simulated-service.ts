/**
 * One simulated rollout: per minute and per role (baseline, candidate), the requests the two fresh
 * instances served, drawn from the service model with its nuisances and the injected change. All
 * three decision rules read the same run, so their differences are the rules', not the dice's.
 */
import { SeededRandom } from '../../../actions/deploy/src/analysis/seeded-random.js';
import { normalQuantile } from '../../../actions/deploy/src/analysis/normal-distribution.js';
import type { Change, RolloutPlan, ServiceModel, TrafficRegime } from './scenario.js';

/** The requests one role served during one look interval. */
export interface IntervalSample {
  latenciesMs: Float64Array;
  /** 1 = failed request. */
  failed: Uint8Array;
  /** Seconds since the start of the interval. */
  offsets: Float64Array;
  errors: number;
}

export interface SimulatedRun {
  /** intervals[k] = look k+1. */
  baseline: IntervalSample[];
  candidate: IntervalSample[];
  /** The nuisance draws, for tests and diagnosis. */
  nuisance: { baselineBias: number; candidateBias: number; baselineWarmup: number; candidateWarmup: number };
}

export interface RunSpec {
  service: ServiceModel;
  regime: TrafficRegime;
  plan: RolloutPlan;
  change: Change;
}

class Ar1 {
  private value: number;
  constructor(
    private readonly rng: SeededRandom,
    private readonly phi: number,
    private readonly sd: number,
  ) {
    this.value = rng.normal(0, sd); // start in the stationary distribution
  }
  next(): number {
    const current = this.value;
    this.value = this.phi * this.value + this.rng.normal(0, this.sd * Math.sqrt(1 - this.phi * this.phi));
    return current;
  }
}

export function simulateRun(seed: number, spec: RunSpec): SimulatedRun {
  const { service, regime, plan, change } = spec;
  const rng = new SeededRandom(seed);
  // Separate streams per concern, so a change in one role's request count does not reshuffle the
  // nuisances of the other (common random numbers across cells of the same seed).
  const nuisanceRng = rng.fork();
  const baselineRng = rng.fork();
  const candidateRng = rng.fork();
  const shared = new Ar1(nuisanceRng, service.sharedLevel.phi, service.sharedLevel.sd);
  const levels = [
    new Ar1(nuisanceRng, service.instanceLevel.phi, service.instanceLevel.sd),
    new Ar1(nuisanceRng, service.instanceLevel.phi, service.instanceLevel.sd),
  ];
  const bias = [nuisanceRng.normal(0, service.instanceBiasSd), nuisanceRng.normal(0, service.instanceBiasSd)];
  const warm = service.warmup;
  const amplitude = [0, 1].map(() => warm.amplitude * Math.exp(nuisanceRng.normal(0, warm.amplitudeLogSd)));
  const perInterval = Math.round(regime.requestsPerSecond * plan.lookSeconds);
  const mu = Math.log(service.medianMs);
  const tailZ = normalQuantile(1 - change.tailShare);
  const out: SimulatedRun = {
    baseline: [],
    candidate: [],
    nuisance: {
      baselineBias: bias[0]!,
      candidateBias: bias[1]!,
      baselineWarmup: amplitude[0]!,
      candidateWarmup: amplitude[1]!,
    },
  };
  for (let look = 1; look <= plan.looks; look++) {
    const level = shared.next();
    for (const role of [0, 1] as const) {
      const r = role === 0 ? baselineRng : candidateRng;
      const changed = role === 1 && look >= change.onsetLook;
      const sigma = changed ? change.sigma : service.sigma;
      const factor = changed ? change.latencyFactor : 1;
      const tailFactor = changed ? change.tailFactor : 1;
      const errorRate = changed ? change.errorRate : service.errorRate;
      const location = mu + level + levels[role]!.next() + bias[role]!;
      const n = r.binomial(perInterval, plan.sharePerRole);
      const sample: IntervalSample = {
        latenciesMs: new Float64Array(n),
        failed: new Uint8Array(n),
        offsets: new Float64Array(n),
        errors: 0,
      };
      for (let i = 0; i < n; i++) {
        const offset = r.next() * plan.lookSeconds;
        const z = r.normal();
        let latency = Math.exp(location + sigma * z) * factor;
        if (z > tailZ) latency *= tailFactor;
        const age = (look - 1) * plan.lookSeconds + offset;
        if (age < warm.durationSeconds) latency *= 1 + amplitude[role]! * Math.exp(-age / warm.decaySeconds);
        sample.latenciesMs[i] = latency;
        sample.offsets[i] = offset;
        if (r.next() < errorRate) {
          sample.failed[i] = 1;
          sample.errors++;
        }
      }
      (role === 0 ? out.baseline : out.candidate).push(sample);
    }
  }
  return out;
}
