/**
 * Our rule: the statistical judge, asked once per minute on the cumulative samples of both roles
 * since launch; roll back on the first `fail`, otherwise promote after the last look (its final
 * verdict, e.g. `inconclusive`, is recorded separately).
 */
import { createCanaryJudge } from '../../../actions/deploy/src/analysis/canary-judge.js';
import type { JudgeOptions } from '../../../actions/deploy/src/analysis/judge-contract.js';
import type { RoleSample } from '../../../actions/deploy/src/metrics/role-sample.js';
import type { Decision } from './decision.js';
import type { IntervalSample, SimulatedRun } from './simulated-service.js';
import type { RolloutPlan } from './scenario.js';

/**
 * Availability target 99 % -> allowed error rate 1 %, hard limit 14.4 x 1 % (the fast-burn page
 * of a 30-day window, as thresholdsFromSlo derives it); default relative tolerances; the same
 * p99 <= 500 ms target Flagger checks, so the two see the same absolute limit.
 */
export const OUR_JUDGE_OPTIONS: JudgeOptions = {
  thresholds: {
    maxErrorRate: 0.01,
    hardErrorRate: 0.144,
    latencyTolerance: 0.1,
    errorTolerance: 0.5,
    latencyP99Ms: 500,
  },
  alpha: 0.01,
  minRequests: 50,
};

class Cumulative {
  readonly latencies: number[] = [];
  requests = 0;
  errors = 0;
  add(sample: IntervalSample): void {
    for (let i = 0; i < sample.latenciesMs.length; i++) this.latencies.push(sample.latenciesMs[i]!);
    this.requests += sample.latenciesMs.length;
    this.errors += sample.errors;
  }
  roleSample(role: 'baseline' | 'candidate', toMs: number): RoleSample {
    return {
      role,
      granularity: 'request',
      latenciesMs: this.latencies,
      requests: this.requests,
      errors: this.errors,
      fromMs: 0,
      toMs,
    };
  }
}

export function decideOurs(run: SimulatedRun, plan: RolloutPlan, options: JudgeOptions = OUR_JUDGE_OPTIONS): Decision {
  const judge = createCanaryJudge(options);
  const baseline = new Cumulative();
  const candidate = new Cumulative();
  let firstPassLook: number | undefined;
  let last = 'inconclusive';
  for (let look = 1; look <= plan.looks; look++) {
    baseline.add(run.baseline[look - 1]!);
    candidate.add(run.candidate[look - 1]!);
    const toMs = look * plan.lookSeconds * 1000;
    const verdict = judge.look(baseline.roleSample('baseline', toMs), candidate.roleSample('candidate', toMs));
    last = verdict.verdict;
    if (verdict.verdict === 'fail') return { action: 'rollback', look, finalState: 'fail', firstPassLook };
    if (verdict.verdict === 'pass' && firstPassLook === undefined) firstPassLook = look;
  }
  return { action: 'promote', look: plan.looks, finalState: last, firstPassLook };
}
