/**
 * Before a canary starts: can its planned traffic detect the regressions we care about? When not,
 * warn, lengthen the steps (doubling, within the progress deadline) or refuse to start.
 */
import type { DeploySettings, EnvironmentConfig } from '../../../../shared/config/types.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import type { JudgeOptions, PowerEstimate } from '../analysis/judge-contract.js';
import type { RolloutPlan } from '../strategies/strategy.js';
import type { DeployDetails, DeployPorts } from './types.js';

export interface PowerDecision {
  power?: NonNullable<DeployDetails['power']>;
  /** Step interval to use (lengthened by `extend`). */
  stepIntervalSeconds: number;
  refused: boolean;
}

/** Requests per second assumed when expected_load does not say. */
export const DEFAULT_RPS = 10;

export function checkPower(
  environment: EnvironmentConfig,
  settings: DeploySettings,
  judge: JudgeOptions,
  planFor: (stepIntervalSeconds: number) => RolloutPlan,
  ports: Pick<DeployPorts, 'estimatePower'>,
  logger: Logger,
): PowerDecision {
  const interval = settings.stepIntervalSeconds;
  if (!ports.estimatePower) return { stepIntervalSeconds: interval, refused: false };
  const target = settings.analysis.power;
  const estimate = (seconds: number): PowerEstimate =>
    (ports.estimatePower as NonNullable<DeployPorts['estimatePower']>)({
      judge,
      requestsPerSecond: environment.expectedLoad.requestsPerSecond ?? DEFAULT_RPS,
      steps: planFor(seconds)
        .steps.filter((s) => s.analysisSeconds > 0)
        .map((s) => ({ share: s.comparedShare, seconds: s.analysisSeconds })),
      targetLatencyIncrease: target.minDetectableLatencyIncrease,
      targetErrorRatio: target.minDetectableErrorRatio,
    });
  let current = estimate(interval);
  if (current.adequate) return { power: { ...current, action: 'none' }, stepIntervalSeconds: interval, refused: false };
  const weak =
    `the planned canary can only detect latency +${(current.minDetectableLatencyIncrease * 100).toFixed(0)} % ` +
    `and error rate x${current.minDetectableErrorRatio.toFixed(1)} (wanted +${(target.minDetectableLatencyIncrease * 100).toFixed(0)} % ` +
    `and x${target.minDetectableErrorRatio}); ${current.advice}`;
  if (target.onWeak === 'refuse') {
    logger.error(`${weak}; power.on_weak is refuse, so the rollout does not start`);
    return { power: { ...current, action: 'refused' }, stepIntervalSeconds: interval, refused: true };
  }
  if (target.onWeak === 'extend') {
    const judgedSteps = planFor(interval).steps.filter((s) => s.analysisSeconds > 0).length || 1;
    let seconds = interval;
    while (!current.adequate && seconds * 2 * judgedSteps <= settings.progressDeadlineSeconds) {
      seconds *= 2;
      current = estimate(seconds);
    }
    logger.warning(
      `${weak}; steps lengthened from ${interval} s to ${seconds} s${current.adequate ? '' : ' (still too weak within the progress deadline)'}`,
    );
    return { power: { ...current, action: 'extended' }, stepIntervalSeconds: seconds, refused: false };
  }
  logger.warning(weak);
  return { power: { ...current, action: 'warned' }, stepIntervalSeconds: interval, refused: false };
}
