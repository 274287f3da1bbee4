/**
 * The engine's analysis ports wired to the real statistical judge and power estimate
 * (analysis/), for the action entry and the demo; unit tests of the rollout machinery pass a
 * stub judge instead.
 */
import type { PowerEstimate } from '../analysis/judge-contract.js';
import { createCanaryJudge } from '../analysis/canary-judge.js';
import { estimatePower } from '../analysis/power.js';
import type { DeployPorts, PowerInput } from './types.js';

/** Spread of log-latency assumed before any data exists (typical of web services). */
export const ASSUMED_LATENCY_LOG_SD = 0.5;

export function analysisPorts(): Pick<DeployPorts, 'createJudge' | 'estimatePower'> {
  return { createJudge: createCanaryJudge, estimatePower: estimateRolloutPower };
}

/**
 * The judge pools every look of a comparison, so a plan's steps count by the requests they bring:
 * the estimate uses their total duration and the time-weighted share.
 */
export function estimateRolloutPower(input: PowerInput): PowerEstimate {
  const seconds = input.steps.reduce((sum, step) => sum + step.seconds, 0);
  const weighted = input.steps.reduce((sum, step) => sum + step.share * step.seconds, 0);
  const plan = estimatePower({
    requestsPerSecond: input.requestsPerSecond,
    candidateShare: seconds > 0 ? Math.max(weighted / seconds, 1e-6) : 1e-6,
    durationSeconds: Math.max(seconds, 1),
    baselineErrorRate: input.judge.thresholds.maxErrorRate,
    latencyLogSd: ASSUMED_LATENCY_LOG_SD,
    thresholds: input.judge.thresholds,
    alpha: input.judge.alpha,
    targets: { latencyIncrease: input.targetLatencyIncrease, errorRatio: input.targetErrorRatio },
  });
  return {
    minDetectableLatencyIncrease: plan.minDetectableLatencyIncrease,
    minDetectableErrorRatio: plan.minDetectableErrorRatio,
    expectedRequestsPerRole: plan.expectedRequestsPerRole,
    power: plan.power,
    adequate: plan.adequate,
    advice: plan.advice,
  };
}
