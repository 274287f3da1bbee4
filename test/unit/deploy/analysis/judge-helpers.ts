import type { SeededRandom } from '../../../../actions/deploy/src/analysis/seeded-random.js';
import type { JudgeThresholds } from '../../../../actions/deploy/src/analysis/judge-contract.js';
import type { RoleSample } from '../../../../actions/deploy/src/metrics/role-sample.js';

export const THRESHOLDS: JudgeThresholds = {
  maxErrorRate: 0.01,
  hardErrorRate: 0.144,
  latencyTolerance: 0.1,
  errorTolerance: 0.5,
  latencyP95Ms: 500,
  latencyP99Ms: 1000,
};

/** A simulated service: lognormal latency (median `medianMs`, sigma 0.5) and Bernoulli errors. */
export class SimulatedRole {
  readonly latenciesMs: number[] = [];
  requests = 0;
  errors = 0;

  constructor(
    private readonly role: 'baseline' | 'candidate',
    private readonly random: SeededRandom,
    private readonly medianMs: number,
    private readonly errorRate: number,
    private readonly sigma = 0.5,
  ) {}

  /** Serve n more requests; returns the cumulative sample. */
  serve(n: number): RoleSample {
    for (let i = 0; i < n; i++) this.latenciesMs.push(this.random.lognormal(Math.log(this.medianMs), this.sigma));
    this.requests += n;
    this.errors += this.random.binomial(n, this.errorRate);
    return this.sample();
  }

  sample(): RoleSample {
    return {
      role: this.role,
      granularity: 'request',
      latenciesMs: this.latenciesMs,
      requests: this.requests,
      errors: this.errors,
      fromMs: 0,
      toMs: 1,
    };
  }
}

export function emptySample(role: 'baseline' | 'candidate'): RoleSample {
  return { role, granularity: 'request', latenciesMs: [], requests: 0, errors: 0, fromMs: 0, toMs: 1 };
}
